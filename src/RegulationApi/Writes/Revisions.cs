using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Writes;

/// <summary>Writes revisions in SQL, next to the rows they describe, for one record or a whole import alike.</summary>
internal static class Revisions
{
    /// <summary>
    /// Before the records in <paramref name="staging"/> (id, document, updated_at) replace the stored ones: stores the
    /// stored version as revision 1 where a record has none yet, then the new version with the fields that changed.
    /// </summary>
    public static async Task KeepAsync(NpgsqlConnection connection, string staging, string action, string changedBy, CancellationToken cancellationToken)
    {
        // Steps of the staging update, which an import runs over any number of records: no client-side timeout either.
        await Sql.ExecuteLongAsync(connection, KeepStoredSql($"SELECT id FROM {staging}"), cancellationToken);
        await Sql.ExecuteLongAsync(connection,
            $"""
             INSERT INTO record_revisions (record_id, number, document, action, changed_by, changed_at, changed_fields)
             SELECT s.id, (SELECT max(v.number) + 1 FROM record_revisions v WHERE v.record_id = s.id), s.document, $1, $2, s.updated_at,
                    {ChangedFields("s.document", "r.document")}
             FROM {staging} s JOIN records r ON r.id = s.id
             """, cancellationToken, action, changedBy);
    }

    /// <summary>Revision 1, the version as it stands, for a record that has no revision yet.</summary>
    public static Task KeepStoredAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, KeepStoredSql("$1"), cancellationToken, id);

    private static string KeepStoredSql(string ids) =>
        $"""
         INSERT INTO record_revisions (record_id, number, document, action, changed_by, changed_at, changed_fields)
         SELECT r.id, 1, r.document, '{RevisionActions.Imported}', 'import', r.updated_at, '{"{}"}'
         FROM records r
         WHERE r.id IN ({ids}) AND NOT EXISTS (SELECT 1 FROM record_revisions v WHERE v.record_id = r.id)
         """;

    /// <summary>The top-level fields (but updatedAt) that differ between two documents; all of them when there was none before.</summary>
    public static string ChangedFields(string document, string previous) =>
        $"""
         ARRAY(SELECT coalesce(n.key, o.key) FROM jsonb_each({document}::jsonb) n
               FULL JOIN jsonb_each(coalesce({previous}::jsonb, '{"{}"}')) o ON o.key = n.key
               WHERE n.value IS DISTINCT FROM o.value AND coalesce(n.key, o.key) <> 'updatedAt' ORDER BY 1)
         """;
}

/// <summary>What made a revision: an import, or a curator's create, update, delete or restore.</summary>
public static class RevisionActions
{
    public const string Imported = "imported";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Restored = "restored";

    public static readonly string[] All = [Imported, Created, Updated, Deleted, Restored];
}
