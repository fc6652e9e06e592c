using FluentValidation;
using RegulationApi.Infrastructure;
using RegulationApi.Model;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>The rules of the filters that /api/v1/records and /api/v1/stats/years share.</summary>
public abstract class RecordFilterValidator<T> : AbstractValidator<T> where T : RecordFilterRequest
{
    public RecordFilterValidator()
    {
        // An empty value is a mistake, not "no filter": leaving the parameter out is how to ask for everything.
        RuleFor(r => r.Kind).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Jurisdiction).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Topic).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Status).Must(NotHaveEmptyValues).WithMessage(EmptyValue);
        RuleFor(r => r.Authority).Must(a => a is null || a.Trim().Length > 0).WithMessage(EmptyValue)
            .Must(a => a is null || !a.Any(char.IsControl)).WithMessage("must not contain control characters");
        RuleFor(r => r.Q).MaximumLength(500)
            .Must(q => q is null || SearchText.Parse(q) is not null).WithMessage("must contain at least one letter or digit");
        RuleFor(r => r.Kind).Satisfies(QueryValue.OneOf(Vocabulary.Kinds, "a kind"));
        RuleFor(r => r.Jurisdiction).Satisfies(QueryValue.Jurisdiction);
        RuleFor(r => r.Topic).Satisfies(QueryValue.OneOf(Vocabulary.Topics, "a topic"));
        RuleFor(r => r.Status).Satisfies(QueryValue.OneOf(Vocabulary.Statuses, "a status"));
        RuleFor(r => r.Level).Must(NotHaveEmptyValues).WithMessage(EmptyValue).Satisfies(QueryValue.OneOf(Vocabulary.Levels, "a level"));
        RuleFor(r => r.CourtLevel).Must(NotHaveEmptyValues).WithMessage(EmptyValue).Satisfies(QueryValue.OneOf(Vocabulary.CourtLevels, "a court level"));
        RuleFor(r => r.Outcome).Must(NotHaveEmptyValues).WithMessage(EmptyValue).Satisfies(QueryValue.OneOf(Vocabulary.Outcomes, "an outcome"));
        RuleFor(r => r.Year).Satisfies(QueryValue.Year);
        RuleFor(r => r.YearFrom).Satisfies(QueryValue.Year);
        RuleFor(r => r.YearTo).Satisfies(QueryValue.Year);
        RuleFor(r => r.YearFrom).Must((r, from) => QueryValue.ParseInt(from) <= QueryValue.ParseInt(r.YearTo))
            .When(r => QueryValue.Year.Accepts(r.YearFrom) && QueryValue.Year.Accepts(r.YearTo) && r.YearFrom is not null && r.YearTo is not null)
            .WithMessage("must not be after yearTo");
        RuleFor(r => r.From).Satisfies(QueryValue.Date);
        RuleFor(r => r.To).Satisfies(QueryValue.Date);
        RuleFor(r => r.From).Must((r, from) => QueryValue.ParseDate(from) <= QueryValue.ParseDate(r.To))
            .When(r => QueryValue.Date.Accepts(r.From) && QueryValue.Date.Accepts(r.To) && r.From is not null && r.To is not null)
            .WithMessage("must not be after to");
        RuleFor(r => r.Authority).MaximumLength(200);
        RuleFor(r => r.InForceOn).Satisfies(QueryValue.Date);
        RuleFor(r => r.AppliesIn).Must(NotHaveEmptyValues).WithMessage(EmptyValue).Satisfies(QueryValue.Jurisdiction);
    }

    protected const string EmptyValue = "must not be empty; leave the parameter out to not filter by it";

    protected static bool NotHaveEmptyValues(string[]? values) =>
        values is null || values.All(v => v.Split(',').All(part => part.Trim().Length > 0));
}

public sealed class RecordFilterRequestValidator : RecordFilterValidator<RecordFilterRequest>;
