using System.Net;
using System.Text.Json;
using System.Text;
using RegulationApi.Records;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>format=csv and format=ndjson: the whole filtered set, streamed, in the sort's order.</summary>
public sealed class ExportTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private async Task<(HttpResponseMessage Response, string Body)> ExportAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return (response, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Ndjson_EveryMatchOnce_InTheSortOrder_AsGetReturnsIt()
    {
        var paged = await Client.AllPagesAsync("/api/v1/records?limit=5&jurisdiction=CN&sort=date-asc");
        var (response, body) = await ExportAsync("/api/v1/records?format=ndjson&jurisdiction=CN&sort=date-asc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paged.Select(p => p.GetProperty("id").GetString()), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        var first = await Client.FetchAsync("/api/v1/records/" + paged[0].GetProperty("id").GetString());
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), lines[0]);
        Assert.Equal(paged.Count.ToString(), response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Csv_HasBomHeaderAndOneRowPerRecord_WithChineseIntact()
    {
        var total = (await Client.GetJsonAsync("/api/v1/records?kind=regulation")).GetProperty("total").GetInt32();
        var response = await Client.FetchAsync("/api/v1/records?format=csv&kind=regulation");
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(Columns, rows[0]);
        Assert.Equal(total, rows.Count - 1);
        Assert.All(rows, r => Assert.Equal(Columns.Length, r.Count));

        var ndrc = rows.Single(r => r[0] == "cn-ndrc-2021-1283");
        Assert.Equal("发改运行〔2021〕1283号", ndrc[Array.IndexOf(Columns, "document_number")]);
        Assert.Contains("国家发展和改革委员会", ndrc[Array.IndexOf(Columns, "authorities_zh")]);
        Assert.Equal("2021-09-03", ndrc[Array.IndexOf(Columns, "issued")]);
    }

    /// <summary>The header as the README describes it, with a title column for every title language of the seed.</summary>
    private static readonly string[] Columns =
    [
        "id", "kind", "jurisdiction",
        .. SeedFolder.Records.SelectMany(r => r.Document.Title.Keys).Distinct()
            .OrderBy(l => l == "zh" ? 0 : l == "en" ? 1 : 2).ThenBy(l => l, StringComparer.Ordinal).Select(l => "title_" + l),
        .. RecordExport.CsvColumnsAfterTitles,
    ];

    [Fact]
    public async Task Csv_HasAColumnForEveryTitleLanguage_FilledWithThatTitle()
    {
        var (_, body) = await ExportAsync("/api/v1/records?format=csv");
        var rows = ParseCsv(body.TrimStart('\uFEFF'));

        Assert.Equal(Columns, rows[0]);
        Assert.Contains("title_ru", rows[0]);
        foreach (var (_, record) in SeedFolder.Records)
        {
            var row = rows.Single(r => r[0] == record.Id);
            foreach (var column in rows[0].Where(c => c.StartsWith("title_", StringComparison.Ordinal)))
            {
                Assert.Equal(record.Title.GetValueOrDefault(column["title_".Length..]) ?? "", row[Array.IndexOf(Columns, column)]);
            }
        }
    }

    [Fact]
    public async Task Csv_ByAcceptHeader_RulingColumnsFilled()
    {
        var (response, body) = await ExportAsync("/api/v1/records?kind=ruling", "text/csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = ParseCsv(body.TrimStart('\uFEFF'));
        var dongcheng = rows.Single(r => r[0] == "cn-ruling-bj-dongcheng-2021-6309");
        Assert.Equal("(2021)京0101民初6309号", dongcheng[Array.IndexOf(Columns, "case_number")]);
        Assert.Equal("2021-10-25", dongcheng[Array.IndexOf(Columns, "decided")]);
    }

    [Fact]
    public async Task Export_WithQuery_FollowsRelevanceOrder()
    {
        var paged = await Client.AllPagesAsync("/api/v1/records?limit=3&q=挖矿");
        var (_, body) = await ExportAsync("/api/v1/records?format=ndjson&q=挖矿");
        Assert.Equal(paged.Select(p => p.GetProperty("id").GetString()),
            body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Export_IsNotHeldForAnETag()
    {
        var response = await Client.FetchAsync("/api/v1/records?format=ndjson");
        Assert.Null(response.Headers.ETag);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Theory]
    [InlineData("format=csv&limit=10", "limit")]
    [InlineData("format=ndjson&cursor=abc", "cursor")]
    [InlineData("format=csv&facets=year", "facets")]
    [InlineData("format=xml", "format")]
    public async Task Export_WithPagingOrUnknownFormat_Is400(string query, string parameter)
    {
        await (await Client.FetchAsync("/api/v1/records?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task Accept_JsonFirst_StaysAPage()
    {
        var (response, body) = await ExportAsync("/api/v1/records?limit=2", "application/json, text/csv;q=0.5");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("挖矿", "挖矿")]
    [InlineData(null, "")]
    public void Csv_Escape_QuotesAndDisarmsFormulas(string? value, string expected) =>
        Assert.Equal(expected, RecordExport.Escape(value));

    /// <summary>RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(row);
        return rows;
    }
}
