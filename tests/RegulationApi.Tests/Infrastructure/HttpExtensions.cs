using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RegulationApi.Tests.Infrastructure;

public static class HttpExtensions
{
    /// <summary>GETs JSON, asserting the status code first (with the body in the failure message).</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Asserts a full RFC 9457 problem: the media type, type, title, status, detail and traceId, no stack trace,
    /// and, for a 400, that <c>errors</c> names <paramref name="parameter"/>.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? parameter = null)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        if (parameter is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(parameter, out _), $"errors should name '{parameter}': {body}");
        }

        return problem;
    }

    public static Task<HttpResponseMessage> FetchAsync(this HttpClient client, string url) =>
        client.GetAsync(url, TestContext.Current.CancellationToken);

    public static IEnumerable<string> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!);

    public static string? StringOrNull(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response) =>
        response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken);
}
