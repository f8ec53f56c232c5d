namespace Mnemo.Analysis;

/// <summary>Everything the report says about one paradigm, both variants, at every threshold.</summary>
public sealed record ParadigmAnalysis(
    string Paradigm, RecognitionCounts Counts, int EpochsPlanned, int RunsPlanned,
    double[] MeanAveraged, double[] MeanFixed,
    IReadOnlyList<ThresholdResult> Averaged, IReadOnlyList<ThresholdResult> Fixed)
{
    public int N => Counts.Runs;
    public int M => Counts.Augmentations;
    public int K => Counts.Images;
    /// <summary>Last epoch every run of the paradigm has recorded.</summary>
    public int EpochsAnalysed => Counts.Epochs;

    public IReadOnlyList<ThresholdResult> For(ProfileVariant variant) => variant == ProfileVariant.Averaged ? Averaged : Fixed;
    public double[] MeanByEpoch(ProfileVariant variant) => variant == ProfileVariant.Averaged ? MeanAveraged : MeanFixed;

    /// <summary>The comparison at threshold <paramref name="p"/>, or null if not reached or not asked for.</summary>
    public ProfileComparison? At(ProfileVariant variant, double p) => For(variant).FirstOrDefault(r => r.P == p)?.Reached;

    /// <param name="independentViews">M, or 1 when the paradigm trains without augmentation (its M views are one image).</param>
    public static ParadigmAnalysis Run(
        string paradigm, RecognitionCounts counts, int epochsPlanned, int runsPlanned, int independentViews,
        IReadOnlyList<double> thresholds, int studySeed)
    {
        var meanAveraged = counts.MeanByEpoch(ProfileVariant.Averaged);
        var meanFixed = counts.MeanByEpoch(ProfileVariant.Fixed);
        List<ThresholdResult> Compare(ProfileVariant variant, double[] mean) =>
            thresholds.Select(p => new ThresholdResult(p, ThresholdEpochs.First(mean, p) is int epoch
                ? ProfileComparison.At(counts, epoch, variant, independentViews,
                    new Random(Seeds.Derive(studySeed, $"binomial/{paradigm}/{variant}/{p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")))
                : null)).ToList();
        return new ParadigmAnalysis(paradigm, counts, epochsPlanned, runsPlanned, meanAveraged, meanFixed,
            Compare(ProfileVariant.Averaged, meanAveraged), Compare(ProfileVariant.Fixed, meanFixed));
    }
}
