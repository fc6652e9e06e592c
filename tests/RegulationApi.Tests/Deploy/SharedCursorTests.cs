using System.Net;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Deploy;

/// <summary>
/// Instances behind one load balancer: a cursor one instance sent is followed on another that shares its key ring
/// (DataProtection:KeysPath), and refused, as a problem, by one that does not.
/// </summary>
public sealed class SharedCursorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/records?limit=3")]
    [InlineData("/api/v1/records?q=mining&sort=date&limit=2")]
    [InlineData("/api/v1/records?updatedSince=2000-01-01T00:00:00Z&limit=4")]
    public async Task Cursor_FromOneInstance_IsFollowedOnAnotherWithTheSameKeys_AndRefusedWithOthers(string firstPage)
    {
        var database = await postgres.CreateDatabaseAsync("cursors");
        var shared = Directory.CreateTempSubdirectory("regulationapi-keys-").FullName;
        var other = Directory.CreateTempSubdirectory("regulationapi-keys-").FullName;
        try
        {
            await using var a = new RegulationApiFactory(database, Settings(shared));
            await a.WaitUntilReadyAsync();
            await using var b = new RegulationApiFactory(database, Settings(shared));
            await using var c = new RegulationApiFactory(database, Settings(other));
            await b.WaitUntilReadyAsync();
            await c.WaitUntilReadyAsync();
            using var clientA = a.CreateClient();
            using var clientB = b.CreateClient();
            using var clientC = c.CreateClient();

            var page = await clientA.GetJsonAsync(firstPage);
            var cursor = page.GetProperty("nextCursor").GetString()!;
            var next = firstPage + "&cursor=" + Uri.EscapeDataString(cursor);

            var onA = await clientA.GetJsonAsync(next);
            var onB = await clientB.GetJsonAsync(next);
            Assert.Equal(onA.Ids(), onB.Ids());
            Assert.NotEmpty(onB.Ids());
            Assert.Empty(page.Ids().Intersect(onB.Ids()));

            await (await clientC.GetAsync(next, Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
            Directory.Delete(other, recursive: true);
        }
    }

    /// <summary>Over the one database; the first instance migrates and seeds it, the others find it so.</summary>
    private static Dictionary<string, string?> Settings(string keys) => new()
    {
        ["DataProtection:KeysPath"] = keys,
    };
}
