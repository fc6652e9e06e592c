using System.Text.RegularExpressions;
using FluentValidation;
using RegulationApi.Search;
using RegulationApi.Model;

namespace RegulationApi.Records;

/// <summary>The rules of the filters that /api/v1/records and /api/v1/stats/years share.</summary>
public abstract partial class RecordFilterValidator<T> : AbstractValidator<T> where T : RecordFilterRequest
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
        RuleFor(r => r.Kind).Custom(Each("kind", Vocabulary.Kinds.Contains, "is not a kind; " + RecordDocumentValidator.OneOf(Vocabulary.Kinds)));
        RuleFor(r => r.Jurisdiction).Custom(Each("jurisdiction", JurisdictionPattern().IsMatch, "is not an ISO 3166-1 alpha-2 or ISO 3166-2 code (CN, CN-SC)"));
        RuleFor(r => r.Topic).Custom(Each("topic", Vocabulary.Topics.Contains, "is not a topic; " + RecordDocumentValidator.OneOf(Vocabulary.Topics)));
        RuleFor(r => r.Status).Custom(Each("status", Vocabulary.Statuses.Contains, "is not a status; " + RecordDocumentValidator.OneOf(Vocabulary.Statuses)));
        RuleFor(r => r.Level).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("level", Vocabulary.Levels.Contains, "is not a level; " + RecordDocumentValidator.OneOf(Vocabulary.Levels)));
        RuleFor(r => r.CourtLevel).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("courtLevel", Vocabulary.CourtLevels.Contains, "is not a court level; " + RecordDocumentValidator.OneOf(Vocabulary.CourtLevels)));
        RuleFor(r => r.Outcome).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("outcome", Vocabulary.Outcomes.Contains, "is not an outcome; " + RecordDocumentValidator.OneOf(Vocabulary.Outcomes)));
        RuleFor(r => r.Year).Must(BeYear).WithMessage("must be a year from 1 to 9999");
        RuleFor(r => r.YearFrom).Must(BeYear).WithMessage("must be a year from 1 to 9999");
        RuleFor(r => r.YearTo).Must(BeYear).WithMessage("must be a year from 1 to 9999");
        RuleFor(r => r.YearFrom).Must((r, from) => RecordFilterRequest.ParseInt(from) <= RecordFilterRequest.ParseInt(r.YearTo))
            .When(r => BeYear(r.YearFrom) && BeYear(r.YearTo) && r.YearFrom is not null && r.YearTo is not null)
            .WithMessage("must not be after yearTo");
        RuleFor(r => r.From).Must(BeDate).WithMessage("must be a date written YYYY-MM-DD");
        RuleFor(r => r.To).Must(BeDate).WithMessage("must be a date written YYYY-MM-DD");
        RuleFor(r => r.From).Must((r, from) => RecordFilterRequest.ParseDate(from) <= RecordFilterRequest.ParseDate(r.To))
            .When(r => BeDate(r.From) && BeDate(r.To) && r.From is not null && r.To is not null)
            .WithMessage("must not be after to");
        RuleFor(r => r.Authority).MaximumLength(200);
        RuleFor(r => r.InForceOn).Must(BeDate).WithMessage("must be a date written YYYY-MM-DD");
        RuleFor(r => r.AppliesIn).Must(NotHaveEmptyValues).WithMessage(EmptyValue)
            .Custom(Each("appliesIn", JurisdictionPattern().IsMatch, "is not an ISO 3166-1 alpha-2 or ISO 3166-2 code (CN, CN-SC)"));
    }

    /// <summary>Checks each value of a list parameter, reporting under the parameter's own name.</summary>
    protected static Action<string[]?, ValidationContext<T>> Each(string parameter, Func<string, bool> isValid, string problem) =>
        (values, context) =>
        {
            foreach (var value in RecordFilterRequest.Split(values).Where(v => !isValid(v)))
            {
                context.AddFailure(parameter, $"'{value}' {problem}");
            }
        };

    protected const string EmptyValue = "must not be empty; leave the parameter out to not filter by it";

    protected static bool NotHaveEmptyValues(string[]? values) =>
        values is null || values.All(v => v.Split(',').All(part => part.Trim().Length > 0));

    private static bool BeYear(string? value) =>
        value is null || RecordFilterRequest.ParseInt(value) is >= 1 and <= 9999;

    private static bool BeDate(string? value) => value is null || RecordFilterRequest.ParseDate(value) is not null;

    [GeneratedRegex("^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$")]
    private static partial Regex JurisdictionPattern();
}

public sealed class RecordFilterRequestValidator : RecordFilterValidator<RecordFilterRequest>;
