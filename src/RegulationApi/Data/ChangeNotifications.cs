using Npgsql;

namespace RegulationApi.Data;

/// <summary>
/// Both ends of the change notification: a writer NOTIFYs inside its transaction (PostgreSQL delivers it on commit),
/// and every running service LISTENs, whichever process wrote.
/// </summary>
public static class ChangeNotifications
{
    public const string Channel = "regulationapi_data";

    public static Task NotifyAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, $"NOTIFY {Channel}", cancellationToken);

    public static Task ListenAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, $"LISTEN {Channel}", cancellationToken);
}
