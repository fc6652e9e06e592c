using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegulationApi.Curation;
using RegulationApi.Data;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Curation;

/// <summary>The service over a seeded database of its own, and a curator's key (stored hashed, as the keys command does).</summary>
public sealed class CurationDatabase(PostgresFixture postgres) : IAsyncLifetime
{
    public RegulationApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Key { get; } = "rak_test_" + Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync()
    {
        Factory = new RegulationApiFactory(await postgres.CreateDatabaseAsync("curation"));
        await Factory.WaitUntilReadyAsync();
        Client = Factory.CreateClient();
        await AddKeyAsync("curator-test", Key);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    public Task AddKeyAsync(string name, string key, bool revoked = false) => AddKeyAsync(Factory, name, key, revoked);

    /// <summary>Stores a key as the keys command does: hashed.</summary>
    public static async Task AddKeyAsync(RegulationApiFactory factory, string name, string key, bool revoked = false)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RegulationDbContext>();
        db.ApiKeys.Add(new ApiKey { Name = name, Hash = ApiKeyAuthentication.Hash(key), Prefix = key[..10], CreatedAt = DateTime.UtcNow, RevokedAt = revoked ? DateTime.UtcNow : null });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a request with the curator's key (or <paramref name="key"/>), an optional JSON body and If-Match.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonNode? body = null, string? ifMatch = null, string? key = "") =>
        SendAsync(Client, key is { Length: 0 } ? Key : key, method, url, body, ifMatch);

    /// <summary>Sends a request through any service's client, with a key (none when null), an optional JSON body and If-Match.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, string? key, HttpMethod method, string url, JsonNode? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The record as GET returns it, and its ETag.</summary>
    public async Task<(JsonObject Record, string ETag)> GetAsync(string id)
    {
        var response = await Client.GetAsync("/api/v1/records/" + id, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {id}: {(int)response.StatusCode} {body}");
        return (JsonNode.Parse(body)!.AsObject(), response.Headers.ETag!.Tag);
    }

    /// <summary>A valid new regulation: a copy of a seed record with another id and no relations.</summary>
    public Task<JsonObject> NewRegulationAsync(string id) => NewRegulationAsync(Client, id);

    /// <summary>The same, read through any service's client.</summary>
    public static async Task<JsonObject> NewRegulationAsync(HttpClient client, string id)
    {
        var record = JsonNode.Parse(await client.GetStringAsync("/api/v1/records/cn-ndrc-2021-1283", TestContext.Current.CancellationToken))!.AsObject();
        record["id"] = id;
        record["relations"] = new JsonArray();
        record.Remove("updatedAt");
        return record;
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
