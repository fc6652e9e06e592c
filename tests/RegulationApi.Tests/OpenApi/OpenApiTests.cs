using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.OpenApi;

/// <summary>The OpenAPI document describes the whole contract, and Swagger UI serves it.</summary>
public sealed class OpenApiTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private static readonly string[] ContractPaths = Contract.Paths;

    private static readonly string[] ApiPaths = [.. ContractPaths.Where(p => p.StartsWith("/api/v1", StringComparison.Ordinal))];

    private static readonly string[] Kinds = ["regulation", "ruling"];

    private static readonly string[] Topics =
    [
        "mining", "trading", "electricity", "contract-validity", "mining-equipment", "hosting",
        "energy-consumption", "taxation", "licensing", "financial-risk", "stablecoins", "enforcement", "environment",
    ];

    private static readonly string[] Statuses = ["in-force", "amended", "repealed", "expired", "historical", "unknown"];

    private static readonly string[] Filters =
        ["q", "kind", "jurisdiction", "year", "yearFrom", "yearTo", "from", "to", "topic", "status", "authority", "inForceOn", "appliesIn",
         "level", "courtLevel", "outcome"];

    private static readonly string[] RecordsParameters = [.. Filters, "sort", "limit", "cursor", "facets", "updatedSince", "format"];

    [Fact]
    public async Task Document_IsOpenApi3Json()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Document_HasEveryContractPath()
    {
        var document = await DocumentAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(ContractPaths, path => Assert.True(paths.Contains(path), $"missing {path}; has {string.Join(", ", paths)}"));
        Assert.All(ContractPaths, path => Assert.True(document.GetProperty("paths").GetProperty(path).TryGetProperty("get", out _), $"{path} has no GET"));
    }

    [Fact]
    public async Task Document_EveryOperation_HasSummaryAndDescription()
    {
        var document = await DocumentAsync();

        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations)
        {
            Assert.True(operation.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString()), $"{method} {path}: no summary");
            Assert.True(operation.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()), $"{method} {path}: no description");
        }
    }

    [Fact]
    public async Task Document_Records_DocumentsEveryContractParameter()
    {
        var document = await DocumentAsync();

        var parameters = QueryParameters(document, "/api/v1/records");
        Assert.Equal(RecordsParameters.Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, parameter) in parameters)
        {
            Assert.True(parameter.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()), $"{name}: no description");
            Assert.True(parameter.GetProperty("schema").TryGetProperty("type", out _), $"{name}: no type");
            Assert.False(parameter.TryGetProperty("required", out var required) && required.GetBoolean(), $"{name} must be optional");
        }
    }

    [Fact]
    public async Task Document_YearStats_DocumentsTheFiltersButNotPaging()
    {
        var document = await DocumentAsync();

        var parameters = QueryParameters(document, "/api/v1/stats/years");
        Assert.Equal(Filters.Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Document_Limit_IsIntegerFrom1To100()
    {
        var document = await DocumentAsync();

        var schema = QueryParameters(document, "/api/v1/records")["limit"].GetProperty("schema");
        Assert.Equal("integer", schema.GetProperty("type").GetString());
        Assert.Equal(1, schema.GetProperty("minimum").GetInt32());
        Assert.Equal(100, schema.GetProperty("maximum").GetInt32());
        Assert.Equal(20, schema.GetProperty("default").GetInt32());
    }

    [Theory]
    [InlineData("year")]
    [InlineData("yearFrom")]
    [InlineData("yearTo")]
    public async Task Document_YearParameters_AreIntegers(string name)
    {
        var document = await DocumentAsync();

        foreach (var path in new[] { "/api/v1/records", "/api/v1/stats/years" })
        {
            Assert.Equal("integer", QueryParameters(document, path)[name].GetProperty("schema").GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("from")]
    [InlineData("to")]
    public async Task Document_DateParameters_AreDates(string name)
    {
        var document = await DocumentAsync();

        var schema = QueryParameters(document, "/api/v1/records")[name].GetProperty("schema");
        Assert.Equal("string", schema.GetProperty("type").GetString());
        Assert.Equal("date", schema.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Document_Sort_HasContractEnum()
    {
        var document = await DocumentAsync();

        var schema = QueryParameters(document, "/api/v1/records")["sort"].GetProperty("schema");
        Assert.Equal(["relevance", "date", "date-asc", "updated"], Enum(schema));
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("topic")]
    [InlineData("status")]
    public async Task Document_VocabularyParameters_HaveContractEnums(string name)
    {
        var expected = name switch
        {
            "kind" => Kinds,
            "topic" => Topics,
            _ => Statuses,
        };
        var document = await DocumentAsync();

        foreach (var path in new[] { "/api/v1/records", "/api/v1/stats/years" })
        {
            var schema = QueryParameters(document, path)[name].GetProperty("schema");
            // A list parameter: an array of the vocabulary (or the vocabulary itself).
            var values = schema.GetProperty("type").GetString() == "array" ? Enum(schema.GetProperty("items")) : Enum(schema);
            Assert.Equal(expected.Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Document_EveryApiOperation_Has200And400And503Responses()
    {
        var document = await DocumentAsync();

        foreach (var path in ApiPaths)
        {
            var responses = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
            Assert.True(responses.TryGetProperty("200", out var ok), $"{path}: no 200");
            Assert.True(ok.GetProperty("content").TryGetProperty("application/json", out _), $"{path}: 200 is not application/json");
            AssertProblemResponse(path, responses, "400");
            AssertProblemResponse(path, responses, "503");
        }
    }

    [Fact]
    public async Task Document_EveryApiOperation_Has429WithRetryAfterAnd503WithRetryAfter()
    {
        var document = await DocumentAsync();

        foreach (var path in ApiPaths)
        {
            var responses = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
            AssertProblemResponse(path, responses, "429");
            foreach (var status in new[] { "429", "503" })
            {
                var header = responses.GetProperty(status).GetProperty("headers").GetProperty("Retry-After");
                Assert.Equal("integer", header.GetProperty("schema").GetProperty("type").GetString());
            }
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Document_HealthPaths_AreNotRateLimited(string path)
    {
        var document = await DocumentAsync();

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
        Assert.False(responses.TryGetProperty("429", out _), $"{path} documents a 429, but is not rate-limited");
    }

    [Theory]
    [InlineData("/api/v1/records/{id}")]
    [InlineData("/api/v1/records/{id}/related")]
    public async Task Document_IdPaths_Have404ProblemResponse(string path)
    {
        var document = await DocumentAsync();

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
        AssertProblemResponse(path, responses, "404");
    }

    [Fact]
    public async Task Document_ValidationProblemExample_HasErrors()
    {
        var document = await DocumentAsync();

        var example = document.GetProperty("paths").GetProperty("/api/v1/records").GetProperty("get").GetProperty("responses")
            .GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("example");
        Assert.Equal(400, example.GetProperty("status").GetInt32());
        Assert.NotEmpty(example.GetProperty("errors").EnumerateObject());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Document_HealthPaths_Have200Response(string path)
    {
        var document = await DocumentAsync();

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"missing {path}");
        Assert.True(item.GetProperty("get").GetProperty("responses").TryGetProperty("200", out _), $"{path}: no 200");
    }

    [Fact]
    public async Task Document_Ready_Has503ProblemResponse()
    {
        var document = await DocumentAsync();

        Assert.True(document.GetProperty("paths").TryGetProperty("/health/ready", out var item), "missing /health/ready");
        AssertProblemResponse("/health/ready", item.GetProperty("get").GetProperty("responses"), "503");
    }

    [Fact]
    public async Task Document_RecordSchema_HasExample()
    {
        var document = await DocumentAsync();

        var schema = Resolve(document, document.GetProperty("paths").GetProperty("/api/v1/records/{id}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(schema.TryGetProperty("example", out var example), "the record schema has no example");
        Assert.Equal(JsonValueKind.Object, example.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(example.GetProperty("id").GetString()));
        // The example is a whole record: every property of the schema is in it (the contract: no absent keys).
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.All(properties, p => Assert.True(example.TryGetProperty(p, out _), $"the example lacks '{p}'"));
    }

    [Fact]
    public async Task Document_EveryReference_Resolves()
    {
        var document = await DocumentAsync();

        var references = new List<string>();
        CollectReferences(document, references);
        Assert.NotEmpty(references);
        foreach (var reference in references.Distinct())
        {
            Assert.StartsWith("#/", reference);
            var target = document;
            foreach (var segment in reference[2..].Split('/'))
            {
                var name = segment.Replace("~1", "/").Replace("~0", "~");
                Assert.True(target.ValueKind == JsonValueKind.Object && target.TryGetProperty(name, out target), $"{reference} does not resolve");
            }
        }
    }

    [Fact]
    public async Task Swagger_FollowingRedirects_ServesSwaggerUiHtml()
    {
        var response = await Client.FetchAsync("/swagger");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Swagger_Configuration_PointsAtTheDocument()
    {
        var response = await Client.FetchAsync("/swagger/index.js");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/openapi/v1.json", body);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await Client.FetchAsync("/openapi/v1.json");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document)
    {
        string[] methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => methods.Contains(o.Name)))
            {
                yield return (path.Name, operation.Name, operation.Value);
            }
        }
    }

    private static Dictionary<string, JsonElement> QueryParameters(JsonElement document, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!);

    private static string[] Enum(JsonElement schema)
    {
        Assert.True(schema.TryGetProperty("enum", out var values), $"no enum in {schema}");
        return [.. values.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static void AssertProblemResponse(string path, JsonElement responses, string status)
    {
        Assert.True(responses.TryGetProperty(status, out var response), $"{path}: no {status} response");
        Assert.False(string.IsNullOrWhiteSpace(response.GetProperty("description").GetString()), $"{path} {status}: no description");
        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out var media), $"{path} {status}: not application/problem+json");
        Assert.True(media.TryGetProperty("schema", out _), $"{path} {status}: no schema");
        Assert.True(media.TryGetProperty("example", out var example), $"{path} {status}: no example");
        Assert.Equal(int.Parse(status), example.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(example.GetProperty("detail").GetString()), $"{path} {status}: example has no detail");
        Assert.True(example.TryGetProperty("traceId", out _), $"{path} {status}: example has no traceId");
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var target = document;
        foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(segment);
        }

        return target;
    }

    private static void CollectReferences(JsonElement element, List<string> references)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        references.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        CollectReferences(property.Value, references);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectReferences(item, references);
                }

                break;
        }
    }
}
