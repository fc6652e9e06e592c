using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Import;
using RegulationApi.Tests.Import;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Pages;

/// <summary>The pages are output-cached as the API is, and the cache follows every change of the knowledge base.</summary>
public sealed class PageCacheTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Pages_AfterAnImport_NoLongerAnswerFromTheCache()
    {
        // Arrange: a service of its own, whose cached search page for a word no record has yet, and a cached 404 page.
        await using var factory = new RegulationApiFactory(await postgres.CreateDatabaseAsync("page-cache"));
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        var before = await client.FetchAsync("/?q=xylograph&lang=en");
        Assert.Contains(">0 records</h2>", await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.FetchAsync("/records/test-page-cache?lang=en")).StatusCode);

        // Act: import a record that has the word.
        var record = TestRecords.Regulation("test-page-cache");
        record["title"]!["en"] = "Notice on xylograph printing";
        var file = Path.Combine(Path.GetTempPath(), $"page-cache-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $"[{record.ToJsonString()}]", TestContext.Current.CancellationToken);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync([file], TestContext.Current.CancellationToken);
        }

        // Assert: the same pages now show it.
        var after = await (await client.FetchAsync("/?q=xylograph&lang=en")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(">1 record</h2>", after);
        Assert.Contains("<mark>xylograph</mark>", after);
        var page = await client.FetchAsync("/records/test-page-cache?lang=en");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        File.Delete(file);
    }
}
