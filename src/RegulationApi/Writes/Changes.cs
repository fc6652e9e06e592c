using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Writes;

/// <summary>What every change to the records does, whether an import or a curator made it: take the one write lock, then announce.</summary>
public static class Changes
{
    /// <summary>The advisory lock that serialises imports and the curation API's changes, across processes.</summary>
    public const string Lock = "SELECT pg_advisory_xact_lock(7201)";

    /// <summary>
    /// Moves the data version on and notifies every running service, which then follows; both take effect on commit.
    /// Called last before the commit: its clock time (not now(), the transaction's start) is when the change was made,
    /// from which the services measure how long it took to become searchable.
    /// </summary>
    public static async Task AnnounceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await Sql.ExecuteAsync(connection,
            "INSERT INTO data_version (id, version, changed_at) VALUES (1, 1, clock_timestamp()) " +
            "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1, changed_at = clock_timestamp()", cancellationToken);
        await ChangeNotifications.NotifyAsync(connection, cancellationToken);
    }
}
