using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>
/// Cursors are encrypted and authenticated with ASP.NET Data Protection and carry a fingerprint of the query and the
/// version of the index they were made from, so a client can neither edit one nor replay it against another filter,
/// sort, or a knowledge base that has changed since (where positions would no longer mean the same records).
/// </summary>
public sealed class RecordCursor(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("RegulationApi.RecordCursor.v2");

    private sealed record Payload(string Query, long Version, int Tier, int Rank);

    public string Encode(RecordFilter filter, RecordSort sort, long version, PagePosition position) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(
            JsonSerializer.SerializeToUtf8Bytes(new Payload(Fingerprint(filter, sort), version, position.Tier, position.Rank))));

    /// <summary>The position, or the reason the cursor cannot be used.</summary>
    public (PagePosition? Position, string? Problem) Decode(string cursor, RecordFilter filter, RecordSort sort, long version)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(WebEncoders.Base64UrlDecode(cursor)));
            if (payload is null || payload.Query != Fingerprint(filter, sort))
            {
                return (null, "is not a cursor of this query: take nextCursor from the previous page, unchanged, with the same filters and sort");
            }

            return payload.Version == version
                ? (new PagePosition(payload.Tier, payload.Rank), null)
                : (null, "was made before the knowledge base last changed: start again from the first page");
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException)
        {
            return (null, "is not a cursor of this query: take nextCursor from the previous page, unchanged, with the same filters and sort");
        }
    }

    private static string Fingerprint(RecordFilter filter, RecordSort sort) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { filter, sort }))[..16]);
}
