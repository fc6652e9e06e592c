using System.Net;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Curation;

/// <summary><c>RegulationApi keys create | revoke | list</c>, run as its own process: a created key writes, a revoked one is refused at once.</summary>
public sealed class ApiKeysCommandTests(CurationDatabase api) : IClassFixture<CurationDatabase>
{
    [Fact]
    public async Task Keys_CreateThenRevoke_KeyWorksThenIs401()
    {
        var name = "command-" + Guid.NewGuid().ToString("N")[..8];
        var (created, key, createError) = await ServiceCommand.RunAsync(api.Factory.ConnectionString, "keys", "create", name);
        Assert.True(created == 0, $"exit {created}: {createError}");
        key = key.Trim();
        Assert.StartsWith("rak_", key);

        var record = await api.NewRegulationAsync("test-command-key");
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, "/api/v1/records", record, key: key)).StatusCode);
        var history = (await api.Client.GetJsonAsync("/api/v1/records/test-command-key/revisions")).GetProperty("items");
        Assert.Equal(name, history[0].GetProperty("changedBy").GetString());

        var (listed, list, _) = await ServiceCommand.RunAsync(api.Factory.ConnectionString, "keys", "list");
        Assert.Equal(0, listed);
        Assert.Contains(name, list);
        Assert.DoesNotContain(key, list);

        var (revoked, _, revokeError) = await ServiceCommand.RunAsync(api.Factory.ConnectionString, "keys", "revoke", name);
        Assert.True(revoked == 0, $"exit {revoked}: {revokeError}");
        var (record2, etag) = await api.GetAsync("test-command-key");
        record2["notes"] = "After the key was revoked.";
        await (await api.SendAsync(HttpMethod.Put, "/api/v1/records/test-command-key", record2, ifMatch: etag, key: key))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(etag, (await api.GetAsync("test-command-key")).ETag);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("create", "has space")]
    [InlineData("rotate", "x")]
    public async Task Keys_BadArguments_ExitNonZeroWithUsage(params string[] arguments)
    {
        var (exitCode, _, error) = await ServiceCommand.RunAsync(api.Factory.ConnectionString, ["keys", .. arguments]);
        Assert.Equal(2, exitCode);
        Assert.Contains("usage: RegulationApi keys", error);
    }

    [Fact]
    public async Task Keys_RevokeUnknown_ExitsOne()
    {
        var (exitCode, _, error) = await ServiceCommand.RunAsync(api.Factory.ConnectionString, "keys", "revoke", "nobody-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(1, exitCode);
        Assert.Contains("No active key", error);
    }
}
