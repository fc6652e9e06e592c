using Npgsql;

namespace RegulationApi.Data;

/// <summary>
/// Both ends of the change notification: a writer NOTIFYs inside its transaction (PostgreSQL delivers it on commit),
/// and every running service LISTENs, whichever process wrote, to follow at once rather than at its next poll.
/// </summary>
public static class ChangeNotifications
{
    public const string Channel = "regulationapi_data";

    public static Task NotifyAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, $"NOTIFY {Channel}", cancellationToken);

    /// <summary>LISTENs where the server can; false where it cannot (a hot standby, which has nothing to notify anyway).</summary>
    public static async Task<bool> TryListenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await Sql.ExecuteAsync(connection, $"LISTEN {Channel}", cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.FeatureNotSupported)
        {
            return false;
        }
    }
}
