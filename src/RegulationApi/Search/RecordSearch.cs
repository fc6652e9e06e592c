using Microsoft.EntityFrameworkCore;
using Npgsql;
using RegulationApi.Data;

namespace RegulationApi.Search;

/// <summary>A page of records in the sort's order, with where the next page starts.</summary>
public sealed record SearchPage(List<string> Documents, long Total, PagePosition? Next, SearchIndex Index, Matches Matches);

/// <summary>
/// Answers a filter from the in-memory <see cref="SearchIndex"/> (matches, exact total, the page's ranks) and
/// reads only the page's records from the database, by their seq.
/// </summary>
public sealed class RecordSearch(SearchIndexHost host, DatabaseHealth health, RegulationDbContext db)
{
    /// <summary>
    /// The reads by key that requests send, at most a few at once (two per core, and two): 32 concurrent requests would
    /// otherwise keep 32 PostgreSQL backends competing with the service for the same cores, and the slowest wait longest.
    /// </summary>
    private static readonly SemaphoreSlim Reads = new(2 * Environment.ProcessorCount + 2);

    /// <summary>The current index; a 503 (through the exception handler) while the database is down or not loaded yet.</summary>
    public SearchIndex Index => health.IsDown || !host.IsServing ? throw new DatabaseUnavailableException() : host.Current;

    /// <summary>The page; the sets it holds are rented from <paramref name="scratch"/>, which must outlive their use.</summary>
    public async Task<SearchPage> PageAsync(
        SearchIndex index, RecordFilter filter, RecordSort sort, PagePosition start, int limit, RankScratch scratch, CancellationToken cancellationToken)
    {
        var (matches, seqs, next) = index.Find(filter, sort, start, limit, scratch);
        var records = await LoadAsync(index, seqs, cancellationToken);
        return new SearchPage(records, matches.Count, next, index, matches);
    }

    /// <summary>A record's stored document and whether it was deleted; null when no record ever had the id.</summary>
    public async Task<(string Document, bool Deleted)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        // The second hottest statement: one row by primary key, sent as it is (and prepared) rather than through LINQ.
        (string, bool)? found = null;
        await ReadAsync(
            "SELECT document, deleted_at IS NOT NULL FROM records WHERE id = $1",
            new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            async reader => found = await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetBoolean(1)) : null,
            System.Data.CommandBehavior.SingleRow, cancellationToken);
        return found;
    }

    /// <summary>
    /// The stored documents of the records with these seqs, in the order given. An export passes no cache: a million
    /// records read once would only push the hot ones out.
    /// </summary>
    public async Task<List<string>> LoadAsync(SearchIndex index, List<int> seqs, CancellationToken cancellationToken, bool useCache = true)
    {
        var cache = host.Documents;
        if (cache.Version != index.Version || !useCache)
        {
            cache = new DocumentCache(index.Version, 0);
        }

        var records = new Dictionary<int, string>(seqs.Count);
        foreach (var seq in seqs)
        {
            if (cache.TryGet(seq, out var cached))
            {
                records[seq] = cached;
            }
        }

        var missing = seqs.Where(s => !records.ContainsKey(s)).ToArray();
        if (missing.Length == 0)
        {
            return seqs.Select(s => records[s]).ToList();
        }

        // The hottest statement of the service, sent as it is rather than through LINQ.
        await ReadAsync(
            "SELECT seq, document FROM records WHERE seq = ANY($1) AND deleted_at IS NULL",
            new NpgsqlParameter { Value = missing, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer },
            async reader =>
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (seq, document) = (reader.GetInt32(0), reader.GetString(1));
                    records[seq] = document;
                    cache.Add(seq, document, index.Version);
                }
            },
            System.Data.CommandBehavior.Default, cancellationToken);

        // A record deleted since the index was built is left out rather than failing the page.
        return seqs.Where(records.ContainsKey).Select(s => records[s]).ToList();
    }

    /// <summary>Sends one statement by key, in one of the read turns, and hands its rows to <paramref name="read"/>.</summary>
    private async Task ReadAsync(
        string sql, NpgsqlParameter parameter, Func<NpgsqlDataReader, Task> read, System.Data.CommandBehavior behavior, CancellationToken cancellationToken)
    {
        await Reads.WaitAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(behavior, cancellationToken);
            await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            Reads.Release();
        }
    }
}
