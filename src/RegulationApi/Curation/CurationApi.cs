using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RegulationApi.Data;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Records;
using RegulationApi.Writes;

namespace RegulationApi.Curation;

/// <summary>One version of a record in its history.</summary>
/// <param name="Revision">1 for the oldest version kept.</param>
/// <param name="Action">imported, created, updated, deleted or restored.</param>
/// <param name="ChangedBy">The name of the API key that made the change, or "import".</param>
/// <param name="ChangedAt">When (UTC).</param>
/// <param name="ChangedFields">The record's fields that differ from the previous version (updatedAt aside).</param>
/// <param name="Record">The record as this change left it; null for a deletion.</param>
public sealed record RevisionItem(int Revision, string Action, string ChangedBy, DateTime ChangedAt, IReadOnlyList<string> ChangedFields, RecordDocument? Record);

public sealed record RevisionsResponse(IReadOnlyList<RevisionItem> Items);

/// <summary>Changes to the knowledge base by curators holding an API key; every change is kept as a revision.</summary>
public static class CurationApi
{
    /// <summary>The writer, and API keys on the writes (a key is looked up on every write, so a revocation counts at once).</summary>
    public static IHostApplicationBuilder AddCuration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RecordWriter>();
        builder.Services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(
            ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());
        return builder;
    }

    public static RouteGroupBuilder MapCuration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/records").WithTags("Curation").WithApiConventions().WithRateLimits();

        group.MapGet("/{id}/revisions", GetRevisions)
            .WithName(nameof(GetRevisions))
            .WithSummary("The history of a record")
            .WithDescription("Every kept version of the record, newest first, with who changed what and when; also for a deleted record.")
            .CacheOutput(Search.SearchIndexHost.CacheTag);

        var writes = group.MapGroup("").RequireAuthorization(ApiKeyAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        writes.MapPost("/", CreateRecord)
            .WithName(nameof(CreateRecord))
            .WithSummary("Create a record")
            .WithDescription("Adds a record in the record format (updatedAt is set by the service). Validated by the same rules as import; " +
                             "relation targets must exist. Needs an API key.")
            .Accepts<RecordDocument>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        writes.MapPut("/{id}", ReplaceRecord)
            .WithName(nameof(ReplaceRecord))
            .WithSummary("Replace a record")
            .WithDescription("Replaces the whole record. If-Match must carry the record's current ETag (412 when it has changed since). " +
                             "The previous version is kept as a revision. Needs an API key.")
            .Accepts<RecordDocument>("application/json")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        writes.MapDelete("/{id}", DeleteRecord)
            .WithName(nameof(DeleteRecord))
            .WithSummary("Delete a record")
            .WithDescription("Deletes the record (If-Match: its current ETag). It is kept as a tombstone in the change feed and in its " +
                             "revisions, and can be restored. Refused (409) while other records point to it. Needs an API key.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        writes.MapPost("/{id}/restore", RestoreRecord)
            .WithName(nameof(RestoreRecord))
            .WithSummary("Undo a deletion")
            .WithDescription("Brings a deleted record back as it was, as a new revision. Needs an API key.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    public static async Task<Results<CreatedJson<RecordDocument>, ValidationProblem, ProblemHttpResult>> CreateRecord(
        HttpRequest request, RecordWriter writer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (document, refusal) = await ReadRecordAsync<CreatedJson<RecordDocument>>(request, cancellationToken);
        if (document is null)
        {
            return refusal!;
        }

        var outcome = await writer.CreateAsync(document, user.Identity!.Name!, cancellationToken);
        return outcome.Document is { } created ? new CreatedJson<RecordDocument>(created, $"/api/v1/records/{document.Id}") : Problem<CreatedJson<RecordDocument>>(outcome.Refusal!);
    }

    public static async Task<Results<StoredJson<RecordDocument>, ValidationProblem, ProblemHttpResult>> ReplaceRecord(
        string id, HttpRequest request, RecordWriter writer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (document, refusal) = await ReadRecordAsync<StoredJson<RecordDocument>>(request, cancellationToken);
        if (document is null)
        {
            return refusal!;
        }

        var outcome = await writer.UpdateAsync(id, document, request.Headers.IfMatch, user.Identity!.Name!, cancellationToken);
        return outcome.Document is { } replaced ? new StoredJson<RecordDocument>(replaced) : Problem<StoredJson<RecordDocument>>(outcome.Refusal!);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteRecord(
        string id, HttpRequest request, RecordWriter writer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await writer.DeleteAsync(id, request.Headers.IfMatch, user.Identity!.Name!, cancellationToken);
        return outcome.Refusal is null ? TypedResults.NoContent() : Problem<NoContent>(outcome.Refusal);
    }

    public static async Task<Results<StoredJson<RecordDocument>, ValidationProblem, ProblemHttpResult>> RestoreRecord(
        string id, RecordWriter writer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await writer.RestoreAsync(id, user.Identity!.Name!, cancellationToken);
        return outcome.Document is { } restored ? new StoredJson<RecordDocument>(restored) : Problem<StoredJson<RecordDocument>>(outcome.Refusal!);
    }

    public static async Task<Results<Ok<RevisionsResponse>, ProblemHttpResult>> GetRevisions(
        string id, RegulationDbContext db, CancellationToken cancellationToken)
    {
        var current = await db.Records.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Document, r.UpdatedAt, r.DeletedAt }).FirstOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return Problems.RecordNotFound(id);
        }

        var revisions = await db.Revisions.AsNoTracking().Where(v => v.RecordId == id).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        // Imported and never changed since: its one version is the stored one.
        var items = revisions.Count > 0
            ? revisions.Select(v => new RevisionItem(v.Number, v.Action, v.ChangedBy, DateTime.SpecifyKind(v.ChangedAt, DateTimeKind.Utc), v.ChangedFields, Parse(v.Document)))
            : [new RevisionItem(1, RevisionActions.Imported, "import", DateTime.SpecifyKind(current.UpdatedAt, DateTimeKind.Utc), [], Parse(current.Document))];
        return TypedResults.Ok(new RevisionsResponse(items.ToList()));
    }

    private static RecordDocument? Parse(string? document) =>
        document is null ? null : JsonSerializer.Deserialize(document, RecordJsonContext.Default.RecordDocument);

    /// <summary>The body as a record, read as strictly as an import file: an unknown field or a wrong type is a 400 naming it.</summary>
    private static async Task<(RecordDocument? Document, Results<TOk, ValidationProblem, ProblemHttpResult>? Refusal)> ReadRecordAsync<TOk>(
        HttpRequest request, CancellationToken cancellationToken) where TOk : IResult
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the record as JSON, with Content-Type: application/json."));
        }

        try
        {
            var document = await JsonSerializer.DeserializeAsync(request.Body, RecordJsonContext.Default.RecordDocument, cancellationToken);
            return document is null
                ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["must be a record (a JSON object)"] }))
                : (document, null);
        }
        catch (JsonException e)
        {
            var (field, message) = RecordJson.Describe(e);
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field ?? "body"] = [message] }));
        }
    }

    /// <summary>A refused change as its problem: 400 naming the fields, 404, 409, 412 or 428.</summary>
    private static Results<TOk, ValidationProblem, ProblemHttpResult> Problem<TOk>(WriteRefusal refusal) where TOk : IResult
    {
        if (refusal.Reason == RefusalReason.Invalid)
        {
            return TypedResults.ValidationProblem(refusal.Errors!);
        }

        return TypedResults.Problem(detail: refusal.Detail, statusCode: refusal.Reason switch
        {
            RefusalReason.NotFound => StatusCodes.Status404NotFound,
            RefusalReason.Conflict => StatusCodes.Status409Conflict,
            RefusalReason.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
            _ => StatusCodes.Status412PreconditionFailed,
        });
    }
}
