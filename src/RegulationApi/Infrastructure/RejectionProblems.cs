using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace RegulationApi.Infrastructure;

/// <summary>
/// Kestrel refuses some requests before any middleware runs, and no setting lets the application answer them: a %00
/// in the path (its URL decoder refuses a NUL), a malformed request line or header, a request line or header set beyond
/// its limits, headers that do not arrive in time. It answers a bare status (Content-Length: 0, Connection: close) and
/// closes the connection. This connection middleware passes every byte Kestrel writes on to the client, except such a
/// bare answer at the end of a connection: that one is rewritten as a problem (application/problem+json with type,
/// title, status, detail and a traceId, which the log quotes beside the connection id). There is no instance: the
/// request's path could not be read.
/// </summary>
internal sealed class RejectionProblems(KestrelServerLimits limits, ILogger<RejectionProblems> logger)
{
    /// <summary>A bare answer is a status line and at most these four fields; longer tails are never one.</summary>
    private const int MaxBareAnswerBytes = 512;

    private static readonly byte[] Http11 = "HTTP/1.1 "u8.ToArray();
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var transport = connection.Transport;
        var pool = connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
        var output = new Pipe(new PipeOptions(pool, useSynchronizationContext: false));
        var pump = PumpAsync(output.Reader, transport.Output, connection.ConnectionId);
        connection.Transport = new DuplexPipe(transport.Input, output.Writer);
        try
        {
            await next(connection);
        }
        finally
        {
            await output.Writer.CompleteAsync();
            await pump;
            connection.Transport = transport;
        }
    }

    private async Task PumpAsync(PipeReader reader, PipeWriter writer, string connectionId)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                // A bare answer ending what Kestrel wrote so far is held until it is known to be the last thing written.
                var held = BareAnswerAtEnd(buffer);
                if (held is { } start && result.IsCompleted)
                {
                    Write(writer, buffer.Slice(0, start));
                    writer.Write(Rewrite(buffer.Slice(start).ToArray(), connectionId));
                    await writer.FlushAsync();
                    reader.AdvanceTo(buffer.End);
                    return;
                }

                var forward = held is { } heldStart ? buffer.Slice(0, heldStart) : buffer;
                Write(writer, forward);
                var flush = await writer.FlushAsync();
                reader.AdvanceTo(forward.End, buffer.End);
                if (result.IsCompleted || flush.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or ConnectionAbortedException)
        {
            // The client is gone: there is no one to answer.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static void Write(PipeWriter writer, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            writer.Write(segment.Span);
        }
    }

    /// <summary>Where a bare error answer begins, when one ends the buffer; null otherwise (a body ends most buffers: one check of four bytes).</summary>
    private static SequencePosition? BareAnswerAtEnd(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < EndOfHeaders.Length)
        {
            return null;
        }

        Span<byte> last = stackalloc byte[4];
        buffer.Slice(buffer.Length - last.Length).CopyTo(last);
        if (!last.SequenceEqual(EndOfHeaders))
        {
            return null;
        }

        var tailLength = (int)Math.Min(buffer.Length, MaxBareAnswerBytes);
        var tail = buffer.Slice(buffer.Length - tailLength).ToArray();

        var start = tail.AsSpan().LastIndexOf(Http11);
        return start >= 0 && IsBareAnswer(tail.AsSpan(start)) ? buffer.GetPosition(buffer.Length - tailLength + start) : null;
    }

    /// <summary>An error status, Content-Length: 0, Connection: close, and no field but those, Date and Server.</summary>
    private static bool IsBareAnswer(ReadOnlySpan<byte> answer)
    {
        var text = Encoding.ASCII.GetString(answer);
        var lines = text[..^EndOfHeaders.Length].Split("\r\n");
        if (lines[0].Length < 12 || lines[0][9] is not ('4' or '5') || !int.TryParse(lines[0].AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var fields = lines.Skip(1).ToList();
        return fields.Contains("Content-Length: 0") && fields.Contains("Connection: close")
            && fields.All(f => f is "Content-Length: 0" or "Connection: close" || f.StartsWith("Date: ", StringComparison.Ordinal)
                               || f.StartsWith("Server: ", StringComparison.Ordinal));
    }

    private byte[] Rewrite(byte[] answer, string connectionId)
    {
        var lines = Encoding.ASCII.GetString(answer)[..^EndOfHeaders.Length].Split("\r\n");
        var status = int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture);
        var traceId = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00";
        logger.LogWarning("Kestrel refused a request on connection {ConnectionId} with {Status}, answered as a problem with traceId {TraceId} " +
                          "(the reason is logged by Microsoft.AspNetCore.Server.Kestrel.BadRequests at Debug)", connectionId, status, traceId);

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = Problems.TypeOf(status) ?? "about:blank",
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["detail"] = Detail(status),
            ["traceId"] = traceId,
        });
        var head = new StringBuilder()
            .Append(lines[0]).Append("\r\n")
            .Append("Content-Type: application/problem+json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n");
        foreach (var field in lines.Skip(1).Where(f => f.StartsWith("Date: ", StringComparison.Ordinal) || f.StartsWith("Server: ", StringComparison.Ordinal)))
        {
            head.Append(field).Append("\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    private string Detail(int status) => status switch
    {
        StatusCodes.Status400BadRequest =>
            "The server could not read the request: its request line or a header is malformed (a %00 in the path, say).",
        StatusCodes.Status414UriTooLong => string.Create(CultureInfo.InvariantCulture,
            $"The request line is longer than the {limits.MaxRequestLineSize:N0} bytes the server reads."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => string.Create(CultureInfo.InvariantCulture,
            $"The request headers are larger than the {limits.MaxRequestHeadersTotalSize:N0} bytes, or more than the {limits.MaxRequestHeaderCount} fields, the server reads."),
        StatusCodes.Status408RequestTimeout => "The request headers did not arrive in time.",
        _ => ReasonPhrases.GetReasonPhrase(status) + ".",
    };

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
