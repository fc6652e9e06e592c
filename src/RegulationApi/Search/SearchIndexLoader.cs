using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RegulationApi.Data;
using RegulationApi.Records;

namespace RegulationApi.Search;

/// <summary>A record's place and filter values, read in the contract's date order.</summary>
public sealed record IndexKey(int Seq, DateOnly? PrimaryDate, int? Year, string Kind, string Jurisdiction, string Status, string[] Topics);

/// <summary>A record's searchable text, already split into terms by <see cref="SearchText.ForIndex"/>.</summary>
public sealed record IndexText(int Seq, string Title, string Authorities, string Body, string AuthorityText);

/// <summary>Reads the records the index needs in two passes: small keys in date order, then the terms.</summary>
public static class SearchIndexLoader
{
    public static async Task<SearchIndex> LoadAsync(RegulationDbContext db, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var version = await ScalarAsync(connection, "SELECT coalesce(max(version), 0) FROM data_version", cancellationToken);

            var keys = new List<IndexKey>();
            await using (var command = new NpgsqlCommand(
                "SELECT seq, primary_date, year, kind, jurisdiction, status, topics FROM records ORDER BY primary_date DESC NULLS LAST, id", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Add(new IndexKey(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1),
                        reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                        reader.GetFieldValue<string[]>(6)));
                }
            }

            var texts = ReadTextsAsync(connection, cancellationToken);
            var index = await BuildAsync(version, keys, texts);
            await transaction.CommitAsync(cancellationToken);
            return index;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>The records' texts by weight, from their stored documents, split into terms a batch at a time on every core.</summary>
    private static async IAsyncEnumerable<IndexText> ReadTextsAsync(NpgsqlConnection connection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT seq, document, authority_text FROM records", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var batch = new List<(int Seq, string Document, string AuthorityText)>(4096);
        var more = true;
        while (more)
        {
            batch.Clear();
            while (batch.Count < 4096 && (more = await reader.ReadAsync(cancellationToken)))
            {
                batch.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
            }

            var texts = new IndexText[batch.Count];
            Parallel.For(0, batch.Count, i => texts[i] = Terms(batch[i].Seq, batch[i].Document, batch[i].AuthorityText));
            foreach (var text in texts)
            {
                yield return text;
            }
        }
    }

    /// <summary>Titles and numbers (weight A), authorities and courts, and the body, each split into terms.</summary>
    private static IndexText Terms(int seq, string document, string authorityText)
    {
        var record = JsonSerializer.Deserialize(document, RecordJsonContext.Default.RecordDocument)!;
        var ruling = record.Ruling;
        return new IndexText(
            seq,
            SearchText.ForIndex(record.Title.Values.Append(record.DocumentNumber).Append(ruling?.CaseNumber)),
            SearchText.ForIndex(record.Authorities.SelectMany(a => a.Values)
                .Concat(ruling?.Court.Values ?? Enumerable.Empty<string>())
                .Concat(ruling?.CauseOfAction?.Values ?? Enumerable.Empty<string>())),
            SearchText.ForIndex((record.Summary?.Values ?? Enumerable.Empty<string>()).Concat(record.KeyPoints.SelectMany(k => k.Values))),
            authorityText);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public static SearchIndex Build(long version, IReadOnlyList<IndexKey> keys, IEnumerable<IndexText>? texts = null) =>
        BuildAsync(version, keys, (texts ?? []).ToAsyncEnumerable()).GetAwaiter().GetResult();

    public static async Task<SearchIndex> BuildAsync(long version, IReadOnlyList<IndexKey> keys, IAsyncEnumerable<IndexText> texts)
    {
        var count = keys.Count;
        var seqOfRank = new int[count];
        var dayOfRank = new int[count];
        var filters = new Dictionary<string, SetBuilder>(StringComparer.Ordinal);
        var datedCount = 0;
        var maxSeq = keys.Count == 0 ? 0 : keys.Max(k => k.Seq);
        var rankOfSeq = new int[maxSeq + 1];
        Array.Fill(rankOfSeq, -1);

        for (var rank = 0; rank < count; rank++)
        {
            var key = keys[rank];
            seqOfRank[rank] = key.Seq;
            rankOfSeq[key.Seq] = rank;
            dayOfRank[rank] = key.PrimaryDate?.DayNumber ?? -1;
            datedCount += key.PrimaryDate is null ? 0 : 1;
            Add(filters, "kind:" + key.Kind, rank, count);
            Add(filters, "status:" + key.Status, rank, count);
            Add(filters, "jurisdiction:" + key.Jurisdiction, rank, count);
            Add(filters, "country:" + key.Jurisdiction.Split('-')[0], rank, count);
            if (key.Year is { } year)
            {
                Add(filters, "year:" + year, rank, count);
            }

            foreach (var topic in key.Topics)
            {
                Add(filters, "topic:" + topic, rank, count);
            }
        }

        var terms = new Dictionary<string, SetBuilder>(StringComparer.Ordinal);
        var titleTerms = new Dictionary<string, SetBuilder>(StringComparer.Ordinal);
        var authorities = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await foreach (var text in texts)
        {
            var rank = text.Seq < rankOfSeq.Length ? rankOfSeq[text.Seq] : -1;
            if (rank < 0)
            {
                continue;
            }

            AddTerms(titleTerms, text.Title, rank, count);
            AddTerms(terms, text.Title, rank, count);
            AddTerms(terms, text.Authorities, rank, count);
            AddTerms(terms, text.Body, rank, count);
            if (text.AuthorityText.Length > 0)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(authorities, text.AuthorityText, out _) ??= [];
                authorities[text.AuthorityText].Add(rank);
            }
        }

        // Ascending date order: the dated days from oldest to newest, ties still by id; the undated last, by id.
        var ascending = new int[count];
        var position = 0;
        for (var end = datedCount; end > 0;)
        {
            var start = end - 1;
            while (start > 0 && dayOfRank[start - 1] == dayOfRank[end - 1])
            {
                start--;
            }

            for (var rank = start; rank < end; rank++)
            {
                ascending[position++] = rank;
            }

            end = start;
        }

        for (var rank = datedCount; rank < count; rank++)
        {
            ascending[position++] = rank;
        }

        var ascendingPosition = new int[count];
        for (var i = 0; i < count; i++)
        {
            ascendingPosition[ascending[i]] = i;
        }

        var termSets = terms.ToDictionary(t => t.Key, t => t.Value.Build(count), StringComparer.Ordinal);
        var titleSets = titleTerms.ToDictionary(t => t.Key, t => t.Value.Build(count), StringComparer.Ordinal);
        return new SearchIndex
        {
            Version = version,
            Size = count,
            SeqOfRank = seqOfRank,
            DatedCount = datedCount,
            DayOfRank = dayOfRank,
            AscendingRanks = ascending,
            AscendingPositionOfRank = ascendingPosition,
            Filters = filters.ToDictionary(f => f.Key, f => f.Value.Build(count), StringComparer.Ordinal),
            Terms = termSets,
            TitleTerms = titleSets,
            SortedTerms = termSets.Keys.Order(StringComparer.Ordinal).ToArray(),
            SortedTitleTerms = titleSets.Keys.Order(StringComparer.Ordinal).ToArray(),
            AuthorityGroups = authorities.Select(a =>
            {
                var ranks = a.Value.ToArray();
                Array.Sort(ranks);
                return (a.Key, RankSet.FromSorted(ranks, count));
            }).ToArray(),
        };
    }

    private static void Add(Dictionary<string, SetBuilder> sets, string key, int rank, int universe)
    {
        ref var builder = ref CollectionsMarshal.GetValueRefOrAddDefault(sets, key, out _);
        (builder ??= new SetBuilder()).Add(rank, universe);
    }

    private static void AddTerms(Dictionary<string, SetBuilder> sets, string text, int rank, int universe)
    {
        var lookup = sets.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in text.AsSpan().Split(' '))
        {
            var term = text.AsSpan(range);
            if (term.IsEmpty)
            {
                continue;
            }

            if (!lookup.TryGetValue(term, out var builder))
            {
                builder = new SetBuilder();
                lookup[term] = builder;
            }

            builder.Add(rank, universe);
        }
    }

    /// <summary>Collects ranks (each record once) as a list, switching to a bitset once the list would be larger.</summary>
    private sealed class SetBuilder
    {
        private List<int>? _ranks = [];
        private ulong[]? _bits;
        private int _last = -1;

        public void Add(int rank, int universe)
        {
            if (rank == _last)
            {
                return;
            }

            _last = rank;
            if (_bits is not null)
            {
                _bits[rank >> 6] |= 1UL << rank;
                return;
            }

            _ranks!.Add(rank);
            if (_ranks.Count > universe / 32)
            {
                _bits = new ulong[(universe + 63) / 64];
                foreach (var r in _ranks)
                {
                    _bits[r >> 6] |= 1UL << r;
                }

                _ranks = null;
            }
        }

        public RankSet Build(int universe)
        {
            if (_bits is not null)
            {
                return RankSet.FromBits(_bits);
            }

            var ranks = _ranks!.ToArray();
            Array.Sort(ranks);
            return RankSet.FromSorted(ranks.Distinct().ToArray(), universe);
        }
    }
}
