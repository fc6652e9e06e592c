using RegulationApi.Model;
namespace RegulationApi.Data;

/// <summary>A regulation or ruling as stored; never returned directly (see <see cref="RecordMapping"/>).</summary>
public sealed class Record
{
    public required string Id { get; set; }

    /// <summary>A stable number the search index keys the record by; assigned by the database, never changes.</summary>
    public int Seq { get; set; }
    public required string Kind { get; set; }
    public required string Jurisdiction { get; set; }

    public string? DocumentNumber { get; set; }
    public string? Level { get; set; }
    public DateOnly? Issued { get; set; }
    public DateOnly? Published { get; set; }
    public DateOnly? Effective { get; set; }
    public DateOnly? Repealed { get; set; }

    /// <summary>ruling.decided for a ruling, else issued, else published: the date every date filter and sort uses.</summary>
    public DateOnly? PrimaryDate { get; set; }
    public int? Year { get; set; }
    public required string Status { get; set; }
    public List<string> Topics { get; set; } = [];
    public required string Verification { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Set when the record was deleted through the API: the row stays, as the change feed's tombstone and for restoring.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>
    /// Hash of the document as last imported (or created), so re-importing an unchanged file writes nothing, and does not
    /// undo a curator's later edit or deletion either.
    /// </summary>
    public required string ContentHash { get; set; }

    /// <summary>Lower-cased authority and court names in every language, for the substring filter.</summary>
    public required string AuthorityText { get; set; }

    /// <summary>
    /// The record exactly as the API returns it (<see cref="RecordDocument"/> as JSON), written at import: a response is
    /// these bytes, unchanged, so reads cost neither deserialization nor serialization.
    /// </summary>
    public required string Document { get; set; }


    // The ruling part (kind=ruling only), as columns of the record's own row: one row per record keeps the bulk
    // import to a single COPY with no foreign keys to check.
    public string? CaseNumber { get; set; }
    public Dictionary<string, string>? Court { get; set; }
    public string? CourtLevel { get; set; }
    public string? Procedure { get; set; }
    public Dictionary<string, string>? CauseOfAction { get; set; }
    public DateOnly? Decided { get; set; }
    public string? Outcome { get; set; }
    public List<string>? LegalBasis { get; set; }
    public decimal? AmountInDispute { get; set; }
    public string? AmountCurrency { get; set; }
}

/// <summary>A typed link held by <see cref="SourceId"/>, read from both sides.</summary>
public sealed class RecordRelation
{
    public required string SourceId { get; set; }
    public required string Type { get; set; }
    public required string TargetId { get; set; }
}

/// <summary>Moves on with every import, so each running service knows when to rebuild its search index.</summary>
public sealed class DataVersion
{
    public int Id { get; set; }
    public long Version { get; set; }
    public DateTime ChangedAt { get; set; }
}
