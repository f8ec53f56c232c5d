using Mnemo.Augmentations;
using Mnemo.Paradigms;

namespace Mnemo.Analysis.Difficulty;

/// <summary>p~ of the pairs against one covariate, in quantile bins.</summary>
public sealed record CovariateSeries(string Name, CovariateBin[] Bins);

/// <summary>
/// What makes a pair hard, for one paradigm at one epoch: the parameters of its fixed views (read back from
/// augmentations/&lt;paradigm&gt;.csv), their covariates, the binomial regression of each pair's recognitions on
/// them with the image's own difficulty as offset, and p~ binned against each covariate that varies.
/// </summary>
/// <param name="Epoch">The epoch of the regression and the bins: where the averaged mean first reaches
/// <paramref name="Threshold"/> (the threshold nearest 0.5), else the last epoch analysed.</param>
/// <param name="Draws">[M][views]: the parameters of every evaluation view.</param>
/// <param name="NotApplied">Covariates left out because the augmentation does not apply them to these images
/// (saturation, hue and grayscale on images without three channels): they could only fit noise.</param>
/// <param name="Fit">Null when no regression can be fitted; <paramref name="NoFit"/> says why.</param>
public sealed record PairAnalysis(
    int Epoch, double Threshold, bool ThresholdReached, AugmentationParams[][] Draws, PairCovariates Covariates, string[] NotApplied,
    OffsetRegressionFit? Fit, string? NoFit, IReadOnlyList<CovariateSeries> Bins);

/// <summary>The per-example analyses of one paradigm.</summary>
/// <param name="PairSpeed">[M·K], pair index m·K + k: the share of networks and epochs 1..T recognising the pair (its learning speed).</param>
/// <param name="Reliability">Split-half agreement of the networks' learning speeds.</param>
/// <param name="Pairs">Null when the study's augmentations/&lt;paradigm&gt;.csv cannot be read (see <see cref="StudyDifficulty.Missing"/>).</param>
public sealed record ParadigmDifficulty(
    string Paradigm, ExampleMeasures Measures, double[] PairSpeed, SplitHalfReliability Reliability, PairAnalysis? Pairs);

/// <summary>
/// Which images and which augmentations are hard, and how sure the study is of it: per paradigm the
/// per-example measures, their split-half reliability and the pair regression; across paradigms the rank
/// correlations of learning speed; and one line per record or analysis that is missing. From the saved
/// records alone, one run in memory at a time.
/// </summary>
public sealed class StudyDifficulty
{
    StudyDifficulty(IReadOnlyDictionary<string, ParadigmDifficulty> paradigms, SpearmanMatrix? correlations, IReadOnlyList<string> missing) =>
        (Paradigms, Correlations, Missing) = (paradigms, correlations, missing);

    /// <summary>Paradigms with at least one training epoch analysed, in config order.</summary>
    public IReadOnlyDictionary<string, ParadigmDifficulty> Paradigms { get; }
    /// <summary>Spearman correlations of the images' learning speed between paradigms; null for fewer than two.</summary>
    public SpearmanMatrix? Correlations { get; }
    /// <summary>What could not be computed, and why: absent records (confidence.npy in old studies), unreadable augmentation files.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The measure the galleries, the correlations and the reliability rank images by.</summary>
    public const string RankedBy = "learning speed";

    /// <summary>What <see cref="Measure"/> computes per paradigm from its runs' records.</summary>
    public sealed record Measured(ExampleRecords.Result Read, SplitHalfReliability Reliability);

    /// <summary>
    /// The part that reads every run again (bits, margins, confidences) and needs nothing but the records: per paradigm
    /// with a training epoch, its measures and their split-half reliability. Paradigms are measured in parallel, each
    /// with one run in memory at a time; <see cref="Report.StudyReport"/> runs this beside <see cref="StudyAnalysis.Run"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, Measured> Measure(StudyRecords records, IProgress<string>? progress = null)
    {
        var names = records.Paradigms.Where(p => p.Value.Epochs >= 1).Select(p => p.Key).ToList();
        var measured = new Measured[names.Count];
        var locked = progress is null ? null : new LockedProgress(progress);
        try
        {
            Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                locked?.Report($"per-example measures of {names[i]}");
                var read = ExampleRecords.Read(records, names[i]);
                var reliability = SplitHalfReliability.Estimate(read.Measures.LearningSpeed.PerNetwork, Seeds.Derive(records.Config.Seed, $"split-half/{names[i]}"));
                measured[i] = new Measured(read, reliability);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is MnemoException) is { } unreadable)
        {
            throw unreadable;
        }
        return Enumerable.Range(0, names.Count).ToDictionary(i => names[i], i => measured[i]);
    }

    /// <param name="measured">From <see cref="Measure"/> on the same records; measured here when null.</param>
    public static StudyDifficulty Run(StudyAnalysis analysis, IReadOnlyDictionary<string, Measured>? measured = null, IProgress<string>? progress = null)
    {
        var records = analysis.Records;
        measured ??= Measure(records, progress);
        var paradigms = new Dictionary<string, ParadigmDifficulty>();
        var missing = new List<string>();
        foreach (var (name, paradigm) in analysis.Paradigms)
        {
            if (!measured.TryGetValue(name, out var m))
            {
                missing.Add($"{name}: only epoch 0 (the initialisation) is recorded by all its runs: no per-example measures");
                continue;
            }
            progress?.Report($"pair analysis of {name}");
            PairAnalysis? pairs = null;
            try { pairs = Pairs(analysis, paradigm); }
            catch (MnemoException e) { missing.Add($"{name}: no pair analysis ({e.Message})"); }
            paradigms[name] = new ParadigmDifficulty(name, m.Read.Measures, PairSpeed(paradigm.Counts), m.Reliability, pairs);
        }
        missing.InsertRange(0, Gaps(measured.ToDictionary(p => p.Key, p => p.Value.Read)));
        SpearmanMatrix? correlations = paradigms.Count >= 2
            ? Spearman.Matrix([.. paradigms.Keys], [.. paradigms.Values.Select(p => p.Measures.LearningSpeed.Mean)])
            : null;
        if (paradigms.Count == 1) missing.Add("one paradigm analysed: no correlations between paradigms");
        return new StudyDifficulty(paradigms, correlations, missing);
    }

    /// <summary>Progress from parallel workers, one line at a time.</summary>
    public sealed class LockedProgress(IProgress<string> inner) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (this) inner.Report(value);
        }
    }

    // One line per record a paradigm's runs lack; one line for the whole study when no run has confidences (a study
    // recorded before Mnemo wrote confidence.npy).
    static IEnumerable<string> Gaps(IReadOnlyDictionary<string, ExampleRecords.Result> reads)
    {
        bool noneHasConfidence = reads.Count > 0 && reads.Values.All(r => r.NoConfidence.Count == r.Measures.Runs && r.NoConfidence.All(g => g.Problem is null));
        if (noneHasConfidence)
            yield return "confidence.npy: no run of the study has it (recorded before Mnemo wrote it; past epochs cannot get it): " +
                         "no cartography confidence or variability, no data maps";
        foreach (var (paradigm, read) in reads)
        {
            if (read.NoMargins.Count > 0)
                yield return Describe(paradigm, "margins.npy", read.NoMargins, read.Measures.Runs,
                    read.NoMargins.Count == read.Measures.Runs ? "no area under the margin" : "its area under the margin is over the other runs");
            if (read.NoConfidence.Count > 0 && !noneHasConfidence)
                yield return Describe(paradigm, "confidence.npy", read.NoConfidence, read.Measures.Runs,
                    "no cartography confidence or variability (a run begun without it records none when resumed)");
        }
    }

    static string Describe(string paradigm, string file, IReadOnlyList<ExampleRecords.Gap> gaps, int runs, string consequence)
    {
        var absent = gaps.Where(g => g.Problem is null).Select(g => $"seed-{g.Seed}").ToList();
        var parts = new List<string>();
        if (absent.Count > 0) parts.Add(absent.Count == runs ? $"no {file} in any of its {runs} runs" : $"no {file} in {string.Join(", ", absent)}");
        parts.AddRange(gaps.Where(g => g.Problem is not null).Select(g => $"seed-{g.Seed} unusable ({g.Problem})"));
        return $"{paradigm}: {string.Join("; ", parts)}: {consequence}";
    }

    /// <summary>The threshold nearest 0.5, where the pair analysis looks (as figure 4 does).</summary>
    public static double MiddleThreshold(IReadOnlyList<double> thresholds) => thresholds.OrderBy(p => Math.Abs(p - 0.5)).First();

    static PairAnalysis Pairs(StudyAnalysis analysis, ParadigmAnalysis paradigm)
    {
        var records = analysis.Records;
        var manifest = records.Manifest;
        int views = Paradigm.Get(paradigm.Paradigm).Views;
        int height = manifest.ImageShape[1], width = manifest.ImageShape[2];
        var draws = AugmentationCsv.Read(records.Folder.AugmentationsPath(paradigm.Paradigm), manifest.EvalIndices,
            paradigm.M, views, height, width);
        var covariates = PairCovariates.FromAugmentations(draws, height, width);
        // ColorOps changes saturation and hue, and RandomGrayscale changes anything, only in three-channel images.
        string[] notApplied = manifest.ImageShape[0] == 3 ? []
            : [.. covariates.Names.Where(n => n.EndsWith("saturation_dev", StringComparison.Ordinal) || n.EndsWith("hue_abs", StringComparison.Ordinal) ||
                                              n.EndsWith("grayscale", StringComparison.Ordinal))];
        if (notApplied.Length > 0)
        {
            var kept = Enumerable.Range(0, covariates.Names.Length).Where(c => !notApplied.Contains(covariates.Names[c])).ToArray();
            covariates = covariates with { Names = [.. kept.Select(c => covariates.Names[c])], Values = [.. kept.Select(c => covariates.Values[c])] };
        }

        double threshold = MiddleThreshold(analysis.Thresholds);
        var reached = paradigm.At(ProfileVariant.Averaged, threshold);
        int epoch = reached?.Epoch ?? paradigm.EpochsAnalysed;
        var y = PairDifficulty.Successes(paradigm.Counts, epoch);
        var bins = new List<CovariateSeries>();
        for (int c = 0; c < covariates.Names.Length; c++)
            if (Varies(covariates.Values[c]))
                bins.Add(new CovariateSeries(covariates.Names[c], CovariateBins.Of(covariates.Values[c], y, paradigm.N)));

        string? noFit =
            records.Config.For(paradigm.Paradigm).Augmentation == AugmentationKind.None
                ? "it trains without augmentation: its M views are one image, so there is no augmentation to tell apart from the image"
            : bins.Count == 0 ? "no parameter of its views varies"
            : null;
        var fit = noFit is null ? PairDifficulty.Fit(paradigm.Counts, epoch, covariates) : null;
        return new PairAnalysis(epoch, threshold, reached is not null, draws, covariates, notApplied, fit, noFit, bins);
    }

    static bool Varies(double[] values)
    {
        foreach (double v in values)
            if (v != values[0]) return true;
        return false;
    }

    // Over epochs 1..T, as the per-example measures: epoch 0 is the initialisation, chance.
    static double[] PairSpeed(RecognitionCounts counts)
    {
        int m = counts.Augmentations, k = counts.Images;
        var speed = new double[m * k];
        for (int t = 1; t <= counts.Epochs; t++)
            for (int a = 0; a < m; a++)
                for (int i = 0; i < k; i++) speed[a * k + i] += counts.Count(t, a, i);
        double trials = (double)counts.Runs * counts.Epochs;
        for (int c = 0; c < speed.Length; c++) speed[c] /= trials;
        return speed;
    }
}
