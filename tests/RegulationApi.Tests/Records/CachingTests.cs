using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Import;
using RegulationApi.Tests.Import;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

/// <summary>Strong ETags with 304, and cached responses that an import replaces.</summary>
public sealed class CachingTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    [Theory]
    [InlineData("/api/v1/records?year=2021")]
    [InlineData("/api/v1/records/cn-pboc-2021-237")]
    [InlineData("/api/v1/records/cn-pboc-2021-237/related")]
    [InlineData("/api/v1/stats/years?kind=ruling")]
    [InlineData("/api/v1/jurisdictions")]
    public async Task Get_WithItsETag_Is304WithoutBody(string url)
    {
        var first = await Client.FetchAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await Client.SendAsync(conditional, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Fact]
    public async Task Get_WithAnotherETag_Is200WithBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/records?year=2022");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-this-one\""));
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_DifferentRepresentations_HaveDifferentETags()
    {
        var a = (await Client.FetchAsync("/api/v1/records?year=2021")).Headers.ETag;
        var b = (await Client.FetchAsync("/api/v1/records?year=2022")).Headers.ETag;
        var again = (await Client.FetchAsync("/api/v1/records?year=2021")).Headers.ETag;
        Assert.NotEqual(a, b);
        Assert.Equal(a, again);
    }

    [Fact]
    public async Task Get_AfterAnImport_NoLongerAnswersFromTheCache()
    {
        // Arrange: a service of its own, whose cached answer for a word no record has yet.
        await using var factory = new RegulationApiFactory(await Postgres.CreateDatabaseAsync("cache"));
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        var before = await client.FetchAsync("/api/v1/records?q=xylograph");
        var etag = before.Headers.ETag!;
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/records?q=xylograph")).GetProperty("total").GetInt64());

        // Act: import a record that has the word.
        var record = TestRecords.Regulation("test-cache-eviction");
        record["title"]!["en"] = "Notice on xylograph printing";
        var file = Path.Combine(Path.GetTempPath(), $"cache-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $"[{record.ToJsonString()}]", TestContext.Current.CancellationToken);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordImporter>().ImportAsync([file], TestContext.Current.CancellationToken);
        }

        // Assert: the same request now finds it, with a new ETag.
        var after = await client.FetchAsync("/api/v1/records?q=xylograph");
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.Equal(1, (await client.GetJsonAsync("/api/v1/records?q=xylograph")).GetProperty("total").GetInt64());
        File.Delete(file);
    }
}
