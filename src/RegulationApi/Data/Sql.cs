using Npgsql;

namespace RegulationApi.Data;

/// <summary>One statement with positional parameters ($1, $2 …), sent as it is.</summary>
public static class Sql
{
    /// <summary>
    /// The time now, to the microsecond as PostgreSQL stores timestamps, so that a document's updatedAt and its row's
    /// updated_at (the change feed's order) are the same instant.
    /// </summary>
    public static DateTime UtcNow(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>Under the connection's command timeout.</summary>
    public static Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters) =>
        ExecuteAsync(connection, sql, timeoutSeconds: null, cancellationToken, parameters);

    /// <summary>
    /// With no client-side timeout: a step of an import, which lifts the server's limits too (<see cref="LongRunning"/>).
    /// Returns the number of rows the statement changed.
    /// </summary>
    public static Task<int> ExecuteLongAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters) =>
        ExecuteAsync(connection, sql, timeoutSeconds: 0, cancellationToken, parameters);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, int? timeoutSeconds, CancellationToken cancellationToken, object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (timeoutSeconds is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
