using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Http;

/// <summary>
/// Every error is a problem, the server's own included, over a real socket (Kestrel's parser, which TestServer does not
/// run): a request target or headers beyond the service's limits (414, 431 from the service), beyond Kestrel's raised
/// limits (from Kestrel, rewritten), and requests Kestrel cannot read at all (%00 in the path, a malformed line).
/// </summary>
public sealed class ServerErrorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Get_QueryStringOver8KB_Is414ProblemFromTheService()
    {
        using var http = await ClientAsync();

        using var response = await http.GetAsync("/api/v1/records?q=" + new string('a', 9 * 1024), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.15", problem.GetProperty("type").GetString());
        Assert.Equal("/api/v1/records", problem.GetProperty("instance").GetString());
        Assert.Contains("8,192", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_QueryStringJustUnder8KB_IsAnswered()
    {
        using var http = await ClientAsync();
        // 8,192 bytes in all, on an endpoint that reads no query parameter (a filter would refuse so long a value).
        var url = "/health/live?pad=" + new string('a', 8 * 1024 - "/health/live?pad=".Length);

        using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_RequestLineBeyondKestrelsLimit_Is414ProblemWithoutInstance()
    {
        using var http = await ClientAsync();

        using var response = await http.GetAsync("/api/v1/records?q=" + new string('a', 20 * 1024), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.False(problem.TryGetProperty("instance", out _));
        Assert.Contains("request line", problem.GetProperty("detail").GetString());
        Assert.True(response.Headers.ConnectionClose);
    }

    [Theory]
    [InlineData(40 * 1024, true)]
    [InlineData(70 * 1024, false)]
    public async Task Get_HeadersOverTheLimit_Is431Problem(int headerBytes, bool fromTheService)
    {
        using var http = await ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/records");
        request.Headers.Add("X-Padding", new string('a', headerBytes));

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-5", problem.GetProperty("type").GetString());
        Assert.Equal(fromTheService, problem.TryGetProperty("instance", out _));
    }

    [Theory]
    [InlineData("GET /api/v1/records/%00 HTTP/1.1")]
    [InlineData("GET /api/v1/records/a%00b/related HTTP/1.1")]
    [InlineData("GET /api/v1/records?q=%00 HTTP/1.1 x")]
    [InlineData("GET  /api/v1/records HTTP/1.1")]
    [InlineData("GET api/v1/records HTTP/1.1")]
    public async Task Request_KestrelCannotRead_Is400Problem(string requestLine)
    {
        var address = await postgres.ListeningApiAsync();

        var response = await RawAsync(address, $"{requestLine}\r\nHost: {address.Authority}\r\n\r\n");

        var problem = AssertRawProblem(response, 400);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal("Bad Request", problem.GetProperty("title").GetString());
        Assert.Contains("%00", problem.GetProperty("detail").GetString());
        Assert.Contains("Connection: close", response.Head);
    }

    [Fact]
    public async Task Request_MalformedHeader_Is400Problem()
    {
        var address = await postgres.ListeningApiAsync();

        var response = await RawAsync(address, $"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\nBad Header: x\r\n\r\n");

        AssertRawProblem(response, 400);
    }

    [Fact]
    public async Task KeepAlive_GoodRequestThenNul_AnswersTheFirstIntactAndTheSecondAsProblem()
    {
        var address = await postgres.ListeningApiAsync();

        var response = await RawAsync(address,
            $"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\n\r\nGET /api/v1/records/%00 HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response.Text);
        Assert.Contains("{\"status\":\"Healthy\",\"checks\":{}}HTTP/1.1 400 Bad Request\r\n", response.Text);
        var second = response.Text[response.Text.IndexOf("HTTP/1.1 400", StringComparison.Ordinal)..];
        AssertRawProblem(new RawResponse(second), 400);
    }

    [Fact]
    public async Task Rejections_EachHaveTheirOwnTraceId()
    {
        var address = await postgres.ListeningApiAsync();
        var request = $"GET /api/v1/records/%00 HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n";

        var first = AssertRawProblem(await RawAsync(address, request), 400).GetProperty("traceId").GetString();
        var second = AssertRawProblem(await RawAsync(address, request), 400).GetProperty("traceId").GetString();

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-00$", first);
        Assert.NotEqual(first, second);
    }

    private sealed record RawResponse(string Text)
    {
        public string Head => Text[..Text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

        public string Body => Text[(Text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
    }

    /// <summary>A problem answer as the bytes show it: status line, media type, a Content-Length that is the body's, and the problem's members.</summary>
    private static JsonElement AssertRawProblem(RawResponse response, int status)
    {
        Assert.StartsWith($"HTTP/1.1 {status} ", response.Text);
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", response.Head + "\r\n");
        var length = response.Head.Split("\r\n").Single(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal));
        Assert.Equal(Encoding.UTF8.GetByteCount(response.Body), int.Parse(length["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        var problem = JsonDocument.Parse(response.Body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        foreach (var member in new[] { "type", "title", "detail", "traceId" })
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty(member).GetString()), member);
        }

        return problem;
    }

    /// <summary>Sends bytes as they are and reads until the server closes the connection.</summary>
    private static async Task<RawResponse> RawAsync(Uri address, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return new RawResponse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private async Task<HttpClient> ClientAsync() => new() { BaseAddress = await postgres.ListeningApiAsync() };
}
