using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace RegulationApi.Records;

/// <summary>Where a page ended: the sort key of its last record.</summary>
/// <param name="Score">Relevance score (relevance sort only).</param>
/// <param name="Date">The primary-date sort key.</param>
/// <param name="Id">The last record's id, the final tie-breaker.</param>
public sealed record PagePosition(double? Score, DateOnly Date, string Id);

/// <summary>
/// Cursors are encrypted and authenticated with ASP.NET Data Protection and carry a fingerprint of the query,
/// so a client can neither edit one nor replay it against another filter or sort.
/// </summary>
public sealed class RecordCursor(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("RegulationApi.RecordCursor.v1");

    private sealed record Payload(string Query, double? Score, DateOnly Date, string Id);

    public string Encode(RecordFilter filter, RecordSort sort, PagePosition position) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(
            JsonSerializer.SerializeToUtf8Bytes(new Payload(Fingerprint(filter, sort), position.Score, position.Date, position.Id))));

    public PagePosition? TryDecode(string cursor, RecordFilter filter, RecordSort sort)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(WebEncoders.Base64UrlDecode(cursor)));
            return payload is not null && payload.Query == Fingerprint(filter, sort)
                ? new PagePosition(payload.Score, payload.Date, payload.Id)
                : null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }

    private static string Fingerprint(RecordFilter filter, RecordSort sort) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { filter, sort }))[..16]);
}
