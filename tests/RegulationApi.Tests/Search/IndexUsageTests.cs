using Npgsql;
using RegulationApi.Search;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Search;

/// <summary>
/// Search terms, two-character Chinese words included, are answered through the GIN index on the search vector,
/// never by a scan. With a few dozen rows PostgreSQL would rightly prefer a scan, so the planner is told not to:
/// the index must then be usable for the query, or the plan still scans and the test fails.
/// </summary>
public sealed class IndexUsageTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    [Theory]
    [InlineData("挖矿")]
    [InlineData("合同")]
    [InlineData("电力")]
    [InlineData("四川省")]
    [InlineData("矿")]
    [InlineData("1283")]
    [InlineData("〔2021〕1283号")]
    [InlineData("contract void")]
    [InlineData("挖矿 contract")]
    public async Task Search_Term_UsesTheSearchIndex(string q)
    {
        var connectionString = (await Postgres.SeededApiAsync()).ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var explain = new NpgsqlCommand("EXPLAIN SELECT id FROM records WHERE search @@ to_tsquery('english', @q)", connection);
        explain.Parameters.AddWithValue("q", SearchText.ToTsQuery(q)!);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        Assert.Contains("IX_records_search", text);
        Assert.DoesNotContain("Seq Scan", text);
    }
}
