using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using RegulationApi.Data;
using RegulationApi.Model;

namespace RegulationApi.Writes;

/// <summary>
/// A record as the COPY writes it: its filter columns, its ruling part and relations for their own tables, and the
/// document the API returns, serialized once, with texts by language in key order and relations in order, so that
/// neither key order nor relation order alone is a change. The content hash is taken over that document.
/// </summary>
internal sealed class RecordRow
{
    // RecordDocument ends with updatedAt, which is only known when the row is written.
    private const string UpdatedAtPlaceholder = "\"updatedAt\":null}";

    public required RecordDocument Source { get; init; }
    public required string AuthorityText { get; init; }
    public required List<RecordRelation> Relations { get; init; }

    /// <summary>The document without its update time, as hashed.</summary>
    public required string DocumentWithoutUpdatedAt { get; init; }
    public required string ContentHash { get; init; }

    public string Id => Source.Id;

    public DateOnly? PrimaryDate => Source.PrimaryDate();

    public int? Year => PrimaryDate?.Year ?? Source.Year;

    /// <summary>The stored document, stamped with the time it was written.</summary>
    public string Document(DateTime updatedAt) =>
        string.Concat(DocumentWithoutUpdatedAt.AsSpan(0, DocumentWithoutUpdatedAt.Length - UpdatedAtPlaceholder.Length),
            "\"updatedAt\":", JsonSerializer.Serialize(DateTime.SpecifyKind(updatedAt, DateTimeKind.Utc)), "}");

    /// <summary>Whether a stored document says the same as this one, whatever its update time.</summary>
    public bool HasContentOf(string storedDocument)
    {
        var end = storedDocument.LastIndexOf("\"updatedAt\":", StringComparison.Ordinal);
        var length = DocumentWithoutUpdatedAt.Length - UpdatedAtPlaceholder.Length;
        return end == length && storedDocument.AsSpan(0, end).SequenceEqual(DocumentWithoutUpdatedAt.AsSpan(0, length));
    }

    public static RecordRow From(RecordDocument document)
    {
        var ruling = document.Ruling;
        var canonical = document with
        {
            Title = Sorted(document.Title),
            Summary = document.Summary is null ? null : Sorted(document.Summary),
            KeyPoints = document.KeyPoints.Select(Sorted).ToList(),
            Authorities = document.Authorities.Select(Sorted).ToList(),
            Year = document.PrimaryDate()?.Year ?? document.Year,
            Ruling = ruling is null ? null : ruling with
            {
                Court = Sorted(ruling.Court),
                CauseOfAction = ruling.CauseOfAction is null ? null : Sorted(ruling.CauseOfAction),
            },
            Relations = document.Relations.Distinct().OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Target, StringComparer.Ordinal).ToList(),
            UpdatedAt = null,
        };
        var json = JsonSerializer.Serialize(canonical, RecordJson.Document);
        if (!json.EndsWith(UpdatedAtPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("RecordDocument must end with updatedAt.");
        }

        return new RecordRow
        {
            Source = canonical,
            AuthorityText = string.Join('\n', document.Authorities.SelectMany(a => a.Values)
                .Concat(ruling?.Court.Values ?? Enumerable.Empty<string>())).ToLowerInvariant(),
            Relations = canonical.Relations.Select(r => new RecordRelation { SourceId = document.Id, Type = r.Type, TargetId = r.Target }).ToList(),
            DocumentWithoutUpdatedAt = json,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
        };
    }

    private static Dictionary<string, string> Sorted(Dictionary<string, string> texts)
    {
        string? previous = null;
        foreach (var language in texts.Keys)
        {
            if (previous is not null && string.CompareOrdinal(previous, language) > 0)
            {
                return texts.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary();
            }

            previous = language;
        }

        // Already in order (as most are): a dictionary enumerates in insertion order while nothing is removed.
        return texts;
    }
}
