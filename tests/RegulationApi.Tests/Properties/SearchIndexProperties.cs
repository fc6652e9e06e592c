using CsCheck;
using Microsoft.AspNetCore.DataProtection;
using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Tests.Search;

namespace RegulationApi.Tests.Properties;

/// <summary>
/// The search index and its cursors against the naive model (<see cref="IndexModel"/>), on random record sets and
/// random requests: what GET /api/v1/records answers, without the database (which only turns the page's seqs into
/// documents). A failure prints the shrunk records and requests; a shrunk counterexample becomes an ordinary
/// [Fact] with that input, in RegressionTests.
/// </summary>
public sealed class SearchIndexProperties
{
    private static readonly RecordSearchRequestValidator Validator = new();
    private static readonly RecordCursor Cursors = new(new EphemeralDataProtectionProvider());

    private static readonly Gen<(ModelRecord[] Records, RecordSearchRequest[] Requests)> RecordsAndRequests =
        from records in IndexModel.Records(0, 150)
        from requests in IndexModel.Requests(records).Array[1, 8]
        select (records, requests);

    /// <summary>
    /// Every request's pages, followed by their cursors, hold exactly the model's matches in the sort's order (for
    /// relevance: the title matches first, each tier newest first), and every page's total is the exact count.
    /// </summary>
    [Fact]
    public void Pages_AreTheModelsMatches_InTheSortsOrder_WithTheExactTotal() =>
        RecordsAndRequests.Sample((records, requests) =>
        {
            var index = IndexModel.Build(records);
            foreach (var request in requests)
            {
                var validation = Validator.Validate(request);
                Assert.True(validation.IsValid, IndexModel.Describe(request) + ": " + validation);
                var expected = IndexModel.Expected(records, request);

                var (ids, totals) = Walk(index, request, records);

                Assert.Equal(expected.Select(r => r.Id), ids);
                Assert.All(totals, total => Assert.Equal(expected.Count, total));
            }
        }, iter: 300, print: Print);

    /// <summary>
    /// What a client paging through sees when the index is replaced between two pages. A cursor holds a position in
    /// one index (a rank in the sort's order) and that index's version, so the service guarantees:
    /// <list type="bullet">
    /// <item>a rebuild of the same knowledge base (same version) gives the same positions: the walk goes on and still
    /// returns every match exactly once, in order;</item>
    /// <item>after a change (a new version), the next cursor is refused (a 400 naming cursor, "start again from the
    /// first page") rather than read against records it was not made for; so no walk ever mixes two versions, the
    /// pages already returned are a prefix of the old order, and a walk started again returns every match of the new
    /// version exactly once, in its order.</item>
    /// </list>
    /// It is not a keyset cursor: a record unchanged by the change is not carried over, the walk restarts.
    /// </summary>
    [Fact]
    public void Cursors_SurviveARebuild_AndAreRefusedAfterAChange_SoNoWalkMixesVersions() =>
        (from records in IndexModel.Records(1, 120)
         from request in IndexModel.Requests(records)
         from pagesBefore in Gen.Int[1, 4]
         from change in Change(records)
         select (records, request, pagesBefore, change)).Sample((records, request, pagesBefore, changed) =>
        {
            var filter = request.ToFilter();
            var sort = request.ToSort();
            var limit = request.ToLimit();
            var before = IndexModel.Build(records, version: 7);
            var expectedBefore = IndexModel.Expected(records, request).Select(r => r.Id).ToList();
            var bySeq = records.ToDictionary(r => r.Seq);

            var ids = new List<string>();
            string? cursor = null;
            for (var page = 0; page < pagesBefore && (page == 0 || cursor is not null); page++)
            {
                var (_, seqs, next) = before.Find(filter, sort, Position(cursor, filter, sort, before), limit);
                ids.AddRange(seqs.Select(s => bySeq[s].Id));
                cursor = next is { } position ? Cursors.Encode(filter, sort, before.Version, position) : null;
            }

            Assert.Equal(expectedBefore.Take(ids.Count), ids);
            if (cursor is null)
            {
                Assert.Equal(expectedBefore, ids);
                return;
            }

            // The same records, read again (their terms in another order): the walk goes on where it was.
            var rebuilt = IndexModel.Build([.. records.Reverse()], version: 7);
            var (rest, _) = Walk(rebuilt, request, records, cursor);
            Assert.Equal(expectedBefore, [.. ids, .. rest]);

            // Changed records: the cursor is refused, and starting again walks the new version whole.
            var after = IndexModel.Build(changed, version: 8);
            var (refused, problem) = Cursors.Decode(cursor, filter, sort, after.Version);
            Assert.Null(refused);
            Assert.Contains("start again from the first page", problem);
            Assert.Equal(IndexModel.Expected(changed, request).Select(r => r.Id), Walk(after, request, changed).Ids);
        }, iter: 400, print: t => Print((t.Item1, [t.Item2])) + $"\npages before: {t.Item3}\nchanged to:\n{string.Join('\n', t.Item4)}");

    /// <summary>
    /// The records after a change: some deleted, some moved to another date or retitled, some added (new seqs, as
    /// the database assigns them).
    /// </summary>
    private static Gen<ModelRecord[]> Change(ModelRecord[] records) =>
        from fates in Gen.Int[0, 9].Array[records.Length]
        from days in Gen.Int[-200, 200].Array[records.Length]
        from added in IndexModel.Records(0, 10)
        select records.Select((r, i) => fates[i] switch
            {
                0 => null,
                1 => r with { Date = r.Date?.AddDays(days[i]), Year = r.Date?.AddDays(days[i]).Year ?? r.Year },
                2 => r with { Title = r.Body, Body = r.Title },
                _ => r,
            }).OfType<ModelRecord>()
            .Concat(added.Select(a => a with { Seq = records.Length + a.Seq, Id = "new-" + a.Id }))
            .ToArray();

    /// <summary>Every page of the request, each from the cursor of the one before, and the total each page gave.</summary>
    private static (List<string> Ids, List<long> Totals) Walk(SearchIndex index, RecordSearchRequest request, IEnumerable<ModelRecord> records, string? cursor = null)
    {
        var filter = request.ToFilter();
        var sort = request.ToSort();
        var bySeq = records.ToDictionary(r => r.Seq);
        var (ids, totals) = (new List<string>(), new List<long>());
        do
        {
            var (matches, seqs, next) = index.Find(filter, sort, Position(cursor, filter, sort, index), request.ToLimit());
            Assert.InRange(seqs.Count, next is null ? 0 : request.ToLimit(), request.ToLimit());
            ids.AddRange(seqs.Select(s => bySeq[s].Id));
            totals.Add(matches.Count);
            cursor = next is { } position ? Cursors.Encode(filter, sort, index.Version, position) : null;
        }
        while (cursor is not null);

        return (ids, totals);
    }

    /// <summary>Where the cursor's page starts, as the endpoint decodes it; the first page without one.</summary>
    private static PagePosition Position(string? cursor, RecordFilter filter, RecordSort sort, SearchIndex index)
    {
        if (cursor is null)
        {
            return new PagePosition(0, 0);
        }

        var (position, problem) = Cursors.Decode(cursor, filter, sort, index.Version);
        Assert.True(position is not null, problem);
        return position.Value;
    }

    private static string Print((ModelRecord[] Records, RecordSearchRequest[] Requests) t) =>
        $"{t.Records.Length} records:\n{string.Join('\n', t.Records)}\nrequests:\n{string.Join('\n', t.Requests.Select(IndexModel.Describe))}";
}
