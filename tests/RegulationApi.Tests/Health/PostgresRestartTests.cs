using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using RegulationApi.Tests.Curation;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Health;

/// <summary>
/// PostgreSQL itself stopped and started again while reads and writes are in flight: 503 problems (never another 5xx)
/// while it is down, readiness says so, and the service recovers by itself with every acknowledged write present and
/// no write half done.
/// </summary>
public sealed class PostgresRestartTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postgres_StoppedAndStartedUnderLoad_503WhileDown_RecoversWithNothingLostOrHalfWritten()
    {
        await using var cluster = await LocalCluster.StartAsync("restart");
        await using var factory = new RegulationApiFactory(cluster.ConnectionString);
        await factory.WaitUntilReadyAsync();
        const string key = "rak_restart_test_key";
        await CurationDatabase.AddKeyAsync(factory, "restart-test", key);

        var template = JsonNode.Parse(await (await factory.CreateClient().GetAsync("/api/v1/records/cn-ndrc-2021-1283", Token)).Content.ReadAsStringAsync(Token))!.AsObject();
        template["relations"] = new JsonArray();
        var statuses = new ConcurrentBag<(string Request, HttpStatusCode Status, string? MediaType)>();
        var acknowledged = new ConcurrentBag<string>();
        var attempted = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        async Task ReadAsync(string url)
        {
            using var client = factory.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                var response = await client.GetAsync(url, CancellationToken.None);
                statuses.Add(("GET " + url, response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            }
        }

        async Task WriteAsync(int writer)
        {
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"test-restart-{writer}-{i}";
                var record = template.DeepClone().AsObject();
                record["id"] = id;
                attempted.Add(id);
                var response = await client.PostAsync("/api/v1/records", new StringContent(record.ToJsonString(), Encoding.UTF8, "application/json"), CancellationToken.None);
                statuses.Add(("POST", response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(id);
                }
            }
        }

        var load = new List<Task>
        {
            ReadAsync("/api/v1/records?q=挖矿"), ReadAsync("/api/v1/records/cn-pboc-2021-237"), ReadAsync("/api/v1/stats/years?jurisdiction=CN"),
            WriteAsync(1), WriteAsync(2),
        };
        await Wait.UntilAsync(() => statuses.Count(s => s.Status == HttpStatusCode.OK) >= 30 && acknowledged.Count >= 4,
            TimeSpan.FromSeconds(30), "reads and writes should be answered before PostgreSQL stops");

        await cluster.StopAsync();
        using var probe = factory.CreateClient();
        var readyWhileDown = await probe.GetAsync("/health/ready", Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileDown.StatusCode);
        await Wait.UntilAsync(() => statuses.Count(s => s.Status == HttpStatusCode.ServiceUnavailable && s.Request == "POST") >= 5
                                    && statuses.Count(s => s.Status == HttpStatusCode.ServiceUnavailable && s.Request != "POST") >= 20,
            TimeSpan.FromSeconds(30), "reads and writes should meet the stopped database");
        var downStatuses = statuses.Count(s => s.Status == HttpStatusCode.ServiceUnavailable);

        await cluster.StartAgainAsync();
        await Wait.UntilAsync(async () => (await probe.GetAsync("/health/ready", Token)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the service should be ready again after PostgreSQL starts");

        var acknowledgedBeforeRecovery = acknowledged.Count;
        await Wait.UntilAsync(() => acknowledged.Count >= acknowledgedBeforeRecovery + 4, TimeSpan.FromSeconds(30), "writes should succeed again after recovery");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        // The figures, for the record (dotnet test --logger "console;verbosity=detailed").
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"requests: {statuses.Count}; by status: {string.Join(", ", statuses.GroupBy(x => (int)x.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}; " +
            $"writes attempted {attempted.Count}, acknowledged {acknowledged.Count} ({acknowledgedBeforeRecovery} before recovery)");
        Assert.True(downStatuses > 0, "some requests should have met the stopped database");
        Assert.True(acknowledged.Count > acknowledgedBeforeRecovery, "writes should succeed again after recovery");
        var serverErrors = statuses.Where(s => (int)s.Status >= 500).ToList();
        Assert.All(serverErrors, s => Assert.True(s.Status == HttpStatusCode.ServiceUnavailable && s.MediaType == "application/problem+json",
            $"{s.Request}: {(int)s.Status} {s.MediaType}"));
        Assert.DoesNotContain(statuses, s => s.Status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable));

        // Every acknowledged write is there, whole: its row, and its one revision.
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync(Token);
        var stored = new Dictionary<string, (int Revisions, bool HasDocument)>();
        await using (var command = new NpgsqlCommand(
            "SELECT r.id, (SELECT count(*) FROM record_revisions v WHERE v.record_id = r.id)::int, r.document <> '' FROM records r WHERE r.id LIKE 'test-restart-%'", connection))
        await using (var reader = await command.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                stored[reader.GetString(0)] = (reader.GetInt32(1), reader.GetBoolean(2));
            }
        }

        Assert.All(acknowledged, id => Assert.True(stored.ContainsKey(id), $"{id} was acknowledged with 201 but is missing"));
        Assert.All(stored, s => Assert.Equal((1, true), s.Value));
        Assert.All(stored.Keys, id => Assert.Contains(id, attempted));
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/api/v1/records/" + acknowledged.First(), Token)).StatusCode);
    }
}
