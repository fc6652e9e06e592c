using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using RegulationApi.Search;

namespace RegulationApi.Records;

/// <summary>
/// Cursors are encrypted and authenticated with ASP.NET Data Protection and carry a fingerprint of the query, so a
/// client can neither edit one nor replay it against another filter or sort. A cursor names the last record sent (its
/// tier, day and id), not a place in one snapshot: after the knowledge base has changed it still resumes right after that
/// record. Records that did not change while a client paged are each sent exactly once; one that changed meanwhile is
/// sent where it stood when its page was read, and again where it stands now if that is further on.
/// </summary>
public sealed class RecordCursor(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("RegulationApi.RecordCursor.v2");

    private sealed record Payload(string Query, int Tier, int Day, string Id);

    public string Encode(RecordFilter filter, RecordSort sort, PagePosition position) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(
            JsonSerializer.SerializeToUtf8Bytes(new Payload(Fingerprint(filter, sort), position.Tier, position.Day, position.Id!))));

    /// <summary>The position, or the reason the cursor cannot be used.</summary>
    public (PagePosition? Position, string? Problem) Decode(string cursor, RecordFilter filter, RecordSort sort)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(WebEncoders.Base64UrlDecode(cursor)));
            return payload is null || payload.Query != Fingerprint(filter, sort) || payload.Id is null || payload.Tier is < 0 or > 1
                ? (null, "is not a cursor of this query: take nextCursor from the previous page, unchanged, with the same filters and sort")
                : (new PagePosition(payload.Tier, payload.Day, payload.Id), null);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException)
        {
            return (null, "is not a cursor of this query: take nextCursor from the previous page, unchanged, with the same filters and sort");
        }
    }

    private static string Fingerprint(RecordFilter filter, RecordSort sort) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { filter, sort }))[..16]);
}
