using CsCheck;
using RegulationApi.Model;
using RegulationApi.Records;
using RegulationApi.Search;

namespace RegulationApi.Tests.Search;

/// <summary>A record as the naive model sees it: the fields the index filters, sorts and searches on.</summary>
internal sealed record ModelRecord(
    int Seq, string Id, DateOnly? Date, int? Year, string Kind, string Jurisdiction, string Status, string[] Topics,
    DateOnly? InForceFrom, DateOnly? InForceUntil, string Title, string Body, string Authority,
    string? Level = null, string? CourtLevel = null, string? Outcome = null)
{
    // Computed from the texts (not stored), so that a copy made with `with` and a new title has the new title's terms.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> TermsOfText = new();

    public HashSet<string> Terms => TermsOf($"{Title}\n{Authority}\n{Body}");

    public HashSet<string> TitleTerms => TermsOf(Title);

    private static HashSet<string> TermsOf(string text) =>
        TermsOfText.GetOrAdd(text, t => [.. SearchText.ForIndex(t.Split('\n')).Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Short enough to read in a shrunk counterexample.</summary>
    public override string ToString() =>
        $"{Id}#{Seq} {Kind} {Jurisdiction} {Date?.ToString("yyyy-MM-dd") ?? "undated"} y={Year} {Status} [{string.Join(',', Topics)}] " +
        $"force={InForceFrom:yyyy-MM-dd}..{InForceUntil:yyyy-MM-dd} level={Level} court={CourtLevel} outcome={Outcome} " +
        $"title='{Title}' body='{Body}' authority='{Authority}'";
}

/// <summary>
/// The naive model of the search index: records as a list, filters as LINQ over it, written from the contract's words
/// (not from the index's sets), and CsCheck generators of records and of the requests a client may send.
/// </summary>
internal static class IndexModel
{
    // Common words make dense sets, the rare ones (a few records each) sparse ones.
    public static readonly string[] CommonWords = ["挖矿", "合同", "mining", "contract", "电力"];
    public static readonly string[] RareWords = ["托管", "hosting", "minería", "майнинг", "energiskatt", "罚款", "moratorium", "判决"];

    /// <summary>Words no record holds, and one that only a stop word: queries that must find nothing.</summary>
    public static readonly string[] OutsideWords = ["比特币", "blockchain", "zzz", "the", "挖掘", "矿机"];

    public static readonly string[] JurisdictionCodes = ["CN", "CN-SC", "CN-NM", "CN-XJ", "US", "US-NY", "US-TX", "KZ", "RU", "RU-IRK", "EU", "SE", "FI", "HR"];
    public static readonly string[] RareJurisdictions = ["XK", "PY", "CA-BC"];
    public static readonly string[] Authorities = ["国家发展和改革委员会", "People's Bank of China", "New York DEC", "Министерство энергетики"];

    private static readonly DateOnly FirstDay = new(2013, 1, 1);

    /// <summary>The records in the order the loader reads them: newest first, undated last, ties by id.</summary>
    public static IEnumerable<ModelRecord> DateOrder(IEnumerable<ModelRecord> records) =>
        records.OrderBy(r => r.Date is null).ThenByDescending(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal);

    /// <summary>Oldest first, undated still last, ties by id.</summary>
    public static IEnumerable<ModelRecord> AscendingDateOrder(IEnumerable<ModelRecord> records) =>
        records.OrderBy(r => r.Date is null).ThenBy(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal);

    /// <summary>The index as <see cref="SearchIndexLoader"/> builds it at start-up, from the model's records: one segment.</summary>
    public static SearchIndex Build(IReadOnlyList<ModelRecord> records, long version = 1) =>
        new([new LiveSegment(Segment(records), RankSet.Empty)], version, null, null);

    /// <summary>
    /// The index as it stands after following changes: a main segment from <paramref name="initial"/>, then for each
    /// batch a segment of its records (by seq; null means deleted), applied as <see cref="SearchIndexHost"/> does.
    /// </summary>
    public static SearchIndex BuildLive(IReadOnlyList<ModelRecord> initial, IEnumerable<(int Seq, ModelRecord? Record)[]> batches)
    {
        var index = Build(initial);
        var version = 1L;
        foreach (var batch in batches)
        {
            var live = batch.Select(b => b.Record).OfType<ModelRecord>().ToList();
            index = index.With(Segment(live), [.. batch.Select(b => b.Seq).Distinct()], ++version, null, null);
        }

        return index;
    }

    /// <summary>The records as one segment, built in the loader's order.</summary>
    public static IndexSegment Segment(IReadOnlyList<ModelRecord> records)
    {
        var builder = new SearchIndexLoader.Builder(records.Count, records.Count == 0 ? 0 : records.Max(r => r.Seq));
        foreach (var r in DateOrder(records))
        {
            builder.AddKey(r.Seq, r.Id, r.Date, r.Year, r.Kind, r.Jurisdiction, r.Status, r.Topics, r.InForceFrom, r.InForceUntil, r.Level, r.CourtLevel, r.Outcome);
        }

        foreach (var r in records)
        {
            builder.AddText(new IndexText(r.Seq, SearchText.ForIndex([r.Title]), SearchText.ForIndex([r.Authority]), SearchText.ForIndex([r.Body]),
                r.Authority, ["zh", "en"]));
        }

        return builder.Build();
    }

    /// <summary>Whether the record meets every filter of the request, read as the contract describes each one.</summary>
    public static bool Matches(ModelRecord r, RecordFilterRequest q)
    {
        if (!string.IsNullOrWhiteSpace(q.Q) && (SearchText.Parse(q.Q) ?? []) is var terms && (terms.Count == 0 || !terms.All(t => Holds(r.Terms, t))))
        {
            return false;
        }

        var inForceOn = Date(q.InForceOn);
        return Any(q.Kind, k => r.Kind == k)
               && Any(q.Jurisdiction, j => j.ToUpperInvariant() is var code && (r.Jurisdiction == code || !code.Contains('-') && r.Jurisdiction.StartsWith(code + "-", StringComparison.Ordinal)))
               && (q.Year is null || r.Year == int.Parse(q.Year))
               && (q.YearFrom is null || r.Year >= int.Parse(q.YearFrom))
               && (q.YearTo is null || r.Year <= int.Parse(q.YearTo))
               && (q.From is null || r.Date >= Date(q.From))
               && (q.To is null || r.Date <= Date(q.To))
               && Any(q.Topic, r.Topics.Contains)
               && Any(q.Status, s => r.Status == s)
               && Any(q.Level, l => r.Level == l)
               && Any(q.CourtLevel, l => r.CourtLevel == l)
               && Any(q.Outcome, o => r.Outcome == o)
               && (q.Authority is null || r.Authority.Contains(q.Authority.Trim(), StringComparison.OrdinalIgnoreCase))
               && (inForceOn is not { } on || r.Kind == "regulation" && r.InForceFrom <= on && !(r.InForceUntil <= on))
               && Any(q.AppliesIn, place => LawOf(place.ToUpperInvariant(), inForceOn).Contains(r.Jurisdiction));
    }

    /// <summary>A place, the places above it (CN-SC: CN), and the EU for a member state that had joined by the day.</summary>
    private static HashSet<string> LawOf(string place, DateOnly? on)
    {
        HashSet<string> places = [place, place.Split('-')[0]];
        if (places.Any(p => Jurisdictions.EuMembers.TryGetValue(p, out var joined) && !(on < joined)))
        {
            places.Add("EU");
        }

        return places;
    }

    public static bool Holds(HashSet<string> terms, SearchTerm term) =>
        term.IsPrefix ? terms.Any(x => x.StartsWith(term.Text, StringComparison.Ordinal)) : terms.Contains(term.Text);

    /// <summary>No values: no condition; otherwise a record meets one of them (lists are comma-separated and may repeat).</summary>
    private static bool Any(string[]? values, Func<string, bool> meets)
    {
        var split = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return split.Count == 0 || split.Any(meets);
    }

    private static DateOnly? Date(string? value) => value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd");

    /// <summary>The request's matches in its sort's order: date, date-asc, or relevance (title matches first, each tier by date).</summary>
    public static List<ModelRecord> Expected(IReadOnlyList<ModelRecord> records, RecordSearchRequest request)
    {
        var matching = records.Where(r => Matches(r, request)).ToList();
        switch (request.ToSort())
        {
            case RecordSort.DateAscending:
                return [.. AscendingDateOrder(matching)];
            case RecordSort.Relevance:
                var terms = SearchText.Parse(request.Q!)!;
                var inTitle = DateOrder(matching.Where(r => terms.All(t => Holds(r.TitleTerms, t)))).ToList();
                return [.. inTitle, .. DateOrder(matching.Except(inTitle))];
            default:
                return [.. DateOrder(matching)];
        }
    }

    /// <summary>The record's relevance tier for the request: 0 when its title holds every term, else 1; 0 in the date orders.</summary>
    public static int Tier(ModelRecord r, RecordSearchRequest request) =>
        request.ToSort() == RecordSort.Relevance && SearchText.Parse(request.Q!)!.Any(t => !Holds(r.TitleTerms, t)) ? 1 : 0;

    /// <summary>
    /// Whether the record comes after a page position in the request's order: a later tier, or the same tier and later
    /// in the date order (newest or oldest first, undated last, ties by id), written out here rather than taken from the index.
    /// </summary>
    public static bool IsAfter(ModelRecord r, RecordSearchRequest request, PagePosition position)
    {
        var tier = Tier(r, request);
        if (tier != position.Tier)
        {
            return tier > position.Tier;
        }

        var (undated, positionUndated) = (r.Date is null, position.Day < 0);
        if (undated != positionUndated)
        {
            return undated;
        }

        var day = r.Date?.DayNumber ?? -1;
        if (day != position.Day)
        {
            return request.ToSort() == RecordSort.DateAscending ? day > position.Day : day < position.Day;
        }

        return string.CompareOrdinal(r.Id, position.Id) > 0;
    }

    private static Gen<T> Pick<T>(params T[] values) => Gen.OneOf(values);

    private static Gen<string> Words(int min, int max) =>
        Gen.Frequency((30, Pick(CommonWords)), (1, Pick(RareWords))).Array[min, max].Select(words => string.Join(' ', words));

    /// <summary>
    /// A record without its seq and id. <paramref name="days"/> is the span of dates: a short one makes records share a
    /// day, so that ties by id decide the order.
    /// </summary>
    private static Gen<Func<int, string, ModelRecord>> Record(int days) =>
        from date in Gen.Int[0, days - 1].Select(FirstDay.AddDays).Nullable(0.1)
        from kind in Gen.Frequency((2, Gen.Const("regulation")), (1, Gen.Const("ruling")))
        from knownYear in Gen.Int[2015, 2024].Nullable(0.5)
        from starts in Gen.Int[0, 59].Nullable(0.25)
        from lasts in Gen.Int[1, 2000].Nullable(0.67)
        from jurisdiction in Gen.Frequency((50, Pick(JurisdictionCodes)), (1, Pick(RareJurisdictions)))
        from status in Pick(Vocabulary.Statuses)
        from topics in Pick(Vocabulary.Topics).ArrayUnique[0, 3]
        from title in Words(1, 3)
        from body in Words(3, 8)
        from authority in Gen.Frequency((4, Pick(Authorities)), (1, Gen.Const("")))
        from level in Pick(Vocabulary.Levels).Null(0.2)
        from courtLevel in Pick(Vocabulary.CourtLevels).Null(0.2)
        from outcome in Pick(Vocabulary.Outcomes).Null(0.2)
        select new Func<int, string, ModelRecord>((seq, id) =>
        {
            // A regulation is in force from a start (its effective date, often after its date; rarely known without one).
            DateOnly? inForce = kind != "regulation" || starts is null ? null : date?.AddDays(starts.Value) ?? (starts < 15 ? FirstDay.AddDays(starts.Value * 97) : null);
            return new ModelRecord(
                seq, id, date, date?.Year ?? knownYear, kind, jurisdiction, status, topics, inForce, inForce is { } start && lasts is { } n ? start.AddDays(n) : null,
                title, body, authority, level, kind == "ruling" ? courtLevel : null, kind == "ruling" ? outcome : null);
        });

    /// <summary>
    /// Between <paramref name="min"/> and <paramref name="max"/> records with distinct ids and seqs; ids share
    /// prefixes of different lengths so that their ordinal order is not their numeric one.
    /// </summary>
    public static Gen<ModelRecord[]> Records(int min, int max, int days = 400) =>
        Gen.Select(Record(days).Array[min, max], Gen.Int[0, 999].Array[max], (makers, numbers) =>
            makers.Select((make, i) => make(i + 1, $"r-{numbers[i]}-{i + 1}")).ToArray());

    /// <summary>
    /// A request a client may send for these records: terms taken from their own text and from outside it, in
    /// Chinese and English (and one Chinese character, a prefix), filters with parent codes, lists written
    /// comma-separated or repeated, and each sort. Every request is valid.
    /// </summary>
    public static Gen<RecordSearchRequest> Requests(IReadOnlyList<ModelRecord> records)
    {
        var ownWords = records.SelectMany(r => $"{r.Title} {r.Body}".Split(' ')).Distinct().DefaultIfEmpty("mining").ToArray();
        // One Chinese character is a prefix: it finds the terms that start with it.
        var ownCharacters = ownWords.Where(w => w.Length > 1 && SearchText.Parse(w[..1]) is [{ IsPrefix: true }]).Select(w => w[..1]).DefaultIfEmpty("挖").ToArray();
        var term = Gen.Frequency(
            (6, Pick(ownWords)),
            (2, Pick(ownCharacters)),
            (1, Pick(ownWords).Select(w => w.ToUpperInvariant())),
            (2, Pick(OutsideWords)));
        var query = term.Array[1, 3].Select(t => string.Join(' ', t)).Null(0.4);
        var day = Gen.Int[-30, 4500].Select(d => FirstDay.AddDays(d).ToString("yyyy-MM-dd")).Null(0.8);
        return
            from q in query
            from kinds in List(Vocabulary.Kinds)
            from places in List(["CN", "US", "cn-sc", "CN-SC", "US-NY", "RU", "EU", "XK", "CA", "SE", "KZ"])
            from year in Gen.Int[2012, 2026].Select(y => y.ToString()).Null(0.85)
            from yearRange in Gen.Select(Gen.Int[2012, 2026].Nullable(0.5), Gen.Int[0, 8].Nullable(0.5)).Nullable(0.8)
            from dates in Gen.Select(day, day)
            from topics in List(Vocabulary.Topics)
            from statuses in List(Vocabulary.Statuses)
            from levels in List(Vocabulary.Levels)
            from courtLevels in List(Vocabulary.CourtLevels)
            from outcomes in List(Vocabulary.Outcomes)
            from authority in Gen.Frequency((3, Pick(Authorities).SelectMany(a => Gen.Int[0, a.Length - 1], (a, start) => (a, start))
                    .SelectMany(p => Gen.Int[1, p.a.Length - p.start], (p, length) => p.a.Substring(p.start, length).Trim())
                    .Where(a => a.Length > 0)), (1, Pick("bank", "BANK", "发展", "nobody"))).Null(0.75)
            from inForceOn in day
            from appliesIn in List(["CN-SC", "CN", "SE", "FI", "HR", "US-NY", "PY", "RU-IRK"])
            from sort in Pick("date", "date-asc", "relevance", null)
            from limit in Gen.Frequency((3, Gen.Int[1, 7]), (1, Gen.Int[8, 100])).Select(l => l.ToString())
            let ordered = string.CompareOrdinal(dates.Item1, dates.Item2) <= 0 || dates.Item1 is null || dates.Item2 is null
            select new RecordSearchRequest
            {
                Q = q,
                Kind = kinds,
                Jurisdiction = places,
                Year = year,
                YearFrom = yearRange?.Item1?.ToString(),
                YearTo = yearRange is ({ } first, { } span) ? (first + span).ToString() : yearRange?.Item2 is { } to ? (2012 + to * 2).ToString() : null,
                From = ordered ? dates.Item1 : dates.Item2,
                To = ordered ? dates.Item2 : dates.Item1,
                Topic = topics,
                Status = statuses,
                Level = levels,
                CourtLevel = courtLevels,
                Outcome = outcomes,
                Authority = authority,
                InForceOn = inForceOn,
                AppliesIn = appliesIn,
                Sort = q is null && sort == "relevance" ? null : sort,
                Limit = limit,
            };
    }

    /// <summary>Mostly no values; else one or two, comma-separated or as repeated parameters.</summary>
    private static Gen<string[]?> List(string[] values) =>
        Gen.Frequency(
            (6, Gen.Const((string[]?)null)),
            (2, Pick(values).Select(v => (string[]?)[v])),
            (1, Gen.Select(Pick(values), Pick(values), (a, b) => (string[]?)[$"{a},{b}"])),
            (1, Gen.Select(Pick(values), Pick(values), (a, b) => (string[]?)[a, b])));

    /// <summary>Every query parameter the request sets, for a counterexample that reads like a URL.</summary>
    public static string Describe(RecordSearchRequest r) => string.Join('&', new (string, string[]?)[]
        {
            ("q", r.Q is null ? null : [r.Q]), ("kind", r.Kind), ("jurisdiction", r.Jurisdiction), ("year", r.Year is null ? null : [r.Year]),
            ("yearFrom", r.YearFrom is null ? null : [r.YearFrom]), ("yearTo", r.YearTo is null ? null : [r.YearTo]),
            ("from", r.From is null ? null : [r.From]), ("to", r.To is null ? null : [r.To]), ("topic", r.Topic), ("status", r.Status),
            ("level", r.Level), ("courtLevel", r.CourtLevel), ("outcome", r.Outcome), ("authority", r.Authority is null ? null : [r.Authority]),
            ("inForceOn", r.InForceOn is null ? null : [r.InForceOn]), ("appliesIn", r.AppliesIn), ("sort", r.Sort is null ? null : [r.Sort]),
            ("limit", r.Limit is null ? null : [r.Limit]),
        }.Where(p => p.Item2 is not null).SelectMany(p => p.Item2!.Select(v => $"{p.Item1}={v}")));
}
