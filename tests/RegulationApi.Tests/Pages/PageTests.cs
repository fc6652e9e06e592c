using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Pages;

/// <summary>The pages over HTTP: status, headers, language, encoding, weight, and the same answers as the API.</summary>
public sealed partial class PageTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpResponseMessage Response, string Html)> GetPageAsync(string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var response = await Client.SendAsync(request, Cancel);
        return (response, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Search_Default_IsHtmlWithSecurityHeaders()
    {
        var (response, html) = await GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("role=\"search\"", html);
        Assert.Contains("type=\"search\"", html);
        // No script of any kind, no inline style, nothing from another host.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(RemoteResource(), html);
    }

    [Theory]
    [InlineData("/", null, "en")]
    [InlineData("/", "zh-CN,zh;q=0.9,en;q=0.8", "zh")]
    [InlineData("/", "en-GB,zh;q=0.5", "en")]
    [InlineData("/?lang=en", "zh-CN", "en")]
    [InlineData("/?lang=zh", "en", "zh")]
    [InlineData("/records/" + Contract.KnownId, "zh-TW", "zh")]
    [InlineData("/records/" + Contract.KnownId + "?lang=en", "zh", "en")]
    public async Task Page_Language_FollowsLangThenAcceptLanguage(string url, string? acceptLanguage, string expected)
    {
        var (response, html) = await GetPageAsync(url, acceptLanguage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{expected}\">", html);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Fact]
    public async Task Search_CachedPage_StillFollowsAcceptLanguage()
    {
        var (_, english) = await GetPageAsync("/?kind=ruling", "en");
        var (_, chinese) = await GetPageAsync("/?kind=ruling", "zh-CN");

        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("<html lang=\"zh\">", chinese);
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=%E6%8C%96%E7%9F%BF")]
    [InlineData("kind=ruling&jurisdiction=CN")]
    [InlineData("q=contract&topic=contract-validity")]
    [InlineData("inForceOn=2021-07-01&appliesIn=CN-SC")]
    [InlineData("yearFrom=2021&yearTo=2023&status=in-force,repealed")]
    [InlineData("outcome=contract-void")]
    public async Task Search_Total_EqualsApiTotal(string query)
    {
        var api = await Client.GetJsonAsync("/api/v1/records?" + query);
        var total = api.GetProperty("total").GetInt64();

        var (_, english) = await GetPageAsync("/?lang=en&" + query);
        var (_, chinese) = await GetPageAsync("/?lang=zh&" + query);

        Assert.Contains($">{(total == 1 ? "1 record" : $"{total:N0} records")}</h2>", english);
        Assert.Contains($">共 {total:N0} 条</h2>", chinese);
    }

    [Theory]
    [InlineData("year=abc", "year")]
    [InlineData("kind=statute", "kind")]
    [InlineData("topic=weather", "topic")]
    [InlineData("limit=1000", "limit")]
    [InlineData("from=2021-13-01", "from")]
    [InlineData("yearFrom=2023&yearTo=2021", "yearFrom")]
    [InlineData("cursor=tampered", "cursor")]
    [InlineData("sort=relevance", "sort")]
    [InlineData("colour=red", "colour")]
    [InlineData("year=2021&year=2022", "year")]
    [InlineData("lang=fr", "lang")]
    [InlineData("outcome=won", "outcome")]
    public async Task Search_MalformedParameter_Is400PageNamingIt(string query, string parameter)
    {
        var (response, html) = await GetPageAsync("/?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<code>{parameter}</code>", html);
        // The page says what the API says.
        var api = await Client.FetchAsync("/api/v1/records?" + query);
        if (parameter != "lang")
        {
            await api.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
        }
    }

    [Fact]
    public async Task Search_EmptyFormFields_RedirectToTheSameSearchWithoutThem()
    {
        using var client = (await Postgres.SeededApiAsync()).CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/?q=&sort=&kind=ruling&yearFrom=&lang=en", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?kind=ruling&lang=en", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Search_HostileQuery_IsShownAsText()
    {
        var (response, html) = await GetPageAsync("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%3E");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task Search_QueryMatches_AreMarkedInResults()
    {
        var (_, html) = await GetPageAsync("/?q=%E6%8C%96%E7%9F%BF&lang=zh");

        Assert.Contains("<mark>挖矿</mark>", html);
    }

    [Fact]
    public async Task Search_ExportLinks_AreTheSameFilteredSet()
    {
        var (_, html) = await GetPageAsync("/?kind=ruling&lang=en");

        Assert.Contains("href=\"/api/v1/records?kind=ruling&amp;format=csv\"", html);
        Assert.Contains("href=\"/api/v1/records?kind=ruling&amp;format=ndjson\"", html);
    }

    [Fact]
    public async Task Search_Paging_FollowsTheApiCursor()
    {
        var (_, first) = await GetPageAsync("/?limit=5&lang=en");
        var next = WebUtility.HtmlDecode(NextLink().Match(first).Groups[1].Value);
        var api = await Client.GetJsonAsync("/api/v1/records?limit=5");
        var apiSecond = await Client.GetJsonAsync("/api/v1/records?limit=5&cursor=" + Uri.EscapeDataString(api.GetProperty("nextCursor").GetString()!));

        var (response, second) = await GetPageAsync(next);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var id in apiSecond.Ids())
        {
            Assert.Contains($"href=\"/records/{id}?lang=en\"", second);
        }
    }

    [Fact]
    public async Task Search_YearChart_IsSvgWithLinksAndATable()
    {
        var (_, html) = await GetPageAsync("/?lang=en");

        Assert.Contains("<svg", html);
        Assert.Contains("aria-labelledby=\"chart-title\"", html);
        Assert.Contains("href=\"/?lang=en&amp;year=2021\"", html);
        Assert.Contains("<table class=\"data\">", html);
    }

    [Fact]
    public async Task Search_FirstPage_WeighsUnder60KilobytesCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var page = await Client.SendAsync(request, Cancel);
        var pageBytes = (await page.Content.ReadAsByteArrayAsync(Cancel)).Length;
        var html = await (await Client.FetchAsync("/")).Content.ReadAsStringAsync(Cancel);
        var css = StylesheetLink().Match(html).Groups[1].Value;
        using var cssRequest = new HttpRequestMessage(HttpMethod.Get, css);
        cssRequest.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var stylesheet = await Client.SendAsync(cssRequest, Cancel);
        var cssBytes = (await stylesheet.Content.ReadAsByteArrayAsync(Cancel)).Length;

        Assert.Equal("br", Assert.Single(page.Content.Headers.ContentEncoding));
        Assert.Equal("br", Assert.Single(stylesheet.Content.Headers.ContentEncoding));
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
        Assert.True(pageBytes + cssBytes <= 60 * 1024, $"the first search page weighs {pageBytes} + {cssBytes} bytes");
    }

    [Fact]
    public async Task Api_Json_IsNotCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/records");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var response = await Client.SendAsync(request, Cancel);

        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Record_Known_ShowsEveryPartAndRelationsBothWays()
    {
        var (response, html) = await GetPageAsync($"/records/{Contract.RepealedId}?lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("repealed by <a href=\"/records/cn-pboc-2026-42?lang=en\" lang=\"zh\">银发〔2026〕42号</a>", html);
        Assert.Contains("lang=\"zh\"", html);
        Assert.Contains($"href=\"/api/v1/records/{Contract.RepealedId}\"", html);
        Assert.Contains("Cite this record", html);
        Assert.Contains("Revision history", html);
        Assert.Contains("Sources", html);
        Assert.Contains("class=\"timeline\"", html);
    }

    [Fact]
    public async Task Record_Regulation_CountsTheRulingsThatApplyIt()
    {
        var related = await Client.GetJsonAsync($"/api/v1/records/{Contract.KnownId}/related");
        var applying = related.GetProperty("items").EnumerateArray()
            .Count(i => i.GetProperty("direction").GetString() == "incoming" && i.GetProperty("type").GetString() == "applies");

        var (_, html) = await GetPageAsync($"/records/{Contract.KnownId}?lang=en");

        Assert.True(applying > 0, "the known regulation is applied by rulings");
        Assert.Contains($"applied by {applying} ruling{(applying == 1 ? "" : "s")}", html);
    }

    [Fact]
    public async Task Record_Unknown_Is404Page()
    {
        var (response, html) = await GetPageAsync("/records/no-such-record?lang=zh");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"zh\">", html);
        Assert.Contains("no-such-record", html);
    }

    [Fact]
    public async Task Record_UnknownParameter_Is400Page()
    {
        var (response, html) = await GetPageAsync($"/records/{Contract.KnownId}?format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>format</code>", html);
    }

    [Fact]
    public async Task Facets_LevelCourtLevelAndOutcome_CountTheFilteredSet()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?kind=ruling&facets=level,courtLevel,outcome&limit=1");
        var total = page.GetProperty("total").GetInt64();
        var outcomes = page.GetProperty("facets").GetProperty("outcome").EnumerateArray().ToList();
        var voided = outcomes.Single(o => o.GetProperty("value").GetString() == "contract-void").GetProperty("count").GetInt64();

        var filtered = await Client.GetJsonAsync("/api/v1/records?kind=ruling&outcome=contract-void&limit=1");

        Assert.Equal(voided, filtered.GetProperty("total").GetInt64());
        Assert.Equal(total, page.GetProperty("facets").GetProperty("level").EnumerateArray().Sum(l => l.GetProperty("count").GetInt64()));
        Assert.NotEmpty(page.GetProperty("facets").GetProperty("courtLevel").EnumerateArray());
    }

    [Fact]
    public async Task Assets_AreServedByTheServiceWithLongCaching()
    {
        var html = await (await Client.FetchAsync("/")).Content.ReadAsStringAsync(Cancel);
        var css = await Client.FetchAsync(StylesheetLink().Match(html).Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains("immutable", css.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", Assert.Single(css.Headers.GetValues("X-Content-Type-Options")));
    }

    [GeneratedRegex("(?:src|href)=\"(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteResource();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetLink();
}
