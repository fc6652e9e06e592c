using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace RegulationApi.Search;

/// <summary>
/// The main segment on local disk, with the point of the change log it stands for, so that a restart reads it back in
/// seconds and applies only what changed since, instead of rebuilding from every record. PostgreSQL stays the system of
/// record: a snapshot is used only for the same database (its identity) and the same build of this program (the
/// index's layout and the text rules that made it), and is written again after every full build.
/// </summary>
public static class IndexSnapshot
{
    private const string Magic = "RegulationApi index snapshot 1";

    /// <summary>The build: a snapshot made by another build of this program is not read (its terms may differ).</summary>
    private static readonly Guid Build = typeof(IndexSnapshot).Assembly.ManifestModule.ModuleVersionId;

    /// <summary>The file for a database: one per database identity, so instances and tests on several databases never share one.</summary>
    public static string PathFor(string directory, string databaseIdentity) =>
        Path.Combine(directory, "index-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(databaseIdentity)))[..16].ToLowerInvariant() + ".bin");

    /// <summary>Writes the index's main segment (the snapshot must have no change segments) next to the file, then moves it in place.</summary>
    public static void Write(string path, string databaseIdentity, SearchIndex index)
    {
        if (index.Segments.Count != 1 || index.Segments[0].Removed.Count > 0)
        {
            throw new InvalidOperationException("Only a whole main segment is written.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Build.ToByteArray());
            writer.Write(databaseIdentity);
            writer.Write(index.Version);
            writer.Write(index.ChangedAt?.Ticks ?? -1);
            writer.Write(index.Watermark?.Ticks ?? -1);
            WriteSegment(writer, index.Main);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The index in the file, or null when there is none for this database and build (or it cannot be read).</summary>
    public static SearchIndex? TryRead(string path, string databaseIdentity)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic || new Guid(reader.ReadBytes(16)) != Build || reader.ReadString() != databaseIdentity)
            {
                return null;
            }

            var version = reader.ReadInt64();
            var changedAt = Instant(reader.ReadInt64());
            var watermark = Instant(reader.ReadInt64());
            var segment = ReadSegment(reader);
            return new SearchIndex([new LiveSegment(segment, RankSet.Empty)], version, changedAt, watermark);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static DateTime? Instant(long ticks) => ticks < 0 ? null : new DateTime(ticks, DateTimeKind.Utc);

    private static void WriteSegment(BinaryWriter writer, IndexSegment segment)
    {
        writer.Write(segment.Size);
        writer.Write(segment.DatedCount);
        foreach (var array in new[] { segment.SeqOfRank, segment.DayOfRank, segment.StartDayOfRank, segment.EndDayOfRank, segment.AscendingRanks })
        {
            WriteInts(writer, array);
        }

        segment.Ids.WriteTo(writer);
        writer.Write(segment.EndingTargets.Count);
        foreach (var (seq, targets) in segment.EndingTargets)
        {
            writer.Write(seq);
            WriteInts(writer, targets);
        }

        WriteSets(writer, segment.Filters, segment.Filters.Keys.Order(StringComparer.Ordinal));
        WriteSets(writer, segment.Terms, segment.SortedTerms);
        WriteSets(writer, segment.TitleTerms, segment.SortedTitleTerms);
        writer.Write(segment.AuthorityGroups.Length);
        foreach (var (text, ranks) in segment.AuthorityGroups)
        {
            writer.Write(text);
            ranks.WriteTo(writer);
        }
    }

    private static IndexSegment ReadSegment(BinaryReader reader)
    {
        var size = reader.ReadInt32();
        var datedCount = reader.ReadInt32();
        var (seqOfRank, dayOfRank, startDays, endDays, ascending) = (ReadInts(reader), ReadInts(reader), ReadInts(reader), ReadInts(reader), ReadInts(reader));
        var ids = IdStore.ReadFrom(reader);
        var endingTargets = new Dictionary<int, int[]>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var seq = reader.ReadInt32();
            endingTargets[seq] = ReadInts(reader);
        }

        var (filters, _) = ReadSets(reader);
        var (terms, sortedTerms) = ReadSets(reader);
        var (titleTerms, sortedTitleTerms) = ReadSets(reader);
        var authorityGroups = new (string, RankSet)[reader.ReadInt32()];
        for (var i = 0; i < authorityGroups.Length; i++)
        {
            authorityGroups[i] = (reader.ReadString(), RankSet.ReadFrom(reader));
        }

        // Derived, not stored: ranks by seq, and each rank's place in the ascending order.
        var rankOfSeq = new int[seqOfRank.Length == 0 ? 1 : seqOfRank.Max() + 1];
        Array.Fill(rankOfSeq, -1);
        var ascendingPosition = new int[size];
        for (var i = 0; i < size; i++)
        {
            rankOfSeq[seqOfRank[i]] = i;
            ascendingPosition[ascending[i]] = i;
        }

        return new IndexSegment
        {
            Size = size,
            Ids = ids,
            RankOf = IndexSegment.Lookup(rankOfSeq),
            EndingTargets = endingTargets,
            SeqOfRank = seqOfRank,
            DatedCount = datedCount,
            DayOfRank = dayOfRank,
            StartDayOfRank = startDays,
            EndDayOfRank = endDays,
            AscendingRanks = ascending,
            AscendingPositionOfRank = ascendingPosition,
            Filters = filters,
            Terms = terms,
            TitleTerms = titleTerms,
            SortedTerms = sortedTerms,
            SortedTitleTerms = sortedTitleTerms,
            AuthorityGroups = authorityGroups,
        };
    }

    private static void WriteSets(BinaryWriter writer, Dictionary<string, RankSet> sets, IEnumerable<string> keys)
    {
        writer.Write(sets.Count);
        foreach (var key in keys)
        {
            writer.Write(key);
            sets[key].WriteTo(writer);
        }
    }

    private static (Dictionary<string, RankSet> Sets, string[] Keys) ReadSets(BinaryReader reader)
    {
        var keys = new string[reader.ReadInt32()];
        var sets = new Dictionary<string, RankSet>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = reader.ReadString();
            sets[keys[i]] = RankSet.ReadFrom(reader);
        }

        return (sets, keys);
    }

    private static void WriteInts(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
