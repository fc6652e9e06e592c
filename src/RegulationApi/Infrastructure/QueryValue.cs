using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation.Validators;
using FluentValidation;
using RegulationApi.Model;

namespace RegulationApi.Infrastructure;

/// <summary>
/// What one query value may be, written once: the validators check it (<see cref="QueryValueRules"/>),
/// and the OpenAPI document reads the same rule from them to declare the parameter's type, range, values and pattern.
/// </summary>
public sealed record QueryValue(Func<string, bool> IsValid, string Problem)
{
    public bool IsInteger { get; init; }

    public string? Format { get; init; }

    public int? Minimum { get; init; }

    public int? Maximum { get; init; }

    public IReadOnlyList<string>? Allowed { get; init; }

    public string? Pattern { get; init; }

    /// <summary>A comma-separated list parameter's values, trimmed, distinct and in ordinal order.</summary>
    public static string[] Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static DateTime? ParseTimestamp(string? value) =>
        value is not null && value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
        && (value.EndsWith('Z') || value.EndsWith("z") || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T'))
            ? instant.UtcDateTime
            : null;

    public static QueryValue Year { get; } = WholeNumber(1, 9999, "a year");

    public static QueryValue Limit { get; } = WholeNumber(1, 100, "a whole number");

    public static QueryValue Date { get; } = new(v => ParseDate(v) is not null, "must be a date written YYYY-MM-DD") { Format = "date" };

    public static QueryValue Timestamp { get; } =
        new(v => ParseTimestamp(v) is not null, "must be a UTC timestamp written like 2026-11-24T12:00:00Z") { Format = "date-time" };

    public static QueryValue Jurisdiction { get; } =
        Matching("^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$", "is not an ISO 3166-1 alpha-2 or ISO 3166-2 code (CN, CN-SC)");

    /// <summary>A value of a list ("'x' is not a kind; must be one of: …"), or with no noun a single one ("must be one of: …").</summary>
    public static QueryValue OneOf(IReadOnlyList<string> allowed, string? noun = null) =>
        new(allowed.Contains, (noun is null ? "" : $"is not {noun}; ") + RecordDocumentValidator.OneOf(allowed)) { Allowed = allowed };

    private static QueryValue WholeNumber(int minimum, int maximum, string noun) =>
        new(v => ParseInt(v) is { } n && n >= minimum && n <= maximum, $"must be {noun} from {minimum} to {maximum}")
        {
            IsInteger = true, Format = "int32", Minimum = minimum, Maximum = maximum,
        };

    private static QueryValue Matching(string pattern, string problem) =>
        new(new Regex(pattern, RegexOptions.CultureInvariant).IsMatch, problem) { Pattern = pattern };

    /// <summary>Absent, or valid.</summary>
    public bool Accepts(string? value) => value is null || IsValid(value);
}

/// <summary>A validator that applies a <see cref="QueryValue"/>, so that what reads the validators can find the rule.</summary>
public interface IQueryValueValidator
{
    QueryValue Rule { get; }
}

public static class QueryValueRules
{
    public static IRuleBuilderOptions<T, string?> Satisfies<T>(this IRuleBuilder<T, string?> rule, QueryValue value) =>
        rule.SetValidator(new SingleValueValidator<T>(value));

    /// <summary>Each value of a list parameter (comma-separated or repeated), each bad one its own error under the parameter's name.</summary>
    public static IRuleBuilderOptions<T, string[]?> Satisfies<T>(this IRuleBuilder<T, string[]?> rule, QueryValue value) =>
        rule.SetValidator(new ListValueValidator<T>(value));

    private sealed class SingleValueValidator<T>(QueryValue rule) : PropertyValidator<T, string?>, IQueryValueValidator
    {
        public QueryValue Rule => rule;

        public override string Name => "QueryValue";

        public override bool IsValid(ValidationContext<T> context, string? value) => rule.Accepts(value);

        protected override string GetDefaultMessageTemplate(string errorCode) => rule.Problem;
    }

    private sealed class ListValueValidator<T>(QueryValue rule) : PropertyValidator<T, string[]?>, IQueryValueValidator
    {
        public QueryValue Rule => rule;

        public override string Name => "QueryValues";

        public override bool IsValid(ValidationContext<T> context, string[]? values)
        {
            foreach (var value in QueryValue.Split(values).Where(v => !rule.IsValid(v)))
            {
                context.AddFailure(context.PropertyPath, $"'{value}' {rule.Problem}");
            }

            return true;
        }
    }
}
