using System.Net.Http.Json;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Npgsql;
using RegulationApi.Model;
using RegulationApi.Records;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Mcp;

/// <summary>
/// The MCP server at /mcp, through the SDK's own client over HTTP against the listening service: its tools, and that
/// each answers what the API answers for the same arguments, bad arguments included.
/// </summary>
public sealed class McpTests(PostgresFixture postgres)
{
    private static readonly string[] ToolNames = ["get_record", "in_force_on", "records_per_year", "related_records", "search_records"];

    /// <summary>The API's parameters that the search tools leave to the HTTP API: facets, the change feed and exports.</summary>
    private static readonly string[] HttpOnlyParameters = ["facets", "updatedSince", "format"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListTools_TheFiveReadOnlyTools_EachWithADescriptionAndAnInputSchema()
    {
        var (client, _) = await ConnectAsync();
        await using var _client = client;

        var tools = await client.ListToolsAsync(cancellationToken: Cancellation);

        Assert.Equal(ToolNames, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tool in tools.Select(t => t.ProtocolTool))
        {
            Assert.True(tool.Description?.Length > 80, $"{tool.Name} has no description an assistant could use: {tool.Description}");
            Assert.Equal("object", tool.InputSchema.GetProperty("type").GetString());
            var properties = tool.InputSchema.GetProperty("properties").EnumerateObject().ToList();
            Assert.NotEmpty(properties);
            foreach (var property in properties)
            {
                Assert.True(property.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 10,
                    $"{tool.Name}.{property.Name} has no description");
            }

            // Read-only: nothing through MCP changes the knowledge base.
            Assert.True(tool.Annotations?.ReadOnlyHint, $"{tool.Name} is not marked read-only");
            Assert.False(tool.Annotations?.DestructiveHint ?? true, $"{tool.Name} may be destructive");
        }
    }

    [Fact]
    public async Task ListTools_SearchAndCounts_TakeEveryFilterOfTheApi()
    {
        var (client, _) = await ConnectAsync();
        await using var _client = client;

        var tools = (await client.ListToolsAsync(cancellationToken: Cancellation)).ToDictionary(t => t.Name, t => t.ProtocolTool);

        // The query parameters of GET /api/v1/records and /api/v1/stats/years, as the API declares them.
        Assert.Equal(QueryParameters(typeof(RecordSearchRequest)).Except(HttpOnlyParameters).Order(), Properties(tools["search_records"]).Order());
        Assert.Equal(QueryParameters(typeof(RecordFilterRequest)).Order(), Properties(tools["records_per_year"]).Order());
        Assert.Equal(["cursor", "date", "limit", "q", "region", "topic"], Properties(tools["in_force_on"]).Order());
        Assert.Equal(["date", "region"], Required(tools["in_force_on"]).Order());
        Assert.Equal(["id"], Required(tools["get_record"]));
        Assert.Equal(["id"], Required(tools["related_records"]));
        Assert.Empty(Required(tools["search_records"]));
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("topic")]
    [InlineData("status")]
    [InlineData("level")]
    [InlineData("courtLevel")]
    [InlineData("outcome")]
    public async Task ListTools_ParameterDescriptions_NameEveryValueOfTheVocabulary(string parameter)
    {
        var (client, _) = await ConnectAsync();
        await using var _client = client;
        var vocabulary = parameter switch
        {
            "kind" => Vocabulary.Kinds,
            "topic" => Vocabulary.Topics,
            "status" => Vocabulary.Statuses,
            "level" => Vocabulary.Levels,
            "courtLevel" => Vocabulary.CourtLevels,
            _ => Vocabulary.Outcomes,
        };

        var tools = await client.ListToolsAsync(cancellationToken: Cancellation);

        foreach (var tool in tools.Where(t => t.ProtocolTool.InputSchema.GetProperty("properties").TryGetProperty(parameter, out _)))
        {
            var description = tool.ProtocolTool.InputSchema.GetProperty("properties").GetProperty(parameter).GetProperty("description").GetString()!;
            Assert.All(vocabulary, value => Assert.Contains(value, description));
        }
    }

    [Theory]
    [InlineData("q=挖矿", """{"q":"挖矿"}""")]
    [InlineData("q=contract%20void&sort=date-asc&limit=5", """{"q":"contract void","sort":"date-asc","limit":"5"}""")]
    [InlineData("jurisdiction=CN&kind=regulation&yearFrom=2021&yearTo=2022", """{"jurisdiction":["CN"],"kind":["regulation"],"yearFrom":"2021","yearTo":"2022"}""")]
    [InlineData("topic=mining,hosting&status=in-force&limit=100", """{"topic":["mining","hosting"],"status":["in-force"],"limit":100}""")]
    [InlineData("kind=ruling&courtLevel=basic,intermediate&outcome=contract-void", """{"kind":["ruling"],"courtLevel":["basic","intermediate"],"outcome":["contract-void"]}""")]
    [InlineData("authority=人民银行&from=2017-01-01&to=2021-12-31", """{"authority":"人民银行","from":"2017-01-01","to":"2021-12-31"}""")]
    [InlineData("inForceOn=2021-07-01&appliesIn=CN-SC&level=local-normative-document,departmental-normative-document", """{"inForceOn":"2021-07-01","appliesIn":["CN-SC"],"level":["local-normative-document","departmental-normative-document"]}""")]
    [InlineData("year=2021", """{"year":2021}""")]
    [InlineData("jurisdiction=ZZ", """{"jurisdiction":"ZZ"}""")]
    public async Task SearchRecords_SameArguments_SameJsonAsTheApi(string query, string arguments)
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;

        var result = await CallAsync(client, "search_records", arguments);
        var api = await http.GetStringAsync("/api/v1/records?" + query, Cancellation);

        // A cursor is encrypted afresh each time: the same page, both with a next page or both without.
        Assert.Equal(WithoutCursor(api), WithoutCursor(Text(result)));
        var page = JsonDocument.Parse(Text(result)).RootElement;
        Assert.Equal(page.GetProperty("total").GetInt64(), JsonDocument.Parse(api).RootElement.GetProperty("total").GetInt64());
        Assert.Equal(JsonNode.Parse(Text(result))!.ToJsonString(), JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!.ToJsonString());
    }

    [Fact]
    public async Task SearchRecords_FollowingNextCursor_ReturnsEveryMatchOnceInTheApisOrder()
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;
        var everything = JsonDocument.Parse(await http.GetStringAsync("/api/v1/records?jurisdiction=CN&limit=100", Cancellation)).RootElement;
        Assert.True(everything.GetProperty("total").GetInt64() is > 7 and <= 100, "the seed should have a few pages of CN records");

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var arguments = new Dictionary<string, object?> { ["jurisdiction"] = new[] { "CN" }, ["limit"] = "3", ["cursor"] = cursor };
            var page = JsonDocument.Parse(Text(await CallAsync(client, "search_records", arguments))).RootElement;
            Assert.Equal(everything.GetProperty("total").GetInt64(), page.GetProperty("total").GetInt64());
            ids.AddRange(page.Ids());
            cursor = page.StringOrNull("nextCursor");
        }
        while (cursor is not null);

        Assert.Equal(everything.Ids(), ids);
    }

    [Fact]
    public async Task SearchRecords_CursorsOfTheApiAndOfTheTool_AreInterchangeable()
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;
        var first = JsonDocument.Parse(await http.GetStringAsync("/api/v1/records?q=mining&limit=2", Cancellation)).RootElement;
        var cursor = first.StringOrNull("nextCursor");
        Assert.NotNull(cursor);

        var second = await CallAsync(client, "search_records", new Dictionary<string, object?> { ["q"] = "mining", ["limit"] = 2, ["cursor"] = cursor });

        var api = await http.GetStringAsync($"/api/v1/records?q=mining&limit=2&cursor={Uri.EscapeDataString(cursor)}", Cancellation);
        Assert.Equal(WithoutCursor(api), WithoutCursor(Text(second)));
        // And the other way round: the tool's next cursor is the API's.
        var toolCursor = JsonDocument.Parse(Text(second)).RootElement.StringOrNull("nextCursor");
        Assert.NotNull(toolCursor);
        var third = await CallAsync(client, "search_records", new Dictionary<string, object?> { ["q"] = "mining", ["limit"] = 2, ["cursor"] = toolCursor });
        var apiThird = await http.GetStringAsync($"/api/v1/records?q=mining&limit=2&cursor={Uri.EscapeDataString(toolCursor)}", Cancellation);
        Assert.Equal(WithoutCursor(apiThird), WithoutCursor(Text(third)));
    }

    [Theory]
    [InlineData(Contract.KnownId)]
    [InlineData(Contract.RepealedId)]
    public async Task GetRecord_SameJsonAsTheApi_WithSourcesAndVerification(string id)
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;

        var result = await CallAsync(client, "get_record", new Dictionary<string, object?> { ["id"] = id });

        Assert.Equal(await http.GetStringAsync($"/api/v1/records/{id}", Cancellation), Text(result));
        var record = JsonDocument.Parse(Text(result)).RootElement;
        Assert.StartsWith("http", record.GetProperty("sources")[0].GetProperty("url").GetString());
        Assert.Contains(record.GetProperty("verification").GetString(), Vocabulary.Verifications);
    }

    [Theory]
    [InlineData(Contract.KnownId)]
    [InlineData(Contract.RepealedId)]
    public async Task RelatedRecords_SameJsonAsTheApi_WithDirectionAndType(string id)
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;

        var result = await CallAsync(client, "related_records", new Dictionary<string, object?> { ["id"] = id });

        Assert.Equal(await http.GetStringAsync($"/api/v1/records/{id}/related", Cancellation), Text(result));
        var items = JsonDocument.Parse(Text(result)).RootElement.GetProperty("items");
        Assert.NotEmpty(items.EnumerateArray());
        Assert.All(items.EnumerateArray(), i => Assert.Contains(i.GetProperty("direction").GetString(), new[] { "outgoing", "incoming" }));
        Assert.All(items.EnumerateArray(), i => Assert.Contains(i.GetProperty("type").GetString(), Vocabulary.RelationTypes));
    }

    [Theory]
    [InlineData("2021-07-01", "CN-SC", "")]
    [InlineData("2022-01-01", "CN", "&topic=mining")]
    [InlineData("2024-06-01", "SE", "")]
    [InlineData("1990-01-01", "US-TX", "")]
    public async Task InForceOn_SameJsonAsTheApisInForceOnAndAppliesIn(string date, string region, string topic)
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;
        var arguments = new Dictionary<string, object?> { ["date"] = date, ["region"] = region };
        if (topic.Length > 0)
        {
            arguments["topic"] = new[] { topic.Split('=')[1] };
        }

        var result = await CallAsync(client, "in_force_on", arguments);

        var api = await http.GetStringAsync($"/api/v1/records?inForceOn={date}&appliesIn={region}{topic}", Cancellation);
        Assert.Equal(WithoutCursor(api), WithoutCursor(Text(result)));
    }

    [Fact]
    public async Task InForceOn_SichuanInMid2021_FindsRegulationsOfSichuanAndOfChina()
    {
        var (client, _) = await ConnectAsync();
        await using var _client = client;

        var result = await CallAsync(client, "in_force_on", new Dictionary<string, object?> { ["date"] = "2021-07-01", ["region"] = "CN-SC", ["limit"] = 100 });

        var items = JsonDocument.Parse(Text(result)).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("jurisdiction").GetString() == "CN");
        Assert.All(items, i => Assert.Contains(i.GetProperty("jurisdiction").GetString(), new[] { "CN", "CN-SC" }));
        Assert.All(items, i => Assert.Equal("regulation", i.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("", "{}")]
    [InlineData("kind=ruling", """{"kind":["ruling"]}""")]
    [InlineData("jurisdiction=CN&topic=mining&yearFrom=2018", """{"jurisdiction":"CN","topic":["mining"],"yearFrom":2018}""")]
    [InlineData("inForceOn=2022-01-01&appliesIn=CN", """{"inForceOn":"2022-01-01","appliesIn":["CN"]}""")]
    public async Task RecordsPerYear_SameJsonAsTheApisStatsYears(string query, string arguments)
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;

        var result = await CallAsync(client, "records_per_year", arguments);

        Assert.Equal(await http.GetStringAsync("/api/v1/stats/years?" + query, Cancellation), Text(result));
    }

    [Theory]
    [InlineData("search_records", """{"year":"abc"}""", "/api/v1/records?year=abc")]
    [InlineData("search_records", """{"limit":1000}""", "/api/v1/records?limit=1000")]
    [InlineData("search_records", """{"limit":"0"}""", "/api/v1/records?limit=0")]
    [InlineData("search_records", """{"from":"2021-13-01"}""", "/api/v1/records?from=2021-13-01")]
    [InlineData("search_records", """{"kind":["law"],"status":["valid"]}""", "/api/v1/records?kind=law&status=valid")]
    [InlineData("search_records", """{"yearFrom":2023,"yearTo":2021}""", "/api/v1/records?yearFrom=2023&yearTo=2021")]
    [InlineData("search_records", """{"jurisdiction":["China"]}""", "/api/v1/records?jurisdiction=China")]
    [InlineData("search_records", """{"sort":"relevance"}""", "/api/v1/records?sort=relevance")]
    [InlineData("search_records", """{"q":"!!!"}""", "/api/v1/records?q=!!!")]
    [InlineData("search_records", """{"cursor":"not-a-cursor"}""", "/api/v1/records?cursor=not-a-cursor")]
    [InlineData("search_records", """{"topic":[""]}""", "/api/v1/records?topic=")]
    [InlineData("records_per_year", """{"year":"0"}""", "/api/v1/stats/years?year=0")]
    [InlineData("records_per_year", """{"outcome":["won"]}""", "/api/v1/stats/years?outcome=won")]
    [InlineData("get_record", """{"id":"cn-no-such-record"}""", "/api/v1/records/cn-no-such-record")]
    [InlineData("related_records", """{"id":"cn-no-such-record"}""", "/api/v1/records/cn-no-such-record/related")]
    public async Task BadArguments_AreAToolErrorWithTheApisMessage(string tool, string arguments, string apiUrl)
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;
        var problem = await (await http.GetAsync(apiUrl, Cancellation)).Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);

        var result = await CallAsync(client, tool, arguments);

        Assert.True(result.IsError, $"{tool} {arguments} should be a tool error: {Text(result)}");
        Assert.Equal(problem!.Detail, Text(result));
    }

    [Fact]
    public async Task InForceOn_BadDateOrRegion_IsAToolErrorNamingTheToolsParameters()
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;
        var problem = await (await http.GetAsync("/api/v1/records?inForceOn=2021-02-30&appliesIn=Sichuan", Cancellation)).Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);

        var result = await CallAsync(client, "in_force_on", new Dictionary<string, object?> { ["date"] = "2021-02-30", ["region"] = "Sichuan" });

        Assert.True(result.IsError);
        Assert.Equal(problem!.Detail!.Replace("'inForceOn'", "'date'").Replace("'appliesIn'", "'region'"), Text(result));
        Assert.Contains("'date' must be a date written YYYY-MM-DD.", Text(result));
    }

    [Theory]
    [InlineData("search_records", """{"yaer":2021}""", "'yaer' is not a parameter of this tool; it takes q, kind, ")]
    [InlineData("search_records", """{"updatedSince":"2026-01-01T00:00:00Z"}""", "'updatedSince' is not a parameter of this tool")]
    [InlineData("search_records", """{"sort":"updated"}""", "'sort' must be relevance, date or date-asc")]
    [InlineData("search_records", """{"q":{"text":"挖矿"}}""", "'q' must be a text.")]
    [InlineData("search_records", """{"kind":[["ruling"]]}""", "'kind' must be a list of texts.")]
    [InlineData("get_record", "{}", "'id' is required.")]
    [InlineData("get_record", """{"id":null}""", "'id' is required.")]
    [InlineData("in_force_on", """{"date":"2021-07-01"}""", "'region' is required.")]
    public async Task BadArguments_ThatTheApiCannotReceive_AreAToolErrorSayingWhatToCorrect(string tool, string arguments, string message)
    {
        var (client, _) = await ConnectAsync();
        await using var _client = client;

        var result = await CallAsync(client, tool, arguments);

        Assert.True(result.IsError, $"{tool} {arguments} should be a tool error: {Text(result)}");
        Assert.StartsWith(message, Text(result));
    }

    [Fact]
    public async Task Mcp_IsNotInTheOpenApiDocument_AndOtherMethodsAre405Problems()
    {
        var (client, http) = await ConnectAsync();
        await using var _client = client;

        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", Cancellation)).RootElement;
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/mcp", StringComparison.Ordinal));

        // Stateless: every call is a POST of its own; there is no stream to GET nor session to DELETE.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, "/mcp"), Cancellation);
            await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        }
    }

    [Fact]
    public async Task Mcp_APlainJsonRpcPostAsInTheReadme_CallsATool()
    {
        var address = await postgres.ListeningApiAsync();
        using var http = new HttpClient { BaseAddress = address };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_record","arguments":{"id":"cn-ndrc-2021-1283"}}}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        post.Headers.Accept.ParseAdd("application/json");
        post.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await http.SendAsync(post, Cancellation);

        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        // One JSON-RPC response, as a server-sent event: its data line.
        var message = JsonDocument.Parse(body.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]).RootElement;
        var text = message.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Equal(await http.GetStringAsync($"/api/v1/records/{Contract.KnownId}", Cancellation), text);
    }

    [Fact]
    public async Task Mcp_SpendsTheClientsReadBucket_AndPastItIsA429Problem()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            // A bucket that does not refill while the test runs: what it refuses stays refused.
            ["RateLimits:Reads:Burst"] = "6",
            ["RateLimits:Reads:PerSecond"] = "0.01",
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedOnStartup"] = "false",
        };
        await using var factory = new RegulationApiFactory((await postgres.SeededApiAsync()).ConnectionString, settings);
        var address = factory.Listen();
        await factory.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = address };

        // Each MCP message is a POST that spends a read: connecting, then calls, until the bucket is empty.
        await using (var client = await McpClient.CreateAsync(Transport(address), cancellationToken: Cancellation))
        {
            var answered = 0;
            var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                while (answered < 10)
                {
                    await client.CallToolAsync("get_record", new Dictionary<string, object?> { ["id"] = Contract.KnownId }, cancellationToken: Cancellation);
                    answered++;
                }
            });
            Assert.InRange(answered, 1, 5);
            Assert.Contains("429", refused.ToString());
        }

        // The same bucket as the API's reads: the API refuses this client too, and /mcp refuses with the API's problem.
        await (await http.FetchAsync("/api/v1/jurisdictions")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        post.Headers.Accept.ParseAdd("application/json");
        post.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(post, Cancellation);
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
    }

    [Fact]
    public async Task DatabaseDown_EveryTool_IsAToolErrorWithTheApis503Message_AndRecovers()
    {
        var connectionString = await postgres.CreateDatabaseAsync("mcpcut");
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        await using var proxy = new TcpProxy(database.Host!, database.Port);
        await using var factory = new RegulationApiFactory(new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString);
        var address = factory.Listen();
        await factory.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = address };
        await using var client = await McpClient.CreateAsync(Transport(address), cancellationToken: Cancellation);
        var calls = new (string Tool, string Arguments, string ApiUrl)[]
        {
            ("search_records", """{"q":"挖矿"}""", "/api/v1/records?q=挖矿"),
            ("in_force_on", """{"date":"2021-07-01","region":"CN-SC"}""", "/api/v1/records?inForceOn=2021-07-01&appliesIn=CN-SC"),
            ("get_record", $$"""{"id":"{{Contract.KnownId}}"}""", $"/api/v1/records/{Contract.KnownId}"),
            ("related_records", $$"""{"id":"{{Contract.KnownId}}"}""", $"/api/v1/records/{Contract.KnownId}/related"),
            ("records_per_year", "{}", "/api/v1/stats/years"),
        };

        proxy.Cut();

        foreach (var (tool, arguments, apiUrl) in calls)
        {
            var result = await CallAsync(client, tool, arguments);
            using var api = await http.GetAsync(apiUrl, Cancellation);
            var problem = await api.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(result.IsError, $"{tool} with the database down should be a tool error: {Text(result)}");
            Assert.Equal(problem.GetProperty("detail").GetString(), Text(result));
        }

        proxy.Restore();

        await Wait.UntilAsync(async () => (await http.GetAsync("/health/ready", Cancellation)).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the database is back");
        foreach (var (tool, arguments, apiUrl) in calls)
        {
            var result = await CallAsync(client, tool, arguments);
            Assert.True(result.IsError is not true, $"{tool} after recovery: {Text(result)}");
        }
    }

    /// <summary>An MCP client of the listening service, and an HTTP client of its API.</summary>
    private async Task<(McpClient Client, HttpClient Http)> ConnectAsync()
    {
        var address = await postgres.ListeningApiAsync();
        var client = await McpClient.CreateAsync(Transport(address), cancellationToken: Cancellation);
        return (client, new HttpClient { BaseAddress = address });
    }

    private static HttpClientTransport Transport(Uri address) => new(new HttpClientTransportOptions
    {
        Endpoint = new Uri(address, "/mcp"),
        TransportMode = HttpTransportMode.StreamableHttp,
        Name = "RegulationApi.Tests",
    });

    private static Task<CallToolResult> CallAsync(McpClient client, string tool, string arguments) =>
        CallAsync(client, tool, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!.ToDictionary(a => a.Key, a => (object?)a.Value));

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments) =>
        await client.CallToolAsync(tool, arguments, cancellationToken: Cancellation);

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    /// <summary>The page with its nextCursor replaced by whether there is one.</summary>
    private static string WithoutCursor(string page)
    {
        var node = JsonNode.Parse(page)!.AsObject();
        node["nextCursor"] = node["nextCursor"] is null ? null : "(a cursor)";
        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static IEnumerable<string> QueryParameters(Type request) =>
        request.GetProperties().Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name).OfType<string>();

    private static IEnumerable<string> Properties(Tool tool) => tool.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name);

    private static IEnumerable<string> Required(Tool tool) =>
        tool.InputSchema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [];
}
