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
    /// What a client paging through sees when the index changes between two pages. A cursor names the last record sent
    /// (its relevance tier, day and id), not a place in one snapshot, so:
    /// <list type="bullet">
    /// <item>a rebuild of the same records goes on exactly where the walk was: every match once, in order;</item>
    /// <item>after a change (applied as the service applies changes: a segment of the changed records), the walk goes on
    /// right after that record in the new order: what follows is exactly the new order's matches that sort after it.
    /// So a record that matches before and after and did not change is sent exactly once over the whole walk; one that
    /// changed may be sent where it stood and again where it stands now.</item>
    /// </list>
    /// </summary>
    [Fact]
    public void Cursors_ResumeAfterTheLastRecordSent_InARebuiltIndex_AndAfterAChange() =>
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
                var (_, seqs, next) = before.Find(filter, sort, Position(cursor, filter, sort), limit);
                ids.AddRange(seqs.Select(s => bySeq[s].Id));
                cursor = next is { } position ? Cursors.Encode(filter, sort, position) : null;
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

            // Changed records, applied as a change segment: the walk goes on after the last record sent.
            var changedBySeq = changed.ToDictionary(r => r.Seq);
            var batch = records.Select(r => r.Seq).Concat(changedBySeq.Keys).Distinct()
                .Where(seq => !(bySeq.TryGetValue(seq, out var old) && changedBySeq.TryGetValue(seq, out var now) && old == now))
                .Select(seq => (seq, changedBySeq.GetValueOrDefault(seq))).ToArray();
            var after = IndexModel.BuildLive(records, [batch]);
            var last = Position(cursor, filter, sort);
            var (restAfter, totals) = Walk(after, request, changed, cursor);
            var expectedAfter = IndexModel.Expected(changed, request);
            Assert.Equal(expectedAfter.Where(r => IndexModel.IsAfter(r, request, last)).Select(r => r.Id), restAfter);
            Assert.All(totals, total => Assert.Equal(expectedAfter.Count, total));
            // Unchanged matches before and after: each sent exactly once.
            var unchanged = expectedAfter.Where(r => bySeq.TryGetValue(r.Seq, out var old) && old == r && expectedBefore.Contains(r.Id)).Select(r => r.Id);
            Assert.All(unchanged, id => Assert.Single(ids.Concat(restAfter), id));
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
            var (matches, seqs, next) = index.Find(filter, sort, Position(cursor, filter, sort), request.ToLimit());
            Assert.InRange(seqs.Count, next is null ? 0 : request.ToLimit(), request.ToLimit());
            ids.AddRange(seqs.Select(s => bySeq[s].Id));
            totals.Add(matches.Count);
            cursor = next is { } position ? Cursors.Encode(filter, sort, position) : null;
        }
        while (cursor is not null);

        return (ids, totals);
    }

    /// <summary>Where the cursor's page starts, as the endpoint decodes it; the first page without one.</summary>
    private static PagePosition Position(string? cursor, RecordFilter filter, RecordSort sort)
    {
        if (cursor is null)
        {
            return PagePosition.Start;
        }

        var (position, problem) = Cursors.Decode(cursor, filter, sort);
        Assert.True(position is not null, problem);
        return position.Value;
    }

    private static string Print((ModelRecord[] Records, RecordSearchRequest[] Requests) t) =>
        $"{t.Records.Length} records:\n{string.Join('\n', t.Records)}\nrequests:\n{string.Join('\n', t.Requests.Select(IndexModel.Describe))}";
}
