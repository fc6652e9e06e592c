using System.Buffers;
using System.Security.Cryptography;

namespace RegulationApi.Infrastructure;

/// <summary>
/// A write-only stream that holds a response in chunks rented from the shared pool, so that buffering a page to tag it
/// allocates nothing that outlives the request: a MemoryStream doubles its array as it grows, and a page past 85 KB
/// lands on the large-object heap, whose garbage only a full collection frees.
/// </summary>
internal sealed class PooledBuffer : Stream
{
    private const int ChunkSize = 16 * 1024;
    private readonly List<byte[]> _chunks = [];
    private int _used = ChunkSize;

    public override long Length => _chunks.Count == 0 ? 0 : (_chunks.Count - 1L) * ChunkSize + _used;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_used == ChunkSize)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                _used = 0;
            }

            var n = Math.Min(buffer.Length, ChunkSize - _used);
            buffer[..n].CopyTo(_chunks[^1].AsSpan(_used));
            _used += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>The strong ETag of what was written (<see cref="ETags"/>: the same tag as of the bytes in one piece).</summary>
    public string ETag()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in Chunks())
        {
            hash.AppendData(chunk.Span);
        }

        return ETags.FromHash(hash.GetHashAndReset());
    }

    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunks())
        {
            await destination.WriteAsync(chunk, cancellationToken);
        }
    }

    private IEnumerable<ReadOnlyMemory<byte>> Chunks() =>
        _chunks.Select((chunk, i) => new ReadOnlyMemory<byte>(chunk, 0, i == _chunks.Count - 1 ? _used : ChunkSize));

    protected override void Dispose(bool disposing)
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Position { get => Length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
