using System.Buffers;
using System.Numerics;

namespace RegulationApi.Search;

/// <summary>
/// An immutable set of record ranks (positions in date order): a sorted array while sparse, a bitset once dense,
/// so that both a rare word and a filter that holds most records are cheap to intersect, count and page through.
/// </summary>
public sealed class RankSet
{
    private readonly ulong[]? _bits;
    private readonly int _words; // of _bits, which may be a longer rented array
    private readonly int[]? _sorted;

    private RankSet(ulong[]? bits, int[]? sorted, int count, int words = -1)
    {
        _bits = bits;
        _words = bits is null ? 0 : words < 0 ? bits.Length : words;
        _sorted = sorted;
        Count = count;
    }

    public int Count { get; }

    /// <summary>Bytes of ranks held (bitset or array).</summary>
    public long Bytes => _bits is not null ? _words * 8L : _sorted!.Length * 4L;

    public static RankSet Empty { get; } = new(null, [], 0);

    public static RankSet FromSorted(int[] sorted, int universe) =>
        sorted.Length > universe / 32 ? FromBits(ToBits(sorted, universe)) : new RankSet(null, sorted, sorted.Length);

    public static RankSet FromBits(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
        {
            count += BitOperations.PopCount(word);
        }

        return new RankSet(bits, null, count);
    }

    /// <summary>The ranks from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public static RankSet Range(int start, int end, int universe, RankScratch? scratch = null)
    {
        if (end <= start)
        {
            return Empty;
        }

        var words = (universe + 63) / 64;
        var bits = RankScratch.NewBits(words, scratch);
        for (var word = start / 64; word <= (end - 1) / 64; word++)
        {
            var low = Math.Max(start, word * 64) - word * 64;
            var high = Math.Min(end, word * 64 + 64) - word * 64;
            bits[word] = (high == 64 ? ulong.MaxValue : (1UL << high) - 1) & ~((1UL << low) - 1);
        }

        return new RankSet(bits, null, end - start, words);
    }

    public bool Contains(int rank) =>
        _bits is not null
            ? (uint)(rank >> 6) < (uint)_words && (_bits[rank >> 6] & (1UL << rank)) != 0
            : Array.BinarySearch(_sorted!, rank) >= 0;

    public RankSet And(RankSet other, RankScratch? scratch = null)
    {
        if (_sorted is not null || other._sorted is not null)
        {
            var (small, large) = _sorted is not null && (other._sorted is null || Count <= other.Count) ? (this, other) : (other, this);
            var result = new List<int>(Math.Min(small.Count, large.Count));
            foreach (var rank in small._sorted!)
            {
                if (large.Contains(rank))
                {
                    result.Add(rank);
                }
            }

            return new RankSet(null, result.ToArray(), result.Count);
        }

        var words = Math.Min(_words, other._words);
        var bits = RankScratch.NewBits(words, scratch);
        var count = 0;
        for (var i = 0; i < words; i++)
        {
            bits[i] = _bits![i] & other._bits![i];
            count += BitOperations.PopCount(bits[i]);
        }

        return new RankSet(bits, null, count, words);
    }

    /// <summary>The set without the ranks of <paramref name="removed"/> (few, as a rule: those replaced since the segment was built).</summary>
    public RankSet Except(RankSet removed, RankScratch? scratch = null)
    {
        if (removed.Count == 0 || Count == 0)
        {
            return this;
        }

        if (_sorted is not null)
        {
            var kept = new List<int>(Count);
            foreach (var rank in _sorted)
            {
                if (!removed.Contains(rank))
                {
                    kept.Add(rank);
                }
            }

            return kept.Count == Count ? this : new RankSet(null, kept.ToArray(), kept.Count);
        }

        var bits = RankScratch.NewBits(_words, scratch);
        Array.Copy(_bits!, bits, _words);
        var count = Count;
        foreach (var rank in removed.Ascending(0))
        {
            if ((uint)(rank >> 6) < (uint)_words && (bits[rank >> 6] & (1UL << rank)) != 0)
            {
                bits[rank >> 6] &= ~(1UL << rank);
                count--;
            }
        }

        return new RankSet(bits, null, count, _words);
    }

    /// <summary>The size of the intersection, without building it.</summary>
    public int CountAnd(RankSet other)
    {
        if (_bits is not null && other._bits is not null)
        {
            var count = 0;
            var length = Math.Min(_words, other._words);
            for (var i = 0; i < length; i++)
            {
                count += BitOperations.PopCount(_bits[i] & other._bits[i]);
            }

            return count;
        }

        var (small, large) = _sorted is not null && (other._sorted is null || Count <= other.Count) ? (this, other) : (other, this);
        var matches = 0;
        foreach (var rank in small._sorted!)
        {
            matches += large.Contains(rank) ? 1 : 0;
        }

        return matches;
    }

    public static RankSet Union(IReadOnlyCollection<RankSet> sets, int universe, RankScratch? scratch = null)
    {
        switch (sets.Count)
        {
            case 0:
                return Empty;
            case 1:
                return sets.First();
        }

        if (sets.All(s => s._sorted is not null) && sets.Sum(s => s.Count) <= universe / 32)
        {
            var merged = sets.SelectMany(s => s._sorted!).Distinct().ToArray();
            Array.Sort(merged);
            return new RankSet(null, merged, merged.Length);
        }

        var words = (universe + 63) / 64;
        var bits = RankScratch.NewBits(words, scratch);
        var total = 0;
        foreach (var set in sets)
        {
            if (set._bits is not null)
            {
                for (var i = 0; i < set._words; i++)
                {
                    bits[i] |= set._bits[i];
                }
            }
            else
            {
                foreach (var rank in set._sorted!)
                {
                    bits[rank >> 6] |= 1UL << rank;
                }
            }
        }

        for (var i = 0; i < words; i++)
        {
            total += BitOperations.PopCount(bits[i]);
        }

        return new RankSet(bits, null, total, words);
    }

    /// <summary>The ranks from <paramref name="start"/> on, in ascending order.</summary>
    public IEnumerable<int> Ascending(int start)
    {
        if (_sorted is not null)
        {
            var index = Array.BinarySearch(_sorted, start);
            for (var i = index >= 0 ? index : ~index; i < _sorted.Length; i++)
            {
                yield return _sorted[i];
            }

            yield break;
        }

        for (var word = Math.Max(0, start) >> 6; word < _words; word++)
        {
            var bits = _bits![word];
            if (word == start >> 6 && start > 0)
            {
                bits &= ulong.MaxValue << (start & 63);
            }

            while (bits != 0)
            {
                yield return (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
    }

    /// <summary>The set as bytes, for an index snapshot on disk (<see cref="IndexSnapshot"/>).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_bits is not null);
        writer.Write(Count);
        if (_bits is not null)
        {
            writer.Write(_words);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_bits.AsSpan(0, _words)));
        }
        else
        {
            writer.Write(_sorted!.Length);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_sorted.AsSpan()));
        }
    }

    public static RankSet ReadFrom(BinaryReader reader)
    {
        var dense = reader.ReadBoolean();
        var count = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (dense)
        {
            var bits = new ulong[length];
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan()));
            return new RankSet(bits, null, count);
        }

        if (length == 0)
        {
            return Empty;
        }

        var sorted = new int[length];
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sorted.AsSpan()));
        return new RankSet(null, sorted, count);
    }

    /// <summary>True when walking a large share of all ranks is cheaper than sorting this set's ranks.</summary>
    public bool IsDense => _bits is not null;

    private static ulong[] ToBits(int[] sorted, int universe)
    {
        var bits = new ulong[(universe + 63) / 64];
        foreach (var rank in sorted)
        {
            bits[rank >> 6] |= 1UL << rank;
        }

        return bits;
    }
}

/// <summary>
/// The bitsets one request builds (intersections, unions, ranges: 125 KB each at a million records), rented from a
/// pool and given back when the request is done with them. Allocated afresh, they outlive the youngest generation
/// under load, are promoted and pile up as garbage in the oldest one, which costs both memory and pauses.
/// </summary>
public sealed class RankScratch : IDisposable
{
    private static readonly ArrayPool<ulong> Pool = ArrayPool<ulong>.Create(maxArrayLength: 1 << 24, maxArraysPerBucket: 256);
    private readonly List<ulong[]> _rented = [];

    /// <summary>A zeroed bitset of <paramref name="words"/> words: rented when there is a scratch, else allocated.</summary>
    internal static ulong[] NewBits(int words, RankScratch? scratch)
    {
        if (scratch is null)
        {
            return new ulong[words];
        }

        var bits = Pool.Rent(words);
        Array.Clear(bits, 0, words);
        scratch._rented.Add(bits);
        return bits;
    }

    public void Dispose()
    {
        foreach (var bits in _rented)
        {
            Pool.Return(bits);
        }

        _rented.Clear();
    }
}
