using Mnemo.Analysis.Difficulty;
using Xunit;

namespace Mnemo.Tests.Analysis.Difficulty;

public class ExampleMeasureTests
{
    const int T = 5;

    // One sequence b_0..b_T per image (M = 1); epoch 0 is set where it would change a measure if it were counted.
    static readonly int[][] Sequences =
    [
        [1, 0, 0, 0, 0, 0], // never learned (recognised only at initialisation)
        [0, 0, 0, 0, 0, 1], // learned at the last epoch only
        [0, 1, 0, 0, 1, 1], // learned, forgotten, relearned
        [0, 0, 1, 1, 0, 0], // learned, forgotten at the end
        [0, 1, 1, 1, 1, 1], // always learned
        [1, 0, 1, 1, 1, 1], // recognised at initialisation, lost at epoch 1: not a forgetting event
        [0, 1, 0, 1, 0, 1], // flickers: two forgetting events
    ];

    static byte[] Bits(int[][] columns, int rows, int views = 1)
    {
        int k = columns.Length / views;
        var bits = new byte[rows * views * k];
        for (int t = 0; t < rows; t++)
            for (int c = 0; c < columns.Length; c++) bits[t * columns.Length + c] = (byte)columns[c][t];
        return bits;
    }

    // Margins t - 3 + k/2 at epochs 1..T (AUM = k/2) and 100 at epoch 0; confidences alternate 0.25, 0.75 from epoch 1, 1 at epoch 0.
    static (Half[] Margins, Half[] Confidences) Scores(int images, int rows)
    {
        var margins = new Half[rows * images];
        var confidences = new Half[rows * images];
        for (int t = 0; t < rows; t++)
            for (int k = 0; k < images; k++)
            {
                margins[t * images + k] = (Half)(t == 0 ? 100 : t - 3 + k / 2.0);
                confidences[t * images + k] = (Half)(t == 0 ? 1 : t % 2 == 1 ? 0.25 : 0.75);
            }
        return (margins, confidences);
    }

    [Fact]
    public void HandMadeSequencesOfOneNetwork()
    {
        var accumulator = new ExampleMeasureAccumulator(T, 1, Sequences.Length);
        var (margins, confidences) = Scores(Sequences.Length, T + 1);
        accumulator.Add(Bits(Sequences, T + 1), margins, confidences);
        var r = accumulator.Result();
        double nan = double.NaN;

        Assert.Equal([nan, 5, 1, 2, 1, 2, 1], r.FirstLearned.Mean);
        Assert.Equal([nan, 5, 4, nan, 1, 2, 5], r.StaysLearned.Mean);
        Assert.Equal([nan, 0, 1, 1, 0, 0, 2], r.Forgetting.Mean);
        Assert.Equal([1.0, 0, 0, 0, 0, 0, 0], r.NeverLearned.Mean);
        Assert.Equal([0, 0.2, 0.6, 0.4, 1, 0.8, 0.6], r.LearningSpeed.Mean, new Tolerance(1e-12));
        Assert.Equal(Enumerable.Range(0, Sequences.Length).Select(k => k / 2.0), r.Aum.Mean, new Tolerance(1e-12));
        // 0.25, 0.75, 0.25, 0.75, 0.25: mean 0.45, population variance 0.2625 - 0.45² = 0.06.
        Assert.All(r.Confidence!.Mean, c => Assert.Equal(0.45, c, 12));
        Assert.All(r.Variability!.Mean, v => Assert.Equal(Math.Sqrt(0.06), v, 9));

        // N = 1: no spread across networks, and an undefined value is not counted as defined.
        Assert.All(r.LearningSpeed.Std, s => Assert.True(double.IsNaN(s)));
        Assert.Equal([0, 1, 1, 1, 1, 1, 1], r.FirstLearned.Defined);
        Assert.Equal([0, 1, 1, 0, 1, 1, 1], r.StaysLearned.Defined);
        Assert.Equal(Enumerable.Repeat(1, Sequences.Length), r.LearningSpeed.Defined);
        Assert.Equal((1, T, 1, Sequences.Length), (r.Runs, r.Epochs, r.Augmentations, r.Images));
    }

    [Fact]
    public void ViewsAreAggregatedPerNetworkThenImagesAcrossNetworks()
    {
        // N = 3 networks, M = 2 views of K = 1 image, T = 4; columns are views 0 and 1, epochs 0..4.
        int[][][] networks =
        [
            [[0, 0, 1, 1, 1], [0, 0, 0, 0, 0]], // view 0 first 2, stays 2, no forgetting; view 1 never learned
            [[0, 1, 0, 1, 1], [0, 0, 1, 1, 0]], // view 0 first 1, stays 3, 1 event; view 1 first 2, forgotten at the end, 1 event
            [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0]], // never learned
        ];
        var accumulator = new ExampleMeasureAccumulator(4, 2, 1);
        foreach (var views in networks) accumulator.Add(Bits(views, 5, views: 2), new Half[10]);
        var r = accumulator.Result();

        Assert.Equal([2, 1.5, double.NaN], r.FirstLearned.PerNetwork.Select(v => v[0]));
        Assert.Equal([0, 1, double.NaN], r.Forgetting.PerNetwork.Select(v => v[0]));
        Assert.Equal([2, 3, double.NaN], r.StaysLearned.PerNetwork.Select(v => v[0]));
        Assert.Equal([0.5, 0, 1], r.NeverLearned.PerNetwork.Select(v => v[0]));
        Assert.Equal([0.375, 0.625, 0], r.LearningSpeed.PerNetwork.Select(v => v[0]));

        // Across networks: the mean and sample std of the defined values, and how many there are.
        Assert.Equal((1.75, Math.Sqrt(0.125), 2), (r.FirstLearned.Mean[0], r.FirstLearned.Std[0], r.FirstLearned.Defined[0]));
        Assert.Equal((0.5, Math.Sqrt(0.5), 2), (r.Forgetting.Mean[0], r.Forgetting.Std[0], r.Forgetting.Defined[0]));
        Assert.Equal((2.5, Math.Sqrt(0.5), 2), (r.StaysLearned.Mean[0], r.StaysLearned.Std[0], r.StaysLearned.Defined[0]));
        Assert.Equal((0.5, 0.5, 3), (r.NeverLearned.Mean[0], r.NeverLearned.Std[0], r.NeverLearned.Defined[0]));
        double speedMean = 1.0 / 3;
        double speedVar = (Math.Pow(0.375 - speedMean, 2) + Math.Pow(0.625 - speedMean, 2) + speedMean * speedMean) / 2;
        Assert.Equal(speedMean, r.LearningSpeed.Mean[0], 12);
        Assert.Equal(Math.Sqrt(speedVar), r.LearningSpeed.Std[0], 12);
        // No confidence was given.
        Assert.Null(r.Confidence);
        Assert.Null(r.Variability);
        Assert.All(r.Aum.Mean, a => Assert.Equal(0, a));
    }

    [Fact]
    public void RandomRecordsMatchTheDefinitionsComputedNaively()
    {
        // M·K = 111 cells: three 32-bit vectors and a scalar tail; per-cell rates from 0 to 1 so that some cells
        // are never learned and some always.
        const int N = 2, M = 3, K = 37, epochs = 12, cells = M * K, rows = epochs + 1;
        var rng = new Random(5);
        var rate = Enumerable.Range(0, cells).Select(c => (c % 11) / 10.0).ToArray();
        var accumulator = new ExampleMeasureAccumulator(epochs, M, K);
        var runs = new List<(byte[] Bits, Half[] Margins, Half[] Confidences)>();
        for (int n = 0; n < N; n++)
        {
            var bits = new byte[rows * cells];
            var margins = new Half[rows * cells];
            var confidences = new Half[rows * cells];
            for (int i = 0; i < bits.Length; i++)
            {
                bits[i] = (byte)(rng.NextDouble() < rate[i % cells] ? 1 : 0);
                margins[i] = (Half)(rng.NextDouble() * 20 - 10);
                confidences[i] = (Half)rng.NextDouble();
            }
            runs.Add((bits, margins, confidences));
            accumulator.Add(bits, margins, confidences);
        }
        var r = accumulator.Result();

        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++)
            {
                var (bits, margins, confidences) = runs[n];
                var views = Enumerable.Range(0, M).Select(m => Naive(
                    Enumerable.Range(1, epochs).Select(t => (int)bits[t * cells + m * K + k]).ToArray(),
                    Enumerable.Range(1, epochs).Select(t => (double)margins[t * cells + m * K + k]).ToArray(),
                    Enumerable.Range(1, epochs).Select(t => (double)confidences[t * cells + m * K + k]).ToArray())).ToArray();
                var learned = views.Where(v => v.First is not null).ToArray();
                var atEnd = views.Where(v => v.Stays is not null).ToArray();
                Assert.Equal(learned.Length == 0 ? double.NaN : learned.Average(v => v.First!.Value), r.FirstLearned.PerNetwork[n][k], 12);
                Assert.Equal(learned.Length == 0 ? double.NaN : learned.Average(v => v.Forgetting), r.Forgetting.PerNetwork[n][k], 12);
                Assert.Equal(atEnd.Length == 0 ? double.NaN : atEnd.Average(v => v.Stays!.Value), r.StaysLearned.PerNetwork[n][k], 12);
                Assert.Equal((M - learned.Length) / (double)M, r.NeverLearned.PerNetwork[n][k], 12);
                Assert.Equal(views.Average(v => v.Speed), r.LearningSpeed.PerNetwork[n][k], 12);
                Assert.Equal(views.Average(v => v.Aum), r.Aum.PerNetwork[n][k], 9);
                Assert.Equal(views.Average(v => v.Confidence), r.Confidence!.PerNetwork[n][k], 9);
                Assert.Equal(views.Average(v => v.Variability), r.Variability!.PerNetwork[n][k], 6);
            }
        // The rates reached the edge cases: views never learned, and views learned from epoch 1 on.
        Assert.Contains(r.NeverLearned.PerNetwork.SelectMany(v => v), v => v > 0);
        Assert.Contains(r.StaysLearned.PerNetwork.SelectMany(v => v), v => v == 1);
    }

    // The definitions, one view's b_1..b_T at a time.
    static (int? First, int? Stays, int Forgetting, double Speed, double Aum, double Confidence, double Variability) Naive(
        int[] b, double[] margin, double[] confidence)
    {
        int T = b.Length;
        int? first = null, stays = null;
        for (int t = 1; t <= T && first is null; t++) if (b[t - 1] == 1) first = t;
        for (int t = 1; t <= T && stays is null; t++)
            if (Enumerable.Range(t, T - t + 1).All(s => b[s - 1] == 1)) stays = t;
        int forgetting = Enumerable.Range(2, T - 1).Count(t => b[t - 2] == 1 && b[t - 1] == 0);
        double mean = confidence.Average();
        return (first, stays, forgetting, b.Average(), margin.Average(), mean,
            Math.Sqrt(confidence.Sum(c => (c - mean) * (c - mean)) / T));
    }

    [Fact]
    public void EveryHalfValueIsReadExactly()
    {
        // T = 1 and one view of 65536 images: the AUM of image k is the half whose bits are k (NaN, infinities and subnormals included).
        const int codes = 65536;
        var margins = new Half[2 * codes];
        for (int k = 0; k < codes; k++) margins[codes + k] = BitConverter.UInt16BitsToHalf((ushort)k);
        var accumulator = new ExampleMeasureAccumulator(1, 1, codes);
        accumulator.Add(new byte[2 * codes], margins, margins);
        var r = accumulator.Result();
        for (int k = 0; k < codes; k++)
        {
            double expected = (double)BitConverter.UInt16BitsToHalf((ushort)k);
            Assert.Equal(expected, r.Aum.Mean[k]);
            Assert.Equal(expected, r.Confidence!.Mean[k]);
        }
    }

    [Fact]
    public void ConfidenceIsDroppedWhenAnyRunLacksIt()
    {
        var (margins, confidences) = Scores(Sequences.Length, T + 1);
        var bits = Bits(Sequences, T + 1);
        var accumulator = new ExampleMeasureAccumulator(T, 1, Sequences.Length);
        accumulator.Add(bits, margins, confidences);
        accumulator.Add(bits, margins);
        accumulator.Add(bits, margins, confidences);
        var r = accumulator.Result();
        Assert.Equal(3, r.Runs);
        Assert.Null(r.Confidence);
        Assert.Null(r.Variability);
        Assert.Equal(0.6, r.LearningSpeed.Mean[2], 12);
        Assert.Equal(0, r.LearningSpeed.Std[2]);
    }

    [Fact]
    public void RowsPastTheEpochsUsedAreIgnored()
    {
        // Epoch 6 recognises everything; with T = 5 it must not count.
        var longer = Sequences.Select(s => s.Append(1).ToArray()).ToArray();
        var (margins, _) = Scores(Sequences.Length, T + 2);
        var accumulator = new ExampleMeasureAccumulator(T, 1, Sequences.Length);
        accumulator.Add(Bits(longer, T + 2), margins);
        var r = accumulator.Result();
        Assert.True(double.IsNaN(r.FirstLearned.Mean[0]));
        Assert.True(double.IsNaN(r.StaysLearned.Mean[3]));
        Assert.Equal(Enumerable.Range(0, Sequences.Length).Select(k => k / 2.0), r.Aum.Mean, new Tolerance(1e-12));
    }

    [Fact]
    public void BadRecordsAreRejected()
    {
        var accumulator = new ExampleMeasureAccumulator(T, 1, 2);
        var bits = new byte[(T + 1) * 2];
        bits[5] = 2;
        Assert.Throws<ArgumentException>(() => accumulator.Add(bits, new Half[bits.Length]));
        Assert.Throws<ArgumentException>(() => accumulator.Add(new byte[T * 2], new Half[T * 2]));
        Assert.Throws<ArgumentException>(() => accumulator.Add(new byte[bits.Length], new Half[bits.Length - 1]));
        Assert.Throws<ArgumentException>(() => accumulator.Add(new byte[bits.Length], new Half[bits.Length], new Half[2]));
        Assert.Throws<InvalidOperationException>(accumulator.Result);
        Assert.Throws<ArgumentException>(() => new ExampleMeasureAccumulator(0, 1, 1));
    }

    sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon;
        public int GetHashCode(double value) => 0;
    }
}
