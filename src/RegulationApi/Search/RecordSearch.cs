using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using RegulationApi.Data;
using RegulationApi.Records;

namespace RegulationApi.Search;

/// <summary>Translates a <see cref="RecordFilter"/> into one SQL query, shared by the list and the per-year counts.</summary>
public sealed class RecordSearch(RegulationDbContext db)
{
    /// <summary>Sort key of an undated record: after every dated one, in both orders.</summary>
    private static readonly DateOnly UndatedNewestFirst = DateOnly.MinValue;
    private static readonly DateOnly UndatedOldestFirst = DateOnly.MaxValue;

    public IQueryable<Record> Filter(RecordFilter filter)
    {
        var records = db.Records.AsNoTracking();
        if (filter.Q is not null)
        {
            var query = SearchText.ToTsQuery(filter.Q)!;
            records = records.Where(r => r.Search.Matches(EF.Functions.ToTsQuery("english", query)));
        }

        if (filter.Kinds.Length > 0)
        {
            records = records.Where(r => filter.Kinds.Contains(r.Kind));
        }

        if (filter.Jurisdictions.Length > 0)
        {
            // A country code also matches its subdivisions (CN matches CN-SC).
            var countries = filter.Jurisdictions.Where(j => !j.Contains('-')).ToArray();
            records = records.Where(r => filter.Jurisdictions.Contains(r.Jurisdiction) || countries.Contains(r.Country));
        }

        if (filter.Year is { } year)
        {
            records = records.Where(r => r.Year == year);
        }

        if (filter.YearFrom is { } yearFrom)
        {
            records = records.Where(r => r.Year >= yearFrom);
        }

        if (filter.YearTo is { } yearTo)
        {
            records = records.Where(r => r.Year <= yearTo);
        }

        if (filter.From is { } from)
        {
            records = records.Where(r => r.PrimaryDate >= from);
        }

        if (filter.To is { } to)
        {
            records = records.Where(r => r.PrimaryDate <= to);
        }

        if (filter.Topics.Length > 0)
        {
            records = records.Where(r => r.Topics.Any(t => filter.Topics.Contains(t)));
        }

        if (filter.Statuses.Length > 0)
        {
            records = records.Where(r => filter.Statuses.Contains(r.Status));
        }

        if (filter.Authority is { } authority)
        {
            var pattern = "%" + authority.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            records = records.Where(r => EF.Functions.ILike(r.AuthorityText, pattern, @"\"));
        }

        return records;
    }

    /// <summary>One page in a stable order, starting after <paramref name="after"/>; one more than asked tells whether another page follows.</summary>
    public async Task<List<(Record Record, PagePosition Position)>> PageAsync(
        RecordFilter filter, RecordSort sort, PagePosition? after, int take, CancellationToken cancellationToken)
    {
        var records = Filter(filter);
        return sort switch
        {
            RecordSort.Relevance => await RelevancePageAsync(records, filter.Q!, after, take, cancellationToken),
            RecordSort.DateAscending => await DatePageAsync(records, ascending: true, after, take, cancellationToken),
            _ => await DatePageAsync(records, ascending: false, after, take, cancellationToken),
        };
    }

    private static async Task<List<(Record, PagePosition)>> DatePageAsync(
        IQueryable<Record> records, bool ascending, PagePosition? after, int take, CancellationToken cancellationToken)
    {
        var keyed = ascending
            ? records.Select(r => new { Record = r, Date = r.PrimaryDate ?? UndatedOldestFirst })
            : records.Select(r => new { Record = r, Date = r.PrimaryDate ?? UndatedNewestFirst });
        if (after is not null)
        {
            keyed = ascending
                ? keyed.Where(x => x.Date > after.Date || (x.Date == after.Date && string.Compare(x.Record.Id, after.Id) > 0))
                : keyed.Where(x => x.Date < after.Date || (x.Date == after.Date && string.Compare(x.Record.Id, after.Id) > 0));
        }

        var ordered = ascending ? keyed.OrderBy(x => x.Date) : keyed.OrderByDescending(x => x.Date);
        var page = await ordered.ThenBy(x => x.Record.Id).Take(take)
            .Select(x => new { x.Record, x.Record.Ruling, x.Record.Relations, x.Date })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return page.Select(x => (Attach(x.Record, x.Ruling, x.Relations), new PagePosition(null, x.Date, x.Record.Id))).ToList();
    }

    private static async Task<List<(Record, PagePosition)>> RelevancePageAsync(
        IQueryable<Record> records, string q, PagePosition? after, int take, CancellationToken cancellationToken)
    {
        var query = SearchText.ToTsQuery(q)!;
        var titleQuery = SearchText.ToTsQuery(q, 'A')!;
        // A record whose title (or document or case number) holds every term ranks above any body-only match;
        // ts_rank, normalised to [0, 1), orders within each group.
        var keyed = records.Select(r => new
        {
            Record = r,
            Score = (r.Search.Matches(EF.Functions.ToTsQuery("english", titleQuery)) ? 1.0 : 0.0)
                    + (double)r.Search.Rank(EF.Functions.ToTsQuery("english", query), NpgsqlTsRankingNormalization.DivideByItselfPlusOne),
            Date = r.PrimaryDate ?? UndatedNewestFirst,
        });
        if (after is { Score: { } score })
        {
            keyed = keyed.Where(x => x.Score < score
                                     || (x.Score == score && x.Date < after.Date)
                                     || (x.Score == score && x.Date == after.Date && string.Compare(x.Record.Id, after.Id) > 0));
        }

        var page = await keyed.OrderByDescending(x => x.Score).ThenByDescending(x => x.Date).ThenBy(x => x.Record.Id).Take(take)
            .Select(x => new { x.Record, x.Record.Ruling, x.Record.Relations, x.Score, x.Date })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return page.Select(x => (Attach(x.Record, x.Ruling, x.Relations), new PagePosition(x.Score, x.Date, x.Record.Id))).ToList();
    }

    private static Record Attach(Record record, RulingDetails? ruling, List<RecordRelation> relations)
    {
        record.Ruling = ruling;
        record.Relations = relations;
        return record;
    }
}
