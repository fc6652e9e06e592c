using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Model;

namespace RegulationApi.Records;

/// <summary>
/// updatedSince / sort=updated: every record created, changed or deleted after an instant, oldest change first, read
/// from the database (by the index on (updated_at, id)) so that a change is listed as soon as it is committed.
/// A deleted record is a tombstone: {"id", "deleted": true, "deletedAt", "updatedAt"}.
/// </summary>
public sealed class ChangeFeed(RegulationDbContext db, IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("RegulationApi.ChangeFeed.v1");

    private sealed record Position(DateTime Since, DateTime UpdatedAt, string Id);

    /// <summary>The page and the next page's cursor (null on the last), or the reason the cursor cannot be used.</summary>
    public async Task<(StoredJson<PagedResult<RecordDocument>>? Page, string? Next, string? CursorProblem)> PageAsync(
        DateTime? since, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var from = since ?? DateTime.MinValue;
        Position? after = null;
        if (cursor is not null)
        {
            after = Decode(cursor);
            if (after is null || after.Since != from)
            {
                return (null, null, "is not a cursor of this change feed: take nextCursor from the previous page, unchanged, with the same updatedSince");
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            long total;
            await using (var count = new NpgsqlCommand("SELECT count(*) FROM records WHERE updated_at > $1", connection))
            {
                count.Parameters.Add(new NpgsqlParameter { Value = DateTime.SpecifyKind(from, DateTimeKind.Utc) });
                total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            }

            var rows = new List<(string Id, DateTime UpdatedAt, DateTime? DeletedAt, string? Document)>(limit + 1);
            await using (var command = new NpgsqlCommand(
                "SELECT id, updated_at, deleted_at, CASE WHEN deleted_at IS NULL THEN document END FROM records " +
                "WHERE updated_at > $1 AND (updated_at, id) > ($2, $3) ORDER BY updated_at, id LIMIT $4", connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = DateTime.SpecifyKind(from, DateTimeKind.Utc) });
                command.Parameters.Add(new NpgsqlParameter { Value = DateTime.SpecifyKind(after?.UpdatedAt ?? from, DateTimeKind.Utc) });
                command.Parameters.Add(new NpgsqlParameter { Value = after?.Id ?? "" });
                command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetString(0), reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
            }

            string? next = null;
            if (rows.Count > limit)
            {
                rows.RemoveAt(limit);
                next = Encode(new Position(from, rows[^1].UpdatedAt, rows[^1].Id));
            }

            return (StoredJson.Page(rows.Select(r => r.Document ?? Tombstone(r.Id, r.DeletedAt!.Value, r.UpdatedAt)).ToList(), total, next, null), next, null);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Tombstone(string id, DateTime deletedAt, DateTime updatedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = RecordJson.Document.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteBoolean("deleted", true);
            writer.WriteString("deletedAt", DateTime.SpecifyKind(deletedAt, DateTimeKind.Utc));
            writer.WriteString("updatedAt", DateTime.SpecifyKind(updatedAt, DateTimeKind.Utc));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string Encode(Position position) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(JsonSerializer.SerializeToUtf8Bytes(position)));

    private Position? Decode(string cursor)
    {
        try
        {
            return JsonSerializer.Deserialize<Position>(_protector.Unprotect(WebEncoders.Base64UrlDecode(cursor)));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }
}
