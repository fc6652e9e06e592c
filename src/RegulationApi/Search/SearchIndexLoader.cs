using System.Runtime.InteropServices;
using System.Text.Json;
using Npgsql;
using RegulationApi.Model;

namespace RegulationApi.Search;

/// <summary>A record's searchable text, already split into terms by <see cref="SearchText.ForIndex"/>.</summary>
/// <summary>A record's terms by field, and the languages its title is given in.</summary>
public sealed record IndexText(int Seq, string Title, string Authorities, string Body, string AuthorityText, IReadOnlyCollection<string> TitleLanguages);

/// <summary>
/// Reads the records the index needs in two passes (filter values in date order, then the terms) on one repeatable-read
/// snapshot. It is synchronous on purpose, run on a worker thread by the caller: the builders' garbage then lives on
/// a stack that has unwound by the time the index is handed back, so the collection that follows can return it to
/// the operating system. (Awaited continuations run inline, and kept an async loader's state alive through it.)
/// </summary>
public static class SearchIndexLoader
{
    /// <summary>The main segment, from every record, and the data version and change-log point it stands for.</summary>
    public static SearchIndex Load(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        // Reading a million records takes most of a minute, and may wait behind a migration: no timeouts (LongRunning).
        using (var command = Command(Data.LongRunning.InTransaction, connection))
        {
            command.ExecuteNonQuery();
        }

        var point = ReadPoint(connection);
        int count, maxSeq;
        using (var command = Command("SELECT count(*)::int, coalesce(max(seq), 0) FROM records WHERE deleted_at IS NULL", connection))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (count, maxSeq) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        var segment = Read(new Builder(count, maxSeq), connection, seqs: null, cancellationToken);
        transaction.Commit();
        return new SearchIndex([new LiveSegment(segment, RankSet.Empty)], point.Version, point.ChangedAt, point.Watermark);
    }

    /// <summary>Where the database stands: its data version, when that was made, and its latest change (updated_at).</summary>
    public readonly record struct ChangePoint(long Version, DateTime? ChangedAt, DateTime? Watermark);

    public static ChangePoint ReadPoint(NpgsqlConnection connection)
    {
        using var command = Command(
            "SELECT (SELECT coalesce(max(version), 0) FROM data_version), (SELECT max(changed_at) FROM data_version), " +
            "(SELECT max(updated_at) FROM records)", connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new ChangePoint(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
    }

    /// <summary>A segment of the live records among these seqs (the deleted ones are left out), in the caller's transaction.</summary>
    public static IndexSegment LoadSegment(NpgsqlConnection connection, int[] seqs, CancellationToken cancellationToken)
    {
        int count;
        using (var command = Command("SELECT count(*)::int FROM records WHERE deleted_at IS NULL AND seq = ANY($1)", connection, seqs))
        {
            count = (int)command.ExecuteScalar()!;
        }

        return Read(new Builder(count, seqs.Length == 0 ? 0 : seqs.Max()), connection, seqs, cancellationToken);
    }

    /// <summary>
    /// The records (all, or those with these seqs) in two passes: filter values in date order, then the terms; and which
    /// records each repeals or supersedes.
    /// </summary>
    private static IndexSegment Read(Builder builder, NpgsqlConnection connection, int[]? seqs, CancellationToken cancellationToken)
    {
        var only = seqs is null ? "" : " AND r.seq = ANY($1)";
        // Every record: the ends of all at once. A few: each one's own, by the index on the relations' target.
        var ends = seqs is null
            ? """
              LEFT JOIN (SELECT x.target_id, min(coalesce(s.effective, s.issued, s.published)) AS ends
                         FROM record_relations x JOIN records s ON s.id = x.source_id
                         WHERE x.type IN ('repeals', 'supersedes') AND s.deleted_at IS NULL
                         GROUP BY x.target_id) e ON e.target_id = r.id
              """
            : """
              LEFT JOIN LATERAL (SELECT min(coalesce(s.effective, s.issued, s.published)) AS ends
                                 FROM record_relations x JOIN records s ON s.id = x.source_id
                                 WHERE x.target_id = r.id AND x.type IN ('repeals', 'supersedes') AND s.deleted_at IS NULL) e ON true
              """;
        // A regulation is in force from its effective date (else issued, else published) until it is repealed or a
        // record that repeals or supersedes it comes into force.
        using (var command = Command(
            $"""
            SELECT r.seq, r.id, r.primary_date, r.year, r.kind, r.jurisdiction, r.status, r.topics,
                   CASE WHEN r.kind = 'regulation' THEN coalesce(r.effective, r.issued, r.published) END,
                   least(r.repealed, e.ends), r.level, r.court_level, r.outcome
            FROM records r
            {ends}
            WHERE r.deleted_at IS NULL{only}
            ORDER BY r.primary_date DESC NULLS LAST, r.id
            """, connection, seqs))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                builder.AddKey(reader.GetInt32(0), reader.GetString(1), DateOrNull(reader, 2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetFieldValue<string[]>(7),
                    DateOrNull(reader, 8), DateOrNull(reader, 9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12));
            }
        }

        // Deleted targets too: restored later, they still end where their repealer says.
        using (var command = Command(
            $"""
            SELECT r.seq, t.seq FROM record_relations x JOIN records r ON r.id = x.source_id JOIN records t ON t.id = x.target_id
            WHERE x.type IN ('repeals', 'supersedes') AND r.deleted_at IS NULL{only}
            """, connection, seqs))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                builder.AddEndingTarget(reader.GetInt32(0), reader.GetInt32(1));
            }
        }

        using (var command = Command($"SELECT r.seq, r.document, r.authority_text FROM records r WHERE r.deleted_at IS NULL{only}", connection, seqs))
        using (var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess))
        {
            // Parsing and splitting into terms is the costly part: a batch at a time on every core.
            var batch = new List<(int Seq, string Document, string AuthorityText)>(4096);
            var texts = new IndexText[4096];
            var more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                while (batch.Count < 4096 && (more = reader.Read()))
                {
                    batch.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
                }

                Parallel.For(0, batch.Count, i => texts[i] = Terms(batch[i].Seq, batch[i].Document, batch[i].AuthorityText));
                for (var i = 0; i < batch.Count; i++)
                {
                    builder.AddText(texts[i]);
                }
            }
        }

        return builder.Build();
    }

    private static DateOnly? DateOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, int[]? seqs = null)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (seqs is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = seqs });
        }

        return command;
    }

    /// <summary>Titles and numbers (weight A), authorities and courts, and the body, each split into terms.</summary>
    public static IndexText Terms(int seq, string document, string authorityText)
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
            authorityText,
            record.Title.Keys);
    }

    /// <summary>
    /// Collects the index column by column: filter values as records arrive in date order (their rank is their
    /// place in that order), then terms in any order.
    /// </summary>
    public sealed class Builder(int count, int maxSeq)
    {
        private readonly int[] _seqOfRank = new int[count];
        private readonly IdStore.Builder _ids = new(count);
        private readonly Dictionary<int, List<int>> _endingTargets = [];
        private readonly int[] _dayOfRank = new int[count];
        private readonly int[] _startDayOfRank = new int[count];
        private readonly int[] _endDayOfRank = new int[count];
        // The main segment holds most seqs up to its largest: an array. A change's segment, a few: a map.
        private readonly int[]? _rankOfSeq = count >= maxSeq / 8 ? NewRankOfSeq(maxSeq) : null;
        private readonly Dictionary<int, int>? _rankOfSeqMap = count >= maxSeq / 8 ? null : new(count);
        private readonly Dictionary<string, SetBuilder> _filters = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SetBuilder> _terms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SetBuilder> _titleTerms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _authorities = new(StringComparer.Ordinal);
        private int _keys;
        private int _datedCount;

        private static int[] NewRankOfSeq(int maxSeq)
        {
            var rankOfSeq = new int[maxSeq + 1];
            Array.Fill(rankOfSeq, -1);
            return rankOfSeq;
        }

        /// <summary>The next record in date order (newest first, undated last, ties by id).</summary>
        public void AddKey(
            int seq, string id, DateOnly? primaryDate, int? year, string kind, string jurisdiction, string status, IEnumerable<string> topics,
            DateOnly? inForceFrom = null, DateOnly? inForceUntil = null, string? level = null, string? courtLevel = null, string? outcome = null)
        {
            var rank = _keys++;
            _seqOfRank[rank] = seq;
            _ids.Add(id);
            _startDayOfRank[rank] = inForceFrom?.DayNumber ?? -1;
            _endDayOfRank[rank] = inForceUntil?.DayNumber ?? int.MaxValue;
            if (_rankOfSeq is not null)
            {
                _rankOfSeq[seq] = rank;
            }
            else
            {
                _rankOfSeqMap![seq] = rank;
            }
            _dayOfRank[rank] = primaryDate?.DayNumber ?? -1;
            _datedCount += primaryDate is null ? 0 : 1;
            Add(_filters, "kind:" + kind, rank, count);
            Add(_filters, "status:" + status, rank, count);
            Add(_filters, "jurisdiction:" + jurisdiction, rank, count);
            Add(_filters, "country:" + jurisdiction.Split('-')[0], rank, count);
            if (year is { } y)
            {
                Add(_filters, "year:" + y, rank, count);
            }

            foreach (var topic in topics)
            {
                Add(_filters, "topic:" + topic, rank, count);
            }

            // A ruling's level, court level and outcome: facets and filters of their own.
            if (level is not null)
            {
                Add(_filters, "level:" + level, rank, count);
            }

            if (courtLevel is not null)
            {
                Add(_filters, "courtLevel:" + courtLevel, rank, count);
            }

            if (outcome is not null)
            {
                Add(_filters, "outcome:" + outcome, rank, count);
            }
        }

        /// <summary>A record's terms; a record that has no key (it arrived after the first pass) is left out.</summary>
        public void AddText(IndexText text)
        {
            var rank = RankOf(text.Seq);
            if (rank < 0)
            {
                return;
            }

            foreach (var language in text.TitleLanguages)
            {
                Add(_filters, IndexSegment.TitleLanguagePrefix + language, rank, count);
            }

            AddTerms(_titleTerms, text.Title, rank, count);
            AddTerms(_terms, text.Title, rank, count);
            AddTerms(_terms, text.Authorities, rank, count);
            AddTerms(_terms, text.Body, rank, count);
            if (text.AuthorityText.Length > 0)
            {
                (CollectionsMarshal.GetValueRefOrAddDefault(_authorities, text.AuthorityText, out _) ??= []).Add(rank);
            }
        }

        private int RankOf(int seq) => _rankOfSeq is not null
            ? seq < _rankOfSeq.Length ? _rankOfSeq[seq] : -1
            : _rankOfSeqMap!.GetValueOrDefault(seq, -1);

        /// <summary>A record of this segment repeals or supersedes another.</summary>
        public void AddEndingTarget(int seq, int targetSeq) =>
            (CollectionsMarshal.GetValueRefOrAddDefault(_endingTargets, seq, out _) ??= []).Add(targetSeq);

        public IndexSegment Build()
        {
            if (_keys != count)
            {
                throw new InvalidOperationException($"Expected {count} records in date order, read {_keys}.");
            }

            // Ascending date order: the dated days from oldest to newest, ties still by id; the undated last, by id.
            var ascending = new int[count];
            var position = 0;
            for (var end = _datedCount; end > 0;)
            {
                var start = end - 1;
                while (start > 0 && _dayOfRank[start - 1] == _dayOfRank[end - 1])
                {
                    start--;
                }

                for (var rank = start; rank < end; rank++)
                {
                    ascending[position++] = rank;
                }

                end = start;
            }

            for (var rank = _datedCount; rank < count; rank++)
            {
                ascending[position++] = rank;
            }

            var ascendingPosition = new int[count];
            for (var i = 0; i < count; i++)
            {
                ascendingPosition[ascending[i]] = i;
            }

            var termSets = BuildAll(_terms);
            var titleSets = BuildAll(_titleTerms);
            var rankOfSeq = _rankOfSeq;
            var rankOfSeqMap = _rankOfSeqMap;
            return new IndexSegment
            {
                Size = count,
                Ids = _ids.Build(),
                RankOf = rankOfSeq is not null ? IndexSegment.Lookup(rankOfSeq) : seq => rankOfSeqMap!.GetValueOrDefault(seq, -1),
                EndingTargets = _endingTargets.ToDictionary(e => e.Key, e => e.Value.ToArray()),
                SeqOfRank = _seqOfRank,
                DatedCount = _datedCount,
                DayOfRank = _dayOfRank,
                StartDayOfRank = _startDayOfRank,
                EndDayOfRank = _endDayOfRank,
                AscendingRanks = ascending,
                AscendingPositionOfRank = ascendingPosition,
                Filters = BuildAll(_filters),
                Terms = termSets,
                TitleTerms = titleSets,
                SortedTerms = termSets.Keys.Order(StringComparer.Ordinal).ToArray(),
                SortedTitleTerms = titleSets.Keys.Order(StringComparer.Ordinal).ToArray(),
                AuthorityGroups = _authorities.Select(a =>
                {
                    var ranks = a.Value.ToArray();
                    Array.Sort(ranks);
                    return (a.Key, RankSet.FromSorted(ranks, count));
                }).ToArray(),
            };
        }

        /// <summary>Builds each set and lets go of its builder at once, so builders and sets are never all held together.</summary>
        private Dictionary<string, RankSet> BuildAll(Dictionary<string, SetBuilder> builders)
        {
            var sets = new Dictionary<string, RankSet>(builders.Count, StringComparer.Ordinal);
            foreach (var (key, builder) in builders)
            {
                sets[key] = builder.Build(count);
            }

            builders.Clear();
            return sets;
        }
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

        /// <summary>The set; the builder lets go of what it held, so that building the sets does not double the peak.</summary>
        public RankSet Build(int universe)
        {
            if (_bits is not null)
            {
                var set = RankSet.FromBits(_bits);
                _bits = null;
                return set;
            }

            // Each record adds its terms in one go, so a rank is never added twice: sorting is all that is left.
            var ranks = _ranks!.ToArray();
            _ranks = null;
            Array.Sort(ranks);
            return RankSet.FromSorted(ranks, universe);
        }
    }
}
