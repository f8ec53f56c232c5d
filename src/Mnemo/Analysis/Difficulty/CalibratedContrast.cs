namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// A calibrated version of the paper's comparison with binomial noise. Null hypothesis: every
/// image-augmentation pair is equally hard, so the n0 independent trials behind each image's value (not the
/// paper's n = N for the averaged variant) are Bernoulli(p) for one unknown p. The null draws are conditioned on
/// the observed number of successes S (the sufficient statistic of p): K·n0 trials of which S, chosen uniformly,
/// succeed. A draw's mean is then p^ exactly, like the profile's, and the test is exact whatever p is; drawing
/// Bin(n0, p^) per image instead makes every draw's mean wander from p^, which adds to its distance and makes
/// the p-value conservative (mean about 0.7 rather than 0.5 in the fixed variant, K = 1024, N = 30).
/// E0, the expected sorted null profile, is the mean of <see cref="Draws"/> sorted null draws; the distance
/// D = mean_i |profile_(i) - E0_i|; its null distribution comes from <see cref="Draws"/> further draws against the
/// same E0; the p-value is the Monte Carlo test's (1 + #{D_null >= D}) / (draws + 1), at least 1 / (draws + 1).
/// </summary>
/// <param name="MeanP">p^: mean of the profile.</param>
/// <param name="Trials">Trials behind each value of the profile (N·M averaged, N fixed).</param>
/// <param name="IndependentTrials">n0: independent trials under the null.</param>
/// <param name="Distance">D for the profile.</param>
/// <param name="NullMean">Mean of D over the null draws.</param>
/// <param name="NullStd">Sample standard deviation of D over the null draws.</param>
/// <param name="Excess">D - NullMean: the contrast beyond what equally hard pairs give.</param>
/// <param name="ExcessInNullSd">Excess / NullStd; NaN when the null does not vary (p^ = 0 or 1).</param>
/// <param name="Expected">E0, ascending, [K]: the curve the profile is compared with.</param>
public sealed record CalibratedContrast(
    double MeanP, int Trials, int IndependentTrials, int Draws, double Distance, double NullMean, double NullStd,
    double Excess, double ExcessInNullSd, double PValue, double[] Expected)
{
    /// <summary>Draws for E0, and as many again for the null distribution of D.</summary>
    public const int DefaultDraws = 200;

    /// <param name="successes">Per image, recognitions out of <paramref name="trials"/>.</param>
    /// <param name="independentTrials">n0: N·M for the averaged variant of an augmented paradigm; N for the fixed
    /// variant, and for the averaged one of a paradigm without augmentation (its M views are one image).</param>
    /// <param name="seed">Seeds the null draws: the same seed gives the same result.</param>
    public static CalibratedContrast Test(ReadOnlySpan<int> successes, int trials, int independentTrials, int seed, int draws = DefaultDraws)
    {
        if (successes.Length == 0) throw new ArgumentException("calibrated contrast: no images");
        if (trials < 1 || independentTrials < 1 || independentTrials > trials)
            throw new ArgumentOutOfRangeException(nameof(independentTrials), $"calibrated contrast: {independentTrials} independent of {trials} trials");
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), $"calibrated contrast: {draws} draws");
        int k = successes.Length;

        // The profile sorted by counting: its values are j / trials.
        var histogram = new int[trials + 1];
        long total = 0;
        foreach (int s in successes)
        {
            if ((uint)s > (uint)trials) throw new ArgumentOutOfRangeException(nameof(successes), $"calibrated contrast: {s} successes out of {trials}");
            histogram[s]++;
            total += s;
        }
        var profile = BinomialDistribution.SortedFromHistogram(histogram, trials);
        double pHat = Math.Clamp(total / ((double)trials * k), 0, 1);

        // S in independent trials: a paradigm without augmentation repeats each of its N bits M times.
        long independentSuccesses = (long)Math.Round(total * (double)independentTrials / trials);
        var sampler = new ConditionalSampler(k, independentTrials, pHat, independentSuccesses);
        var rng = new Random(seed);
        var nullHistogram = new int[independentTrials + 1];
        var expected = new double[k];
        for (int d = 0; d < draws; d++)
        {
            sampler.Fill(nullHistogram, rng);
            AddSorted(nullHistogram, independentTrials, expected);
        }
        for (int i = 0; i < k; i++) expected[i] /= draws;

        double distance = BinomialReference.MeanAbsoluteError(profile, expected);
        var nullDistances = new double[draws];
        int atLeast = 0;
        for (int d = 0; d < draws; d++)
        {
            sampler.Fill(nullHistogram, rng);
            nullDistances[d] = SortedDistance(nullHistogram, independentTrials, expected);
            if (nullDistances[d] >= distance) atLeast++;
        }
        double nullMean = Moments.Mean(nullDistances), nullStd = Moments.Std(nullDistances, ddof: 1);
        double excess = distance - nullMean;
        return new CalibratedContrast(pHat, trials, independentTrials, draws, distance, nullMean, nullStd,
            excess, nullStd > 0 ? excess / nullStd : double.NaN, (1.0 + atLeast) / (draws + 1), expected);
    }

    /// <summary>The contrast of one paradigm's profile at <paramref name="epoch"/>.</summary>
    /// <param name="independentViews">Views per image that differ: M, or 1 for a paradigm without augmentation.</param>
    public static CalibratedContrast At(RecognitionCounts counts, int epoch, ProfileVariant variant, int independentViews, int seed, int draws = DefaultDraws)
    {
        int independent = variant == ProfileVariant.Averaged ? counts.Runs * independentViews : counts.Runs;
        return Test(counts.Successes(epoch, variant), counts.Trials(variant), independent, seed, draws);
    }

    // sum[i] += the i-th smallest value j / n of the draw the histogram counts.
    static void AddSorted(int[] histogram, int n, double[] sum)
    {
        int i = 0;
        for (int j = 0; j < histogram.Length; j++)
            for (int c = histogram[j]; c > 0; c--) sum[i++] += j / (double)n;
    }

    static double SortedDistance(int[] histogram, int n, double[] expected)
    {
        double total = 0;
        int i = 0;
        for (int j = 0; j < histogram.Length; j++)
        {
            double value = j / (double)n;
            for (int c = histogram[j]; c > 0; c--) total += Math.Abs(value - expected[i++]);
        }
        return total / expected.Length;
    }

    // K counts of n trials with S successes in all, as uniform as a random choice of S of the K·n trials: first
    // Bin(n, S / Kn) per image, by inverting its cdf with a binary search (n is up to N·M = 300, where
    // BinomialDistribution's linear walk takes ~n/2 steps a draw), then single trials picked uniformly at random
    // are switched on (or off) until the total is S. Every step treats all trials alike, so the result is uniform
    // over the subsets of S trials; the correction is ~sqrt(Kn) switches, a few hundred.
    sealed class ConditionalSampler
    {
        readonly double[] cdf;
        readonly int[] counts;
        readonly int n;
        readonly long successes;

        public ConditionalSampler(int images, int n, double p, long successes)
        {
            var binomial = new BinomialDistribution(n, p);
            cdf = new double[n + 1];
            double total = 0;
            for (int j = 0; j <= n; j++) cdf[j] = total += binomial.Probability(j);
            // Rounding may leave the total just under 1; the last outcome takes the rest.
            cdf[n] = double.PositiveInfinity;
            counts = new int[images];
            (this.n, this.successes) = (n, successes);
        }

        public void Fill(int[] histogram, Random rng)
        {
            long total = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                double u = rng.NextDouble();
                int lo = 0, hi = n;
                // Smallest j with u < cdf[j].
                while (lo < hi)
                {
                    int mid = (lo + hi) >> 1;
                    if (u < cdf[mid]) hi = mid; else lo = mid + 1;
                }
                counts[i] = lo;
                total += lo;
            }
            // Trial j of image i succeeds when j < counts[i]: trials within an image are exchangeable.
            while (total < successes)
            {
                int i = rng.Next(counts.Length);
                if (rng.Next(n) >= counts[i]) { counts[i]++; total++; }
            }
            while (total > successes)
            {
                int i = rng.Next(counts.Length);
                if (rng.Next(n) < counts[i]) { counts[i]--; total--; }
            }
            Array.Clear(histogram);
            foreach (int c in counts) histogram[c]++;
        }
    }
}
