using System.Text;

namespace RegulationApi.Search;

/// <summary>
/// The contract's date orders, compared by a record's primary day (-1: none) and id: newest first (or oldest first),
/// records without a date last in both, ties by id in ordinal order. Segments are each in this order, so a page of
/// the whole index merges theirs by it, and a cursor that names the last record sent resumes after it in any snapshot.
/// </summary>
public static class SortKeys
{
    public static int Compare(int dayA, ReadOnlySpan<byte> idA, int dayB, ReadOnlySpan<byte> idB, bool ascending)
    {
        if ((dayA < 0) != (dayB < 0))
        {
            return dayA < 0 ? 1 : -1;
        }

        if (dayA != dayB)
        {
            return ascending ? dayA.CompareTo(dayB) : dayB.CompareTo(dayA);
        }

        // Ids are lowercase ASCII: their UTF-8 bytes compare as the strings do, ordinally.
        return idA.SequenceCompareTo(idB);
    }

    public static byte[] Utf8(string id) => Encoding.UTF8.GetBytes(id);
}

/// <summary>The ids of a segment's records by rank, as one block of UTF-8 bytes (a few bytes a record, not an object each).</summary>
public sealed class IdStore(byte[] bytes, int[] starts)
{
    public ReadOnlySpan<byte> this[int rank] => bytes.AsSpan(starts[rank], starts[rank + 1] - starts[rank]);

    public string GetString(int rank) => Encoding.UTF8.GetString(this[rank]);

    public long Bytes => bytes.Length + starts.Length * 4L;

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Write(starts.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(starts.AsSpan()));
    }

    public static IdStore ReadFrom(BinaryReader reader)
    {
        var bytes = reader.ReadBytes(reader.ReadInt32());
        var starts = new int[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(starts.AsSpan()));
        return new IdStore(bytes, starts);
    }

    /// <summary>Collects the ids in rank order.</summary>
    public sealed class Builder(int count)
    {
        private byte[] _bytes = new byte[Math.Max(16, count * 24)];
        private readonly int[] _starts = new int[count + 1];
        private int _count;

        public void Add(string id)
        {
            var start = _starts[_count];
            var length = Encoding.UTF8.GetByteCount(id);
            if (start + length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, start + length));
            }

            Encoding.UTF8.GetBytes(id, _bytes.AsSpan(start));
            _starts[++_count] = start + length;
        }

        public IdStore Build() => new(_bytes.AsSpan(0, _starts[_count]).ToArray(), _starts);
    }
}
