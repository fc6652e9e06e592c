namespace RegulationApi.Data;

/// <summary>
/// One version of a record, with who made it and how. A record imported and never changed has none; its first change
/// through the API or a later import stores the imported version first, so no earlier version is ever lost.
/// </summary>
public sealed class RecordRevision
{
    public required string RecordId { get; set; }

    /// <summary>1, 2, 3 … per record.</summary>
    public int Number { get; set; }

    /// <summary>The record as this change left it (the API's JSON); null for a deletion.</summary>
    public string? Document { get; set; }

    /// <summary><see cref="Writes.RevisionActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>The API key's name, or "import".</summary>
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }

    /// <summary>Top-level fields of the record that differ from the previous version.</summary>
    public List<string> ChangedFields { get; set; } = [];
}

/// <summary>A curator's key: only its SHA-256 hash is stored; the secret is shown once, when it is created.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    /// <summary>Who holds it; recorded as changedBy on every revision made with it.</summary>
    public required string Name { get; set; }
    public required string Hash { get; set; }

    /// <summary>The secret's first characters, to tell keys apart in listings without storing the secret.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
