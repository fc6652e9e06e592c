using System.Text.RegularExpressions;
using FluentValidation;

namespace RegulationApi.Model;

/// <summary>
/// Validates a record before anything is written. Relation targets are checked against the ids passed in
/// <see cref="KnownIdsKey"/> of the root context data (the batch being imported plus the database).
/// </summary>
public sealed partial class RecordDocumentValidator : AbstractValidator<RecordDocument>
{
    public const string KnownIdsKey = "knownIds";

    public RecordDocumentValidator()
    {
        RuleFor(r => r.Id).NotEmpty().MaximumLength(100).Matches(IdPattern())
            .WithMessage("must be lowercase a-z, 0-9 and single '-' between them (for example cn-ndrc-2021-1283)");
        RuleFor(r => r.Kind).Must(Vocabulary.Kinds.Contains).WithMessage(OneOf(Vocabulary.Kinds));
        RuleFor(r => r.Jurisdiction).Must(Jurisdictions.All.ContainsKey)
            .WithMessage("must be a known ISO 3166-1 alpha-2 or ISO 3166-2 code, or EU (for example CN, CN-SC, KZ, US-NY, EU)");

        RuleFor(r => r.Title).NotEmpty().SetValidator(new LocalizedTextValidator());
        RuleFor(r => r.Title).Must(t => t.ContainsKey("zh") && t.ContainsKey("en"))
            .WithMessage("must include a Chinese (zh) and an English (en) title, beside the original language's");
        RuleFor(r => r.Summary!).SetValidator(new LocalizedTextValidator()).When(r => r.Summary is not null);
        RuleForEach(r => r.KeyPoints).NotEmpty().SetValidator(new LocalizedTextValidator());
        RuleForEach(r => r.Authorities).NotEmpty().SetValidator(new LocalizedTextValidator());
        RuleFor(r => r.DocumentNumber).MaximumLength(200).Must(n => n is null || n.Trim().Length > 0)
            .WithMessage("must be null rather than blank");

        RuleFor(r => r.Level).NotEmpty().Must(l => Vocabulary.Levels.Contains(l)).WithMessage(OneOf(Vocabulary.Levels));
        RuleFor(r => r.Status).Must(Vocabulary.Statuses.Contains).WithMessage(OneOf(Vocabulary.Statuses));
        RuleFor(r => r.Verification).Must(Vocabulary.Verifications.Contains).WithMessage(OneOf(Vocabulary.Verifications));
        RuleForEach(r => r.Topics).Must(Vocabulary.Topics.Contains).WithMessage(OneOf(Vocabulary.Topics));
        RuleFor(r => r.Topics).Must(t => t.Distinct().Count() == t.Count).WithMessage("must not repeat a topic");

        RuleFor(r => r.Notes).NotEmpty().When(r => r.Verification != "confirmed")
            .WithMessage("must say what is uncertain when verification is not 'confirmed'");

        // Dates that make sense together.
        RuleFor(r => r.Dates).NotNull();
        RuleFor(r => r.Dates.Published).GreaterThanOrEqualTo(r => r.Dates.Issued)
            .When(r => r.Dates?.Issued is not null && r.Dates.Published is not null)
            .WithName("dates.published").WithMessage("must not be before dates.issued");
        RuleFor(r => r.Dates.Repealed).GreaterThanOrEqualTo(r => r.Dates.Issued ?? r.Dates.Published)
            .When(r => r.Dates?.Repealed is not null && (r.Dates.Issued ?? r.Dates.Published) is not null)
            .WithName("dates.repealed").WithMessage("must not be before the record was issued or published");
        RuleFor(r => r.Dates.Repealed).GreaterThanOrEqualTo(r => r.Dates.Effective)
            .When(r => r.Dates?.Repealed is not null && r.Dates.Effective is not null)
            .WithName("dates.repealed").WithMessage("must not be before dates.effective");
        RuleFor(r => r.Dates.Repealed).NotNull().When(r => r.Status == "repealed" && r.Dates is not null)
            .WithName("dates.repealed").WithMessage("must be given when status is 'repealed'");
        RuleFor(r => r.Status).Must(s => s is "repealed" or "expired" or "amended" or "historical")
            .When(r => r.Dates?.Repealed is not null)
            .WithMessage("must be 'repealed' (or expired, amended, historical) when dates.repealed is given");
        RuleFor(r => r.Year).InclusiveBetween(1800, 2200);
        RuleFor(r => r.Year).Equal(r => r.PrimaryDate()!.Value.Year)
            .When(r => r.Year is not null && r.Dates is not null && r.PrimaryDate() is not null)
            .WithMessage("must be the year of the primary date (ruling.decided, dates.issued or dates.published)");

        // Kind-specific fields.
        RuleFor(r => r.Ruling).NotNull().When(r => r.Kind == "ruling").WithMessage("is required for kind 'ruling'");
        RuleFor(r => r.Ruling).Null().When(r => r.Kind == "regulation").WithMessage("must be null for kind 'regulation'");
        RuleFor(r => r.Ruling!).SetValidator(new RulingDocumentValidator()).When(r => r.Ruling is not null);
        RuleFor(r => r.Ruling!.CourtLevel)
            .Must((r, level) => level is null || (IsChinese(r) ? Vocabulary.ChineseCourtLevels : Vocabulary.OtherCourtLevels).Contains(level))
            .When(r => r.Ruling is not null && Vocabulary.CourtLevels.Contains(r.Ruling.CourtLevel))
            .WithName("ruling.courtLevel")
            .WithMessage(r => IsChinese(r)
                ? "must be a Chinese court level for a court in China: " + string.Join(", ", Vocabulary.ChineseCourtLevels)
                : "must be trial, appellate or supreme for a court outside China");

        RuleForEach(r => r.Relations).ChildRules(relation =>
        {
            relation.RuleFor(x => x.Type).Must(Vocabulary.RelationTypes.Contains).WithMessage(OneOf(Vocabulary.RelationTypes));
            relation.RuleFor(x => x.Target).NotEmpty().Matches(IdPattern()).WithMessage("must be a record id");
        });
        RuleForEach(r => r.Relations)
            .Must((record, relation) => relation.Target != record.Id).WithMessage("must not point to the record itself")
            .Must((record, relation, context) => !context.RootContextData.TryGetValue(KnownIdsKey, out var ids)
                                                  || ((IReadOnlySet<string>)ids).Contains(relation.Target))
            .WithMessage((_, relation) => UnknownTarget(relation.Target));
        RuleFor(r => r.Relations).Must(list => list.Distinct().Count() == list.Count).WithMessage("must not repeat a relation");
        RuleForEach(r => r.Relations).Must(relation => relation.Type != "applies")
            .When(r => r.Kind != "ruling").WithMessage("'applies' is a relation of rulings");

        RuleFor(r => r.Sources).NotEmpty().WithMessage("must name at least one source");
        RuleForEach(r => r.Sources).ChildRules(source =>
        {
            source.RuleFor(s => s.Url).Must(BeAbsoluteHttpUrl).WithMessage("must be an absolute http(s) URL");
            source.RuleFor(s => s.Type).Must(Vocabulary.SourceTypes.Contains).WithMessage(OneOf(Vocabulary.SourceTypes));
        });
    }

    private static bool IsChinese(RecordDocument record) => record.Jurisdiction is "CN" || record.Jurisdiction.StartsWith("CN-", StringComparison.Ordinal);

    /// <summary>Why a relation is refused when its target is nowhere; the importer, which checks targets after streaming, says the same.</summary>
    internal static string UnknownTarget(string target) => $"targets '{target}', which is neither in this import nor in the database";

    internal static string OneOf(IEnumerable<string> values) => "must be one of: " + string.Join(", ", values);

    private static bool BeAbsoluteHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex IdPattern();
}

public sealed class RulingDocumentValidator : AbstractValidator<RulingDocument>
{
    public RulingDocumentValidator()
    {
        RuleFor(r => r.Court).NotEmpty().SetValidator(new LocalizedTextValidator());
        RuleFor(r => r.CourtLevel).Must(v => Vocabulary.CourtLevels.Contains(v)).WithMessage(RecordDocumentValidator.OneOf(Vocabulary.CourtLevels));
        RuleFor(r => r.Procedure).Must(v => v is null || Vocabulary.Procedures.Contains(v)).WithMessage(RecordDocumentValidator.OneOf(Vocabulary.Procedures));
        RuleFor(r => r.Outcome).Must(v => Vocabulary.Outcomes.Contains(v)).WithMessage(RecordDocumentValidator.OneOf(Vocabulary.Outcomes));
        RuleFor(r => r.CauseOfAction!).SetValidator(new LocalizedTextValidator()).When(r => r.CauseOfAction is not null);
        RuleForEach(r => r.LegalBasis).NotEmpty();
        RuleFor(r => r.CaseNumber).Must(n => n is null || n.Trim().Length > 0).WithMessage("must be null rather than blank");
        RuleFor(r => r.AmountInDispute!.Amount).GreaterThan(0).When(r => r.AmountInDispute is not null)
            .WithName("amountInDispute.amount");
        RuleFor(r => r.AmountInDispute!.Currency).Must(Vocabulary.Currencies.Contains).When(r => r.AmountInDispute is not null)
            .WithName("amountInDispute.currency").WithMessage("must be an ISO 4217 currency code (for example CNY)");
    }
}

/// <summary>Text by language: ISO 639-1 codes (zh, en, ru, kk) mapped to non-blank text.</summary>
public sealed partial class LocalizedTextValidator : AbstractValidator<Dictionary<string, string>>
{
    public LocalizedTextValidator()
    {
        // One rule for the whole map (a bulk import validates millions of them); each entry is named by its key (title.zh).
        RuleFor(t => t).Custom((texts, context) =>
        {
            foreach (var (language, text) in texts)
            {
                if (!LanguagePattern().IsMatch(language))
                {
                    context.AddFailure(language, $"has '{language}', which is not an ISO 639-1 language code");
                }
                else if (string.IsNullOrWhiteSpace(text))
                {
                    context.AddFailure(language, $"has a blank '{language}' text");
                }
            }
        });
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LanguagePattern();
}
