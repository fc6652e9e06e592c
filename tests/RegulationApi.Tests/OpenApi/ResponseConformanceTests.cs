using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.OpenApi;

/// <summary>
/// Every response the service sends is one its OpenAPI document declares. The requests are derived from the
/// document itself, so an operation added later is probed too: its examples, a malformed value of each parameter,
/// an unknown parameter, an unknown id, other media types, a conditional GET, and every method the path lacks.
/// (Besides, <see cref="DeclaredResponses"/> holds every response of every test to the same rule.)
/// </summary>
public sealed class ResponseConformanceTests(PostgresFixture postgres)
{
    /// <summary>A seed record with relations both ways, for path parameters that have no example.</summary>
    private const string KnownId = Contract.RepealedId;

    private static readonly string[] ProbedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>One request of the corpus; a body is sent as <see cref="BodyType"/>; <see cref="HeaderPadding"/> bytes of an extra header make the header set large.</summary>
    internal sealed record Probe(string Method, string Url, string? Accept = null, string? Body = null, string BodyType = "application/json", string? IfNoneMatch = null,
        int HeaderPadding = 0)
    {
        public override string ToString() =>
            $"{Method} {(Url.Length > 120 ? Url[..120] + "…" : Url)}{(Accept is null ? "" : $" [Accept: {Accept}]")}{(IfNoneMatch is null ? "" : $" [If-None-Match: {IfNoneMatch}]")}" +
            (Body is null ? "" : $" [{BodyType}: {(Body.Length > 40 ? Body[..40] + "…" : Body)}]") + (HeaderPadding == 0 ? "" : $" [X-Padding: {HeaderPadding} bytes]");
    }

    [Fact]
    public async Task EveryOperation_BroadRequestCorpus_AnswersOnlyDeclaredStatusesAndMediaTypes()
    {
        // Arrange: the listening service, and a client that shows each response as it is (no redirects followed)
        var address = await postgres.ListeningApiAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        var document = new ApiDocument(await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        Assert.NotEmpty(document.Operations);

        // Act: each probe, and for every 200 with an ETag the same request made conditional
        var exchanges = new List<(Probe Probe, int Status, string? ContentType)>();
        var probes = new Queue<Probe>(Corpus(document));
        while (probes.TryDequeue(out var probe))
        {
            using var response = await http.SendAsync(Request(probe), TestContext.Current.CancellationToken);
            exchanges.Add((probe, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString()));
            if (probe is { Method: "GET" or "HEAD", IfNoneMatch: null } && (int)response.StatusCode == 200 && response.Headers.ETag is { } etag)
            {
                probes.Enqueue(probe with { IfNoneMatch = etag.Tag });
            }
        }

        // Assert: each response is declared; and the corpus did reach successes, 304s and each kind of error
        var undeclared = exchanges
            .Select(e => (e.Probe, Problem: document.Undeclared(e.Probe.Method, e.Probe.Url.Split('?')[0], e.Status, e.ContentType), e.Status, e.ContentType))
            .Where(e => e.Problem is not null)
            .Select(e => $"{e.Probe} -> {e.Status} {e.ContentType}: {e.Problem}")
            .ToList();
        Assert.True(undeclared.Count == 0,
            $"{undeclared.Count} of {exchanges.Count} responses are not declared by the document:\n{string.Join("\n", undeclared)}");
        var statuses = exchanges.Select(e => e.Status).ToHashSet();
        Assert.Superset(new HashSet<int> { 200, 304, 400, 404, 405 }, statuses);
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/records", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/health/live", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/v1/nope", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/records/cn-no-such-record", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/records?limit=0", HttpStatusCode.BadRequest)]
    public async Task Error_ClientAcceptingOnlyCsv_IsStillAProblem(string method, string url, HttpStatusCode status)
    {
        using var client = (await postgres.SeededApiAsync()).CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(status);
        Assert.StartsWith("https://tools.ietf.org/html/rfc9110#section-15.5.", problem.GetProperty("type").GetString());
        Assert.Equal(url.Split('?')[0], problem.GetProperty("instance").GetString());
    }

    /// <summary>The requests derived from the document (also replayed through Prism by <see cref="PrismReplayTests"/>).</summary>
    internal static IEnumerable<Probe> Corpus(ApiDocument document)
    {
        foreach (var path in document.Paths)
        {
            var operations = document.Operations.Where(o => o.Path == path).ToList();
            foreach (var operation in operations)
            {
                var method = operation.Method.ToUpperInvariant();
                var url = FillPath(operation, p => ExampleValues(p).FirstOrDefault() ?? KnownId);
                var body = ExampleBody(document, operation);
                var query = operation.ParametersIn("query").ToList();

                yield return new Probe(method, url, Body: body);
                if (query.Count > 0)
                {
                    // All the documented examples at once.
                    var examples = query.SelectMany(p => ExampleValues(p).Select(v => Pair(Name(p), v)));
                    yield return new Probe(method, url + "?" + string.Join("&", examples), Body: body);
                }

                foreach (var parameter in query)
                {
                    foreach (var bad in MalformedValues(document.Resolve(parameter.GetProperty("schema"))))
                    {
                        yield return new Probe(method, url + "?" + Pair(Name(parameter), bad), Body: body);
                    }
                }

                // Errors, also to a client that asked for another media type: an error is a problem whatever the Accept.
                foreach (var accept in new[] { null, "text/csv" })
                {
                    yield return new Probe(method, url + "?noSuchParameter=1", accept, body);
                    if (operation.ParametersIn("path").Any())
                    {
                        yield return new Probe(method, FillPath(operation, _ => "no-such-record-0"), accept, body);
                    }
                }

                foreach (var accept in new[] { "text/csv", "application/x-ndjson", "application/xml", "*/*" })
                {
                    yield return new Probe(method, url, Accept: accept, Body: body);
                }

                if (operation.Operation.TryGetProperty("requestBody", out _))
                {
                    // No body, a body that is not JSON, and one of a media type the operation does not read.
                    yield return new Probe(method, url);
                    yield return new Probe(method, url, Body: "{");
                    yield return new Probe(method, url, Body: "not json", BodyType: "text/plain");
                }
            }

            // Methods the path does not have.
            var url0 = FillPath(operations[0], _ => KnownId);
            foreach (var method in ProbedMethods.Where(m => !operations.Any(o => o.Method.Equals(m, StringComparison.OrdinalIgnoreCase))))
            {
                var body = method is "POST" or "PUT" or "PATCH" ? """{"id":"x"}""" : null;
                yield return new Probe(method, url0, Body: body);
                yield return new Probe(method, url0, "text/csv", body);
            }
        }
    }

    internal static HttpRequestMessage Request(Probe probe)
    {
        var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
        if (probe.Accept is not null)
        {
            request.Headers.Accept.ParseAdd(probe.Accept);
        }

        if (probe.IfNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(probe.IfNoneMatch));
        }

        if (probe.HeaderPadding > 0)
        {
            request.Headers.Add("X-Padding", new string('a', probe.HeaderPadding));
        }

        if (probe.Body is not null)
        {
            request.Content = new StringContent(probe.Body, Encoding.UTF8, probe.BodyType);
        }

        return request;
    }

    private static string Name(JsonElement parameter) => parameter.GetProperty("name").GetString()!;

    private static string Pair(string name, string value) => Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);

    private static string FillPath(ApiOperation operation, Func<JsonElement, string> value) =>
        operation.ParametersIn("path").Aggregate(operation.Path,
            (path, parameter) => path.Replace("{" + Name(parameter) + "}", Uri.EscapeDataString(value(parameter)), StringComparison.Ordinal));

    /// <summary>The parameter's example (each item of an array example), else its schema's example or default.</summary>
    private static IEnumerable<string> ExampleValues(JsonElement parameter)
    {
        var schema = parameter.TryGetProperty("schema", out var s) ? s : default;
        foreach (var candidate in new[] { (parameter, "example"), (schema, "example"), (schema, "default") })
        {
            if (candidate.Item1.ValueKind == JsonValueKind.Object && candidate.Item1.TryGetProperty(candidate.Item2, out var example))
            {
                return example.ValueKind == JsonValueKind.Array ? [.. example.EnumerateArray().Select(Text)] : [Text(example)];
            }
        }

        return [];

        static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    /// <summary>Values the parameter's schema rules out (for a list, as one of its items).</summary>
    private static IEnumerable<string> MalformedValues(JsonElement schema)
    {
        if (schema.TryGetProperty("items", out var items))
        {
            schema = items;
        }

        // OpenAPI 3.1 may give several types (["null", "integer"]).
        List<string?> type = !schema.TryGetProperty("type", out var t) ? []
            : t.ValueKind == JsonValueKind.Array ? [.. t.EnumerateArray().Select(e => e.GetString())] : [t.GetString()];
        if (type.Contains("integer") || type.Contains("number"))
        {
            yield return "abc";
            if (schema.TryGetProperty("minimum", out var minimum))
            {
                yield return (decimal.Parse(minimum.GetRawText(), CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);
            }

            if (schema.TryGetProperty("maximum", out var maximum))
            {
                yield return (decimal.Parse(maximum.GetRawText(), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            }
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() is "date" or "date-time")
        {
            yield return "2021-13-01";
        }

        if (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("pattern", out _))
        {
            yield return "no such value!";
        }

        // Empty, and longer than any limit.
        yield return "";
        yield return new string('x', 1000);
    }

    private static string? ExampleBody(ApiDocument document, ApiOperation operation)
    {
        if (!operation.Operation.TryGetProperty("requestBody", out var body))
        {
            return null;
        }

        var content = document.Resolve(body).GetProperty("content");
        return content.TryGetProperty("application/json", out var json)
            && (json.TryGetProperty("example", out var example)
                || (json.TryGetProperty("schema", out var schema) && document.Resolve(schema).TryGetProperty("example", out example)))
                ? example.GetRawText()
                : "{}";
    }
}
