namespace RegulationApi.Tests.Infrastructure;

/// <summary>Base of tests that only read: one shared service over a database holding exactly the seed.</summary>
public abstract class SeededApiTest(PostgresFixture postgres) : IAsyncLifetime
{
    protected HttpClient Client { get; private set; } = null!;

    protected PostgresFixture Postgres { get; } = postgres;

    public async ValueTask InitializeAsync() => Client = (await Postgres.SeededApiAsync()).CreateClient();

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
