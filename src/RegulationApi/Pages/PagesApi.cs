using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RazorSlices;
using RegulationApi.Curation;
using RegulationApi.Data;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Pages.Slices;
using RegulationApi.Records;
using RegulationApi.Search;

namespace RegulationApi.Pages;

/// <summary>
/// The pages for people: search (/) and a record (/records/{id}), rendered on the server by Razor Slices (written straight to the response) from the
/// same index, validation, rate limits and output cache as the API.
/// </summary>
public static class PagesApi
{
    /// <summary>What the search page takes: the parameters of GET /api/v1/records, and lang.</summary>
    private static readonly Dictionary<string, (string Name, bool IsList)> SearchParameters = WithLang(
        ApiConventions.QueryParametersOf([typeof(RecordSearchRequest)]));

    private static readonly Dictionary<string, (string Name, bool IsList)> RecordParameters = WithLang([]);

    public static RouteGroupBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().AnswerHead().WithRateLimits().WithPageCaching();
        group.AddEndpointFilter(async (context, next) =>
        {
            PageHeaders.Apply(context.HttpContext.Response);
            return await next(context);
        });

        group.MapGet("/", SearchPage).WithName(nameof(SearchPage));
        group.MapGet("/records/{id}", RecordPage).WithName(nameof(RecordPage));
        group.MapGet(PageAssets.StylesheetPath, PageAssets.Stylesheet).WithName("PageStylesheet");
        group.MapGet(PageAssets.IconPath, PageAssets.Icon).WithName("PageIcon");
        return group;
    }

    public static async Task<IResult> SearchPage(
        [AsParameters] RecordSearchRequest request, HttpContext http, RecordSearch search, RecordCursor cursors,
        IValidator<RecordSearchRequest> validator, CancellationToken cancellationToken)
    {
        var query = new PageQuery(http.Request.Query);
        // A GET form sends its empty fields (q=&yearFrom=): the page is the same URL without them.
        if (http.Request.Query.Any(p => p.Value.Any(string.IsNullOrEmpty)))
        {
            return TypedResults.Redirect(query.Href(), permanent: false, preserveMethod: false);
        }

        var language = PageLanguage.Of(http.Request, out var languageProblem);
        var l = Texts.For(language ?? PageLanguage.Negotiate(http.Request));
        var problems = ApiConventions.QueryProblems(http.Request.Query, SearchParameters);
        if (languageProblem is not null)
        {
            problems["lang"] = [languageProblem];
        }

        if (problems.Count == 0 && await validator.ValidateAsync(request, cancellationToken) is { IsValid: false } invalid)
        {
            problems = invalid.ToDictionary().ToDictionary(p => p.Key, p => p.Value);
        }

        if (problems.Count > 0)
        {
            return BadRequestPage(l, query, problems);
        }

        // Exports and the change feed are the API's: the same URL there.
        if (request.Format is "csv" or "ndjson" || request.IsChangeFeed)
        {
            return TypedResults.Redirect("/api/v1/records" + new PageQuery(http.Request.Query).Without("lang").With("cursor", request.Cursor, keepCursor: true).Href(""));
        }

        var filter = request.ToFilter();
        var sort = request.ToSort();
        var index = search.Index;
        using var scratch = new RankScratch();
        var start = PagePosition.Start;
        if (request.Cursor is not null)
        {
            var (position, cursorProblem) = cursors.Decode(request.Cursor, filter, sort);
            if (position is null)
            {
                return BadRequestPage(l, query, new Dictionary<string, string[]> { ["cursor"] = [cursorProblem!] });
            }

            start = position.Value;
        }

        var page = await search.PageAsync(index, filter, sort, start, request.ToLimit(), scratch, cancellationToken);
        var next = page.Next is { } nextPosition ? cursors.Encode(filter, sort, nextPosition) : null;
        var view = SearchViews.Build(l, query, request, filter, index, page, next, scratch);
        return Html(SearchHtml.Create(view), StatusCodes.Status200OK);
    }

    public static async Task<IResult> RecordPage(
        string id, HttpContext http, RecordSearch search, RegulationDbContext db, CancellationToken cancellationToken)
    {
        var query = new PageQuery(http.Request.Query);
        var language = PageLanguage.Of(http.Request, out var languageProblem);
        var l = Texts.For(language ?? PageLanguage.Negotiate(http.Request));
        var problems = ApiConventions.QueryProblems(http.Request.Query, RecordParameters);
        if (languageProblem is not null)
        {
            problems["lang"] = [languageProblem];
        }

        if (problems.Count > 0)
        {
            return BadRequestPage(l, query, problems);
        }

        var switchHref = query.With("lang", l.Other).Href($"/records/{Uri.EscapeDataString(id)}");
        var found = await search.FindAsync(id, cancellationToken);
        if (found is not ({ } document, false))
        {
            var message = found is null ? l.NotFound(id) : l.Deleted(id);
            return Html(ErrorHtml.Create(new ErrorView(l, 404, l.NotFoundTitle, message, [], switchHref)), StatusCodes.Status404NotFound);
        }

        var record = JsonSerializer.Deserialize(document, RecordJsonContext.Default.RecordDocument)!;
        var links = await db.Relations.AsNoTracking().Where(r => r.SourceId == id || r.TargetId == id).ToListAsync(cancellationToken);
        var otherIds = links.Select(x => x.SourceId == id ? x.TargetId : x.SourceId).Distinct().ToList();
        var others = await db.Records.AsNoTracking().Where(r => otherIds.Contains(r.Id) && r.DeletedAt == null)
            .Select(r => new { r.Id, r.Document }).ToDictionaryAsync(r => r.Id, r => r.Document, cancellationToken);
        var related = links
            .Select(x => (Outgoing: x.SourceId == id, x.Type, Other: x.SourceId == id ? x.TargetId : x.SourceId))
            .Where(x => others.ContainsKey(x.Other))
            .Select(x => new RelatedItem(x.Type, x.Outgoing, JsonSerializer.Deserialize(others[x.Other], RecordJsonContext.Default.RecordDocument)!))
            .OrderBy(x => x.Outgoing ? 0 : 1).ThenBy(x => x.Type, StringComparer.Ordinal)
            .ThenByDescending(x => RecordText.PrimaryDate(x.Record)).ThenBy(x => x.Record.Id, StringComparer.Ordinal)
            .ToList();
        var revisions = (await CurationApi.GetRevisions(id, db, cancellationToken)).Result is Ok<RevisionsResponse> ok ? ok.Value!.Items : [];
        var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/records/{Uri.EscapeDataString(id)}";
        var view = new RecordView(l, record, related, revisions, self, switchHref);
        return Html(RecordHtml.Create(view), StatusCodes.Status200OK);
    }

    private static IResult BadRequestPage(Texts l, PageQuery query, Dictionary<string, string[]> problems)
    {
        var list = problems.SelectMany(p => p.Value.Select(message => new ParameterProblem(p.Key, message))).ToList();
        var view = new ErrorView(l, 400, l.BadRequestTitle, l.BadRequestIntro, list, query.With("lang", l.Other, keepCursor: true).Href());
        return Html(ErrorHtml.Create(view), StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Chinese, Cyrillic and Persian as characters, not &amp;#x…; references (a third of a page's bytes otherwise);
    /// markup-significant characters are still encoded.
    /// </summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All));

    private static RazorSlice Html(RazorSlice slice, int status)
    {
        slice.StatusCode = status;
        slice.ContentType = "text/html; charset=utf-8";
        slice.HtmlEncoder = Encoder;
        return slice;
    }

    private static Dictionary<string, (string Name, bool IsList)> WithLang(Dictionary<string, (string Name, bool IsList)> parameters)
    {
        parameters["lang"] = ("lang", false);
        return parameters;
    }
}

/// <summary>The headers of every page and asset: a strict Content-Security-Policy (no script at all), nosniff.</summary>
public static class PageHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        // The language follows Accept-Language when the URL does not name one.
        headers.Vary = "Accept-Language";
    }
}
