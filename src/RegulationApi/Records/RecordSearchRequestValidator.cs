using FluentValidation;
using RegulationApi.Infrastructure;
using RegulationApi.Model;

namespace RegulationApi.Records;

/// <summary>The filters' rules, and those of sort, paging, facets, the change feed and exports.</summary>
public sealed class RecordSearchRequestValidator : RecordFilterValidator<RecordSearchRequest>
{
    public RecordSearchRequestValidator()
    {
        RuleFor(r => r.Sort).Satisfies(QueryValue.OneOf(Vocabulary.Sorts));
        RuleFor(r => r.Sort).Must(s => s != "relevance").When(r => string.IsNullOrWhiteSpace(r.Q))
            .WithMessage("relevance needs a query: give q, or sort by date");
        RuleFor(r => r.Facets).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Satisfies(QueryValue.OneOf(Search.Facets.Fields, "a facet"));
        RuleFor(r => r.Limit).Satisfies(QueryValue.Limit);

        RuleFor(r => r.UpdatedSince).Satisfies(QueryValue.Timestamp);
        RuleFor(r => r.Sort).Must(s => s is null || s == "updated").When(r => r.UpdatedSince is not null)
            .WithMessage("must be 'updated' (or left out) with updatedSince: the change feed is in the order of change");
        RuleFor(r => r).Custom((r, context) =>
        {
            if (!r.IsChangeFeed)
            {
                return;
            }

            // The feed lists deletions too, which no filter can apply to: a mirror takes it whole.
            foreach (var (name, given) in FilterParameters(r).Append(("facets", r.Facets is { Length: > 0 })).Append(("format", r.Format is not null)))
            {
                if (given)
                {
                    context.AddFailure(name, "cannot be combined with the change feed (updatedSince or sort=updated), which takes only limit and cursor");
                }
            }
        });

        RuleFor(r => r.Format).Satisfies(QueryValue.OneOf(Vocabulary.Formats));
        RuleFor(r => r.Limit).Null().When(r => r.Format is "csv" or "ndjson")
            .WithMessage("cannot be combined with an export (format=csv or ndjson), which streams every match");
        RuleFor(r => r.Cursor).Null().When(r => r.Format is "csv" or "ndjson")
            .WithMessage("cannot be combined with an export (format=csv or ndjson), which streams every match");
        RuleFor(r => r.Facets).Must(f => f is not { Length: > 0 }).When(r => r.Format is "csv" or "ndjson")
            .WithMessage("cannot be combined with an export (format=csv or ndjson)");
    }

    private static IEnumerable<(string Name, bool Given)> FilterParameters(RecordSearchRequest r) =>
    [
        ("q", r.Q is not null), ("kind", r.Kind is { Length: > 0 }), ("jurisdiction", r.Jurisdiction is { Length: > 0 }), ("year", r.Year is not null),
        ("yearFrom", r.YearFrom is not null), ("yearTo", r.YearTo is not null), ("from", r.From is not null), ("to", r.To is not null),
        ("topic", r.Topic is { Length: > 0 }), ("status", r.Status is { Length: > 0 }), ("authority", r.Authority is not null),
        ("inForceOn", r.InForceOn is not null), ("appliesIn", r.AppliesIn is { Length: > 0 }),
        ("level", r.Level is { Length: > 0 }), ("courtLevel", r.CourtLevel is { Length: > 0 }), ("outcome", r.Outcome is { Length: > 0 }),
    ];
}
