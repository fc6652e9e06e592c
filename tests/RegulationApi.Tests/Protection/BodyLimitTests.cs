using System.Net;
using System.Text;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Protection;

/// <summary>The request body limit (1 MB by default) on a real Kestrel: a larger body is a 413 problem, however it comes.</summary>
public sealed class BodyLimitTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Limit = 1024 * 1024;

    private KestrelHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await KestrelHost.StartAsync((await postgres.SeededApiAsync()).ConnectionString);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/api/v1/test/echo", false)]
    [InlineData("/api/v1/test/echo", true)]
    [InlineData("/api/v1/test/raw", false)]
    [InlineData("/api/v1/test/raw", true)]
    public async Task Post_BodyOverTheLimit_Returns413Problem(string path, bool chunked)
    {
        using var request = Post(path, JsonOfLength(Limit + 1), chunked);

        var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(path, problem.GetProperty("instance").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.14", problem.GetProperty("type").GetString());
        Assert.Equal("The request body is larger than the 1,048,576 bytes this API accepts.", problem.GetProperty("detail").GetString());
    }

    /// <remarks>Kestrel counts a chunked body with its chunk framing (a few bytes a chunk): only a declared length is exact.</remarks>
    [Theory]
    [InlineData("/api/v1/test/echo", false, Limit)]
    [InlineData("/api/v1/test/raw", false, Limit)]
    [InlineData("/api/v1/test/echo", true, Limit - 1000)]
    [InlineData("/api/v1/test/raw", true, Limit - 1000)]
    public async Task Post_BodyAtTheLimit_IsRead(string path, bool chunked, int length)
    {
        using var request = Post(path, JsonOfLength(length), chunked);

        var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(length.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A JSON string of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] JsonOfLength(int length) => Encoding.ASCII.GetBytes("\"" + new string('a', length - 2) + "\"");

    private static HttpRequestMessage Post(string path, byte[] body, bool chunked)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        // Chunked: no Content-Length, so the server only learns the size as it reads.
        request.Headers.TransferEncodingChunked = chunked;
        return request;
    }
}
