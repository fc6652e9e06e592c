namespace RegulationApi.Search;

/// <summary>A segment as one snapshot reads it: without the records that later segments replaced or that were deleted.</summary>
public sealed record LiveSegment(IndexSegment Segment, RankSet Removed)
{
    public int LiveCount => Segment.Size - Removed.Count;
}

/// <summary>The records of one snapshot that match, per segment (each set without that segment's removed ranks).</summary>
public sealed class Matches(RankSet[] sets)
{
    public RankSet[] Sets { get; } = sets;

    public long Count { get; } = sets.Sum(s => (long)s.Count);
}

/// <summary>One record of a page: its seq, and where it sits (tier, segment, rank) for the position after it.</summary>
public readonly record struct PageItem(int Seq, int Tier, int Segment, int Rank);

/// <summary>
/// The snapshot of the knowledge base that a request reads: the main segment built from every record, then one small
/// segment per batch of changes applied since (<see cref="SearchIndexHost"/>), each without the records that a later
/// one replaced. Matching, counting and facets are per segment and added up; a page merges the segments' own orders.
/// Every snapshot is immutable, so totals, facets and pages agree within a request however the index moves on.
/// </summary>
public sealed class SearchIndex
{
    public SearchIndex(IReadOnlyList<LiveSegment> segments, long version, DateTime? changedAt, DateTime? watermark)
    {
        Segments = segments;
        Version = version;
        ChangedAt = changedAt;
        Watermark = watermark;
        Size = segments.Sum(s => s.LiveCount);
    }

    public IReadOnlyList<LiveSegment> Segments { get; }

    /// <summary>The data version this snapshot has caught up with.</summary>
    public long Version { get; }

    /// <summary>When the change that made <see cref="Version"/> was committed (UTC); null for a database never changed.</summary>
    public DateTime? ChangedAt { get; }

    /// <summary>The latest updated_at applied: the change log is read on from there.</summary>
    public DateTime? Watermark { get; }

    /// <summary>Records in the snapshot.</summary>
    public int Size { get; }

    public IndexSegment Main => Segments[0].Segment;

    public static SearchIndex Empty { get; } = new([new LiveSegment(IndexSegment.Empty, RankSet.Empty)], 0, null, null);

    /// <summary>
    /// The snapshot after a batch of changes: <paramref name="changes"/> holds the records of <paramref name="changedSeqs"/>
    /// that are live now (the others were deleted), and every older segment loses its copy of them.
    /// </summary>
    public SearchIndex With(IndexSegment changes, int[] changedSeqs, long version, DateTime? changedAt, DateTime? watermark)
    {
        var segments = new List<LiveSegment>(Segments.Count + 1);
        foreach (var live in Segments)
        {
            var ranks = changedSeqs.Select(live.Segment.RankOf).Where(rank => rank >= 0 && !live.Removed.Contains(rank)).ToList();
            var kept = ranks.Count == 0 ? live : live with { Removed = RankSet.FromSorted([.. ranks.Concat(live.Removed.Ascending(0)).Order()], live.Segment.Size) };
            // The main segment stays first even when empty; an emptied change segment goes.
            if (segments.Count == 0 || kept.LiveCount > 0)
            {
                segments.Add(kept);
            }
        }

        if (changes.Size > 0)
        {
            segments.Add(new LiveSegment(changes, RankSet.Empty));
        }

        return new SearchIndex(segments, version, changedAt, watermark);
    }

    /// <summary>The seqs of the records a segment still holds live.</summary>
    public static IEnumerable<int> LiveSeqs(LiveSegment live) =>
        Enumerable.Range(0, live.Segment.Size).Where(rank => !live.Removed.Contains(rank)).Select(live.Segment.SeqOf);

    /// <summary>Counts already computed on this snapshot, by filter.</summary>
    public TallyMemo Memo { get; } = new();

    /// <summary>Every language some record's title is given in: zh and en first, then the others in ordinal order.</summary>
    public IReadOnlyList<string> TitleLanguages =>
    [
        .. Segments.SelectMany(live => live.Segment.TitleLanguageSets
                .Where(title => title.Records.Count > title.Records.CountAnd(live.Removed)).Select(title => title.Language))
            .Distinct()
            .OrderBy(language => language switch { "zh" => 0, "en" => 1, _ => 2 }).ThenBy(language => language, StringComparer.Ordinal),
    ];

    /// <summary>The records that match every filter; the sets built on the way are rented from <paramref name="scratch"/>.</summary>
    public Matches Match(RecordFilter filter, RankScratch? scratch = null) =>
        new([.. Segments.Select(live => live.Segment.Match(filter, scratch).Except(live.Removed, scratch))]);

    /// <summary>The matches whose title, document number or case number holds every term: the first relevance tier.</summary>
    public Matches TitleMatches(Matches matches, string q, RankScratch? scratch = null) =>
        new([.. Segments.Select((live, i) => live.Segment.TitleMatches(matches.Sets[i], q, scratch))]);

    /// <summary>The matches that also have a filter value (kind:ruling, year:2021 …).</summary>
    public Matches With(Matches matches, string filterKey, RankScratch? scratch = null) =>
        new([.. Segments.Select((live, i) => matches.Sets[i].And(live.Segment.Filters.GetValueOrDefault(filterKey, RankSet.Empty), scratch))]);

    /// <summary>Counts of the set by field value (<see cref="IndexSegment.Tally"/>), over every segment.</summary>
    public Tally Tally(Matches matches, IReadOnlyCollection<string>? fields = null)
    {
        var tally = Segments[0].Segment.Tally(matches.Sets[0], fields);
        for (var i = 1; i < Segments.Count; i++)
        {
            if (matches.Sets[i].Count > 0)
            {
                tally = tally.Plus(Segments[i].Segment.Tally(matches.Sets[i], fields));
            }
        }

        return tally;
    }

    /// <summary>
    /// A page of the records that match, in the sort's order from <paramref name="start"/>: their seqs, the matches (for
    /// the total and facets), and where the next page starts (null on the last page).
    /// </summary>
    public (Matches Matches, List<int> Seqs, PagePosition? Next) Find(
        RecordFilter filter, RecordSort sort, PagePosition start, int limit, RankScratch? scratch = null)
    {
        var matches = Match(filter, scratch);
        var titleMatches = sort == RecordSort.Relevance ? TitleMatches(matches, filter.Q!, scratch) : null;
        // One more than the page: whether there is a next page at all.
        var page = Page(matches, titleMatches, sort, start, limit + 1);
        var next = page.Count > limit ? After(page[limit - 1]) : (PagePosition?)null;
        return (matches, page.Take(limit).Select(p => p.Seq).ToList(), next);
    }

    /// <summary>Where the page after this record starts.</summary>
    public PagePosition After(PageItem item)
    {
        var segment = Segments[item.Segment].Segment;
        return new PagePosition(item.Tier, segment.DayOfRank[item.Rank], segment.Ids.GetString(item.Rank));
    }

    /// <summary>Up to <paramref name="take"/> records of <paramref name="matches"/> in the sort's order, after <paramref name="start"/>.</summary>
    public List<PageItem> Page(Matches matches, Matches? titleMatches, RecordSort sort, PagePosition start, int take)
    {
        var page = new List<PageItem>(Math.Min(take, 1024));
        var ascending = sort == RecordSort.DateAscending;
        // Relevance: tier 0 the title matches, tier 1 the other matches (walked in place rather than built as a set).
        for (var tier = sort == RecordSort.Relevance ? start.Tier : 0; tier < (sort == RecordSort.Relevance ? 2 : 1) && page.Count < take; tier++)
        {
            var streams = new IEnumerator<int>[Segments.Count];
            for (var i = 0; i < Segments.Count; i++)
            {
                var segment = Segments[i].Segment;
                var from = tier == start.Tier && start.Id is { } id ? segment.FirstAfter(start.Day, id, ascending) : 0;
                streams[i] = (sort, tier) switch
                {
                    (RecordSort.Relevance, 0) => titleMatches!.Sets[i].Ascending(from).GetEnumerator(),
                    (RecordSort.Relevance, _) => Without(matches.Sets[i].Ascending(from), titleMatches!.Sets[i]).GetEnumerator(),
                    (RecordSort.DateAscending, _) => segment.AscendingPositions(matches.Sets[i], from).Select(p => segment.AscendingRanks[p]).GetEnumerator(),
                    _ => matches.Sets[i].Ascending(from).GetEnumerator(),
                };
            }

            Merge(streams, tier, ascending, page, take);
        }

        return page;
    }

    private static IEnumerable<int> Without(IEnumerable<int> ranks, RankSet excluded) => ranks.Where(r => !excluded.Contains(r));

    /// <summary>Takes from the segments' streams, each already in the sort's order, the next record of all of them in turn.</summary>
    private void Merge(IEnumerator<int>[] streams, int tier, bool ascending, List<PageItem> page, int take)
    {
        var live = new bool[streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            live[i] = streams[i].MoveNext();
        }

        while (page.Count < take)
        {
            var best = -1;
            for (var i = 0; i < streams.Length; i++)
            {
                if (live[i] && (best < 0 || Compare(i, streams[i].Current, best, streams[best].Current, ascending) < 0))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            var rank = streams[best].Current;
            page.Add(new PageItem(Segments[best].Segment.SeqOf(rank), tier, best, rank));
            live[best] = streams[best].MoveNext();
        }

        foreach (var stream in streams)
        {
            stream.Dispose();
        }
    }

    private int Compare(int segmentA, int rankA, int segmentB, int rankB, bool ascending)
    {
        var (a, b) = (Segments[segmentA].Segment, Segments[segmentB].Segment);
        return SortKeys.Compare(a.DayOfRank[rankA], a.Ids[rankA], b.DayOfRank[rankB], b.Ids[rankB], ascending);
    }
}
