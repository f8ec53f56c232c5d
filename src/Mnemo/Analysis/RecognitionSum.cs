using System.Numerics;

namespace Mnemo.Analysis;

/// <summary>
/// Adds the recognition records of a paradigm's runs one at a time, so that only one run's
/// records are in memory; keeps the epochs that every run added has.
/// </summary>
public sealed class RecognitionSum(int maxEpochs, int augmentations, int images)
{
    // [maxEpochs + 1, M, K]; rows past the shortest run are summed but not used.
    readonly int[] counts = new int[checked((maxEpochs + 1) * augmentations * images)];
    int runs;
    int rows = int.MaxValue;

    public int Runs => runs;

    /// <summary>Adds one run's bits, C order [rows, M, K]; 0 or 1 each.</summary>
    public void Add(ReadOnlySpan<byte> bits, int runRows)
    {
        int length = runRows * augmentations * images;
        if (runRows < 1 || runRows > maxEpochs + 1 || bits.Length != length)
            throw new ArgumentException($"recognition sum: {bits.Length} bits for {runRows} rows of [{augmentations}, {images}], at most {maxEpochs + 1} rows");
        if (!AddBits(counts.AsSpan(0, length), bits[..length]))
            throw new ArgumentException("recognition sum: bits other than 0 and 1");
        runs++;
        rows = Math.Min(rows, runRows);
    }

    // sum[i] += bits[i]; false if any bit is neither 0 nor 1. The paper's study adds 600 MB of bits,
    // so the bytes are widened to ints a vector at a time (also fast in unoptimised Debug builds).
    static bool AddBits(Span<int> sum, ReadOnlySpan<byte> bits)
    {
        int i = 0;
        var any = Vector<byte>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            int step = Vector<byte>.Count, quarter = Vector<int>.Count;
            for (; i <= bits.Length - step; i += step)
            {
                var b = new Vector<byte>(bits.Slice(i, step));
                any |= b;
                Vector.Widen(b, out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> w0, out Vector<uint> w1);
                Vector.Widen(high, out Vector<uint> w2, out Vector<uint> w3);
                var s = sum.Slice(i, step);
                (new Vector<int>(s) + Vector.AsVectorInt32(w0)).CopyTo(s);
                (new Vector<int>(s[quarter..]) + Vector.AsVectorInt32(w1)).CopyTo(s[quarter..]);
                (new Vector<int>(s[(2 * quarter)..]) + Vector.AsVectorInt32(w2)).CopyTo(s[(2 * quarter)..]);
                (new Vector<int>(s[(3 * quarter)..]) + Vector.AsVectorInt32(w3)).CopyTo(s[(3 * quarter)..]);
            }
        }
        bool valid = !Vector.GreaterThanAny(any, Vector<byte>.One);
        for (; i < bits.Length; i++)
        {
            sum[i] += bits[i];
            valid &= bits[i] <= 1;
        }
        return valid;
    }

    /// <summary>The sum over the runs added, cut to the epochs they all have; null when none was added.</summary>
    public RecognitionCounts? ToCounts() =>
        runs == 0 ? null : new RecognitionCounts(runs, rows - 1, augmentations, images, counts[..(rows * augmentations * images)]);
}
