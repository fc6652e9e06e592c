using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Writes;

/// <summary>What every change to the records does, whether an import or a curator made it: take the one write lock, then announce.</summary>
public static class Changes
{
    /// <summary>The advisory lock that serialises imports and the curation API's changes, across processes.</summary>
    public const string Lock = "SELECT pg_advisory_xact_lock(7201)";

    /// <summary>
    /// The instant a change is stamped with (its rows' updated_at and documents' updatedAt), taken under <see cref="Lock"/>:
    /// later than every stamp already committed, so the change log's order (updated_at) is the commit order even when
    /// the writers' clocks disagree, and a follower that has read up to a stamp has missed nothing before it. An import
    /// asks for it <c>longRunning</c>: with no client-side timeout, as every other step of an import (<see cref="Sql.ExecuteLongAsync"/>).
    /// </summary>
    public static async Task<DateTime> StampAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken cancellationToken, bool longRunning = false)
    {
        var now = Sql.UtcNow(time);
        await using var command = new NpgsqlCommand("SELECT max(updated_at) FROM records", connection);
        if (longRunning)
        {
            command.CommandTimeout = 0;
        }

        return await command.ExecuteScalarAsync(cancellationToken) is DateTime last && last >= now ? last.AddTicks(10) : now;
    }

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
