using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// Computes <see cref="ExampleMeasures"/> from a paradigm's runs added one at a time, so only one run's
/// records are in memory (the paper's size is 30 runs of [501, 10, 1024] bits, margins and confidences).
/// Per view of an image, over epochs t = 1..T: first-learned epoch min{t: b_t = 1}; stays-learned-from
/// epoch min{t: b_s = 1 for all s in t..T} (undefined if b_T = 0); forgetting events #{t in 2..T: b_{t-1} = 1,
/// b_t = 0} (undefined if never learned: such a view counts as never learned, not as 0 events); learning
/// speed mean b_t; AUM mean margin; confidence mean and population standard deviation of the confidence.
/// Per network and image, over its M views: learning speed, AUM, confidence and variability are means
/// over all views; first-learned and forgetting means over the views ever learned; stays-learned the mean
/// over the views learned at epoch T; never-learned the share of views never learned.
/// </summary>
public sealed class ExampleMeasureAccumulator
{
    readonly int epochs, augmentations, images;
    // Per measure, one [K] array per network added.
    readonly List<double[]> firstLearned = [], staysLearned = [], forgetting = [], neverLearned = [],
        learningSpeed = [], aum = [], confidence = [], variability = [];
    bool everyRunHasConfidence = true;

    // Per view of an image, cell c = m·K + k (the layout of one record row), over the run being added.
    // Epoch counts fit in ushort (T <= 65535), which doubles the lanes per vector.
    readonly ushort[] recognised, first, lastUnrecognised, forgettings;
    readonly double[] marginSum, confidenceSum, confidenceSquares;

    /// <param name="epochs">T: training epochs used; runs must hold at least T + 1 rows (epoch 0 included).</param>
    public ExampleMeasureAccumulator(int epochs, int augmentations, int images)
    {
        if (epochs < 1 || epochs > ushort.MaxValue || augmentations < 1 || images < 1)
            throw new ArgumentException($"example measures: epochs {epochs}, M {augmentations}, K {images}; need at least one training epoch");
        (this.epochs, this.augmentations, this.images) = (epochs, augmentations, images);
        int cells = checked(augmentations * images);
        (recognised, first, lastUnrecognised, forgettings) = (new ushort[cells], new ushort[cells], new ushort[cells], new ushort[cells]);
        (marginSum, confidenceSum, confidenceSquares) = (new double[cells], new double[cells], new double[cells]);
    }

    /// <summary>Networks added so far.</summary>
    public int Runs => learningSpeed.Count;

    /// <summary>Adds one network's records without confidences: the result then has none.</summary>
    /// <param name="bits">Recognition, C order [rows, M, K], 0 or 1; rows past T + 1 are ignored.</param>
    /// <param name="margins">Margins, same shape.</param>
    public void Add(ReadOnlySpan<byte> bits, ReadOnlySpan<Half> margins)
    {
        Accumulate(bits, margins, default, hasConfidence: false);
        everyRunHasConfidence = false;
        Finish(hasConfidence: false);
    }

    /// <summary>Adds one network's records.</summary>
    /// <param name="bits">Recognition, C order [rows, M, K], 0 or 1; rows past T + 1 are ignored.</param>
    /// <param name="margins">Margins, same shape.</param>
    /// <param name="confidences">Probability of the right class (SimCLR: of the positive view among the 2B - 1 candidates), same shape.</param>
    public void Add(ReadOnlySpan<byte> bits, ReadOnlySpan<Half> margins, ReadOnlySpan<Half> confidences)
    {
        Accumulate(bits, margins, confidences, hasConfidence: true);
        Finish(hasConfidence: everyRunHasConfidence);
    }

    /// <summary>The measures over the networks added; throws if none was.</summary>
    public ExampleMeasures Result()
    {
        if (Runs == 0) throw new InvalidOperationException("example measures: no run added");
        MeasureAcrossNetworks Of(List<double[]> values) => new([.. values], images);
        return new ExampleMeasures(Runs, epochs, augmentations, images,
            Of(firstLearned), Of(staysLearned), Of(forgetting), Of(neverLearned), Of(learningSpeed), Of(aum),
            everyRunHasConfidence ? Of(confidence) : null, everyRunHasConfidence ? Of(variability) : null);
    }

    void Accumulate(ReadOnlySpan<byte> bits, ReadOnlySpan<Half> margins, ReadOnlySpan<Half> confidences, bool hasConfidence)
    {
        int cells = augmentations * images;
        int rows = bits.Length / cells;
        if (bits.Length % cells != 0 || rows < epochs + 1)
            throw new ArgumentException($"example measures: {bits.Length} bits do not fill at least {epochs + 1} rows of [{augmentations}, {images}]");
        if (margins.Length != bits.Length || (hasConfidence && confidences.Length != bits.Length))
            throw new ArgumentException($"example measures: {bits.Length} bits but {margins.Length} margins" +
                (hasConfidence ? $" and {confidences.Length} confidences" : ""));

        Array.Clear(recognised); Array.Clear(first); Array.Clear(lastUnrecognised); Array.Clear(forgettings);
        Array.Clear(marginSum); Array.Clear(confidenceSum); Array.Clear(confidenceSquares);
        var marginCodes = MemoryMarshal.Cast<Half, ushort>(margins);
        var confidenceCodes = MemoryMarshal.Cast<Half, ushort>(confidences);
        var any = Vector<byte>.Zero;
        // Epoch-major, as the records are laid out: each epoch's row updates every view's state.
        for (int t = 1; t <= epochs; t++)
        {
            var row = bits.Slice(t * cells, cells);
            // Epoch 0 is not compared with: a 1 -> 0 from the initialisation is no forgetting.
            var before = t >= 2 ? bits.Slice((t - 1) * cells, cells) : default;
            any |= AddBits(row, before, (ushort)t);
            AddHalves(marginCodes.Slice(t * cells, cells), marginSum, null);
            if (hasConfidence) AddHalves(confidenceCodes.Slice(t * cells, cells), confidenceSum, confidenceSquares);
        }
        if (Vector.GreaterThanAny(any, Vector<byte>.One)) throw new ArgumentException("example measures: recognition bits other than 0 and 1");
    }

    // One epoch t of bits b (previous epoch's: before, empty at t = 1) into the per-view state, branch-free and
    // Vector<ushort> wide: 10^8 bits a paradigm, in an order where a branch on b would be mispredicted half the time.
    // Returns the OR of the bits, so the caller can reject values other than 0 and 1.
    // Optimised at once: tiered compilation would run the first of a paradigm's ~30 calls as slow unoptimised vector code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    Vector<byte> AddBits(ReadOnlySpan<byte> row, ReadOnlySpan<byte> before, ushort t)
    {
        int width = Vector<byte>.Count, half = Vector<ushort>.Count, cells = row.Length;
        var tv = new Vector<ushort>(t);
        var any = Vector<byte>.Zero;
        int i = 0;
        for (; i <= cells - width; i += width)
        {
            var b = new Vector<byte>(row.Slice(i, width));
            any |= b;
            var forgot = before.IsEmpty ? Vector<byte>.Zero : Vector.AndNot(new Vector<byte>(before.Slice(i, width)), b);
            Vector.Widen(b, out var b0, out var b1);
            Vector.Widen(forgot, out var f0, out var f1);
            Update(i, b0, f0, tv);
            Update(i + half, b1, f1, tv);
        }
        int tail = 0;
        for (; i < cells; i++)
        {
            int b = row[i];
            tail |= b;
            recognised[i] += (ushort)b;
            if (!before.IsEmpty) forgettings[i] += (ushort)(before[i] & (b ^ 1) & 1);
            if (b == 0) lastUnrecognised[i] = t;
            else if (first[i] == 0) first[i] = t;
        }
        return any | new Vector<byte>((byte)tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Update(int at, Vector<ushort> b, Vector<ushort> forgot, Vector<ushort> t)
    {
        var span = Vector<ushort>.Count;
        var zero = Vector<ushort>.Zero;
        (new Vector<ushort>(recognised.AsSpan(at, span)) + b).CopyTo(recognised.AsSpan(at, span));
        (new Vector<ushort>(forgettings.AsSpan(at, span)) + forgot).CopyTo(forgettings.AsSpan(at, span));
        var last = new Vector<ushort>(lastUnrecognised.AsSpan(at, span));
        Vector.ConditionalSelect(Vector.Equals(b, zero), t, last).CopyTo(lastUnrecognised.AsSpan(at, span));
        var firstSeen = new Vector<ushort>(first.AsSpan(at, span));
        // zero - b is all ones where b = 1: set first where it is still 0 and b = 1.
        (firstSeen | (Vector.Equals(firstSeen, zero) & (zero - b) & t)).CopyTo(first.AsSpan(at, span));
    }

    // sum[i] += value of half code i (squares[i] += its square if given), in double: E[p²] - E[p]² of a confidence
    // that hardly moves over 500 epochs would lose its variance in float.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddHalves(ReadOnlySpan<ushort> codes, double[] sum, double[]? squares)
    {
        int width = Vector<ushort>.Count, quarter = Vector<double>.Count;
        int i = 0;
        for (; i <= codes.Length - width; i += width)
        {
            Vector.Widen(new Vector<ushort>(codes.Slice(i, width)), out var u0, out var u1);
            Vector.Widen(HalfBitsToSingle(u0), out var d0, out var d1);
            Vector.Widen(HalfBitsToSingle(u1), out var d2, out var d3);
            ReadOnlySpan<Vector<double>> parts = [d0, d1, d2, d3];
            for (int q = 0; q < 4; q++)
            {
                var s = sum.AsSpan(i + q * quarter, quarter);
                (new Vector<double>(s) + parts[q]).CopyTo(s);
                if (squares is null) continue;
                var s2 = squares.AsSpan(i + q * quarter, quarter);
                (new Vector<double>(s2) + parts[q] * parts[q]).CopyTo(s2);
            }
        }
        for (; i < codes.Length; i++)
        {
            double v = (float)BitConverter.UInt16BitsToHalf(codes[i]);
            sum[i] += v;
            if (squares is not null) squares[i] += v * v;
        }
    }

    // IEEE half bits (in the low 16 bits of each lane) to single precision, exactly: the exponent is rebased from
    // bias 15 to 127; infinities and NaN keep an all-ones exponent; subnormals (and zero) are m·2^-24, exact in float.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> HalfBitsToSingle(Vector<uint> h)
    {
        var magnitude = h & new Vector<uint>(0x7fff);
        var sign = (h & new Vector<uint>(0x8000)) << 16;
        var shifted = magnitude << 13;
        var normal = shifted + new Vector<uint>(112u << 23);
        var special = shifted + new Vector<uint>(224u << 23);
        var subnormal = Vector.AsVectorUInt32(Vector.ConvertToSingle(Vector.AsVectorInt32(magnitude)) * new Vector<float>(1f / (1 << 24)));
        var bits = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(magnitude, new Vector<uint>(0x7c00)), special,
            Vector.ConditionalSelect(Vector.LessThan(magnitude, new Vector<uint>(0x0400)), subnormal, normal));
        return Vector.AsVectorSingle(bits | sign);
    }

    // Per network: aggregate each image's M views into one value per measure.
    void Finish(bool hasConfidence)
    {
        double[] firstK = new double[images], staysK = new double[images], forgettingK = new double[images],
            neverK = new double[images], speedK = new double[images], aumK = new double[images];
        double[]? confidenceK = hasConfidence ? new double[images] : null, variabilityK = hasConfidence ? new double[images] : null;
        double t = epochs;
        for (int k = 0; k < images; k++)
        {
            int learned = 0, learnedAtEnd = 0;
            double firstSum = 0, staysSum = 0, forgettingSum = 0, speedSum = 0, aumSum = 0, confidenceMean = 0, variabilityMean = 0;
            for (int m = 0; m < augmentations; m++)
            {
                int c = m * images + k;
                speedSum += recognised[c] / t;
                aumSum += marginSum[c] / t;
                if (first[c] > 0)
                {
                    learned++;
                    firstSum += first[c];
                    forgettingSum += forgettings[c];
                }
                if (lastUnrecognised[c] < epochs)
                {
                    learnedAtEnd++;
                    staysSum += lastUnrecognised[c] + 1;
                }
                if (hasConfidence)
                {
                    double mean = confidenceSum[c] / t;
                    confidenceMean += mean;
                    // E[p²] - E[p]² can round below zero when p hardly varies.
                    variabilityMean += Math.Sqrt(Math.Max(0, confidenceSquares[c] / t - mean * mean));
                }
            }
            firstK[k] = learned > 0 ? firstSum / learned : double.NaN;
            forgettingK[k] = learned > 0 ? forgettingSum / learned : double.NaN;
            staysK[k] = learnedAtEnd > 0 ? staysSum / learnedAtEnd : double.NaN;
            neverK[k] = (augmentations - learned) / (double)augmentations;
            speedK[k] = speedSum / augmentations;
            aumK[k] = aumSum / augmentations;
            if (hasConfidence)
            {
                confidenceK![k] = confidenceMean / augmentations;
                variabilityK![k] = variabilityMean / augmentations;
            }
        }
        firstLearned.Add(firstK); staysLearned.Add(staysK); forgetting.Add(forgettingK);
        neverLearned.Add(neverK); learningSpeed.Add(speedK); aum.Add(aumK);
        if (hasConfidence) { confidence.Add(confidenceK!); variability.Add(variabilityK!); }
        else { confidence.Clear(); variability.Clear(); }
    }
}
