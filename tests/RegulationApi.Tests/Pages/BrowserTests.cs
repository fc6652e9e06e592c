using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Pages;

/// <summary>
/// The pages in a real browser (headless Chromium): accessibility by axe in both languages, the keyboard, totals
/// against the API, clicking from a result to its record and on to a related one; screenshots for review.
/// </summary>
public sealed class BrowserTests(PostgresFixture postgres, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(PostgresFixture.RepositoryRoot, "artifacts", "screenshots");

    private Uri _address = null!;
    private IBrowserContext _context = null!;

    public async ValueTask InitializeAsync()
    {
        _address = await postgres.ListeningApiAsync();
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
        });
        // The machine's two cores are shared with the rest of the suite: generous, rather than flaky.
        _context.SetDefaultTimeout(60_000);
        _context.SetDefaultNavigationTimeout(60_000);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Theory]
    [InlineData("/?lang=en", "search-en")]
    [InlineData("/?lang=zh", "search-zh")]
    [InlineData("/?lang=en&q=contract&kind=ruling", "results-en")]
    [InlineData("/?lang=zh&q=%E6%8C%96%E7%9F%BF&jurisdiction=CN", "results-zh")]
    [InlineData("/records/" + Contract.KnownId + "?lang=en", "record-en")]
    [InlineData("/records/" + Contract.KnownId + "?lang=zh", "record-zh")]
    [InlineData("/records/" + Contract.RepealedId + "?lang=en", "record-repealed-en")]
    public async Task Page_Axe_FindsNoViolations(string url, string name)
    {
        var page = await _context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);

        var results = await page.RunAxe();

        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        Assert.True(results.Violations.Length == 0, Describe(results.Violations));
        // A blocked resource (CSP) or a missing asset shows as a console error.
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Search_Keyboard_ReachesTheSearchBoxWithTab()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/?lang=en");

        var reached = false;
        for (var i = 0; i < 10 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.id === 'q'");
        }

        Assert.True(reached, "the search box is reached within ten Tab presses");
        await page.Keyboard.TypeAsync("contract");
        await page.Keyboard.PressAsync("Enter");
        // The page's own location, polled: a navigation event that fired before the wait began is not missed, and the
        // order of the parameters (after the redirect that drops the form's empty fields) does not matter.
        await page.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('q') === 'contract'");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search titles, summaries, numbers, authorities and courts" });
        Assert.Equal("contract", await box.InputValueAsync());
    }

    [Theory]
    [InlineData("q=contract")]
    [InlineData("kind=ruling&jurisdiction=CN")]
    [InlineData("inForceOn=2021-07-01&appliesIn=CN-SC")]
    public async Task Search_ShownTotal_EqualsApiTotal(string query)
    {
        using var http = new HttpClient { BaseAddress = _address };
        var api = JsonDocument.Parse(await http.GetStringAsync("/api/v1/records?" + query, TestContext.Current.CancellationToken)).RootElement;
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/?lang=en&" + query);

        var shown = await page.Locator("#total").InnerTextAsync();

        var total = api.GetProperty("total").GetInt64();
        Assert.Equal(total == 1 ? "1 record" : $"{total:N0} records", shown);
    }

    [Fact]
    public async Task Search_ClickThroughToRecordAndRelated_Works()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/?lang=en&q=1283");

        // Each result is a link named by the record's title.
        var result = page.Locator("ol.hits h3 a").First;
        var title = await result.InnerTextAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/records/" + Contract.KnownId + "\\?"), Loaded);
        Assert.Equal(title, await page.Locator("h1").InnerTextAsync());

        var related = page.Locator("ul.related a").First;
        var relatedHref = await related.GetAttributeAsync("href");
        await related.ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(relatedHref!.Split('?')[0]) + "\\?"), Loaded);
        Assert.NotEqual(title, await page.Locator("h1").InnerTextAsync());
        // Relations read both ways: the related record links back to the first one.
        var back = await page.Locator("ul.related a").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))");
        Assert.Contains(back, href => href.StartsWith("/records/" + Contract.KnownId + "?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_YearBar_FiltersToItsYear()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/?lang=en");

        await page.Locator("svg.yearchart a[href*='year=2021']").ClickAsync();

        await page.WaitForURLAsync(new Regex("year=2021"), Loaded);
        Assert.Contains("Year: 2021", await page.Locator(".chips").InnerTextAsync());
    }

    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    private static string Describe(AxeResultItem[] violations) =>
        string.Join("\n", violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
}
