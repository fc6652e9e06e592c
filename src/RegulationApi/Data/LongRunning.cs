using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace RegulationApi.Data;

/// <summary>
/// Work that is meant to take long lifts the statement and lock timeouts every connection of the service has
/// (<see cref="RegulationDbContext.Tuned"/>): migrations, a bulk import (a million records in about a minute, in one
/// transaction, waiting for another import's lock if need be) and the search-index build (as long again). Each also
/// gives its commands no client-side timeout.
/// </summary>
public static class LongRunning
{
    /// <summary>Lifts both limits for the current transaction only: they come back with its end, however it ends.</summary>
    public const string InTransaction = "SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0";

    /// <summary>Applies pending migrations without the limits.</summary>
    public static async Task MigrateWithoutTimeoutsAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        // Migrations run in several transactions: the limits are lifted for the session, on a connection held open
        // throughout. Npgsql resets a connection (RESET ALL) when it returns to the pool, which brings them back.
        // Opened by hand, not through EF, so that an unreachable database throws Npgsql's own exception, as Migrate does.
        using var noCommandTimeout = database.WithoutCommandTimeout();
        var connection = database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            await database.ExecuteSqlRawAsync("SET statement_timeout = 0; SET lock_timeout = 0", cancellationToken);
            await database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>A command, like the service, first applies pending migrations unless Database:MigrateOnStartup is false.</summary>
    public static async Task MigrateIfConfiguredAsync(this IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await services.GetRequiredService<RegulationDbContext>().Database.MigrateWithoutTimeoutsAsync(CancellationToken.None);
        }
    }

    /// <summary>No client-side timeout for the context's commands until disposed; then the one it had before.</summary>
    public static IDisposable WithoutCommandTimeout(this DatabaseFacade database)
    {
        var previous = database.GetCommandTimeout();
        database.SetCommandTimeout(TimeSpan.Zero);
        return new Restore(() => database.SetCommandTimeout(previous));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
