using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Search;

public sealed class SmokeTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    [Fact]
    public async Task Search_ByDocumentNumberDigits_FindsNdrcNotice()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?q=1283");
        Assert.Contains("cn-ndrc-2021-1283", page.Ids());
    }
}
