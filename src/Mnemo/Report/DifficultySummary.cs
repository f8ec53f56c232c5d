using Mnemo.Analysis.Difficulty;

namespace Mnemo.Report;

/// <summary>summary.json's "difficulty": the per-example analyses in numbers (the per-image values are in examples.csv
/// and pairs.csv). NaN, written as "NaN", marks what is undefined.</summary>
public static class DifficultySummary
{
    /// <param name="RankedBy">The measure the reliability, correlations and galleries use.</param>
    /// <param name="Missing">What could not be computed, and why.</param>
    public sealed record Study(string RankedBy, IReadOnlyList<string> Missing, Dictionary<string, Paradigm> Paradigms, Correlations? Spearman);

    /// <param name="Measures">Per measure, over the images: the mean of the per-image means over networks.</param>
    public sealed record Paradigm(int Runs, int Epochs, Dictionary<string, Measure?> Measures, SplitHalfReliability SplitHalf, Pairs? Pairs);

    /// <param name="Mean">Mean over the images that define it of the per-image mean over networks.</param>
    /// <param name="MeanSdOverNetworks">Mean over images of the per-image standard deviation over networks: how much networks disagree.</param>
    /// <param name="ImagesDefined">Images where at least one network defines the measure (first-learned: learned at least once).</param>
    public sealed record Measure(double Mean, double MeanSdOverNetworks, int ImagesDefined);

    /// <param name="Epoch">Epoch of the regression: where the averaged mean first reaches <paramref name="Threshold"/>, else the last analysed.</param>
    /// <param name="Regression">Null when none could be fitted; <paramref name="NoRegression"/> says why.</param>
    public sealed record Pairs(int Epoch, double Threshold, bool ThresholdReached, OffsetRegressionFit? Regression, string? NoRegression);

    /// <param name="Rho">[paradigm][paradigm]: Spearman correlations of the images' learning speeds.</param>
    public sealed record Correlations(string Measure, string[] Names, double[][] Rho, double[][] PValue, int Images);

    public static Study Build(StudyDifficulty difficulty) => new(
        StudyDifficulty.RankedBy, difficulty.Missing,
        difficulty.Paradigms.Values.ToDictionary(p => p.Paradigm, p => new Paradigm(
            p.Measures.Runs, p.Measures.Epochs,
            p.Measures.Named.ToDictionary(m => m.Name, m => m.Values is null ? null : Summarise(m.Values)),
            p.Reliability,
            p.Pairs is { } pairs ? new Pairs(pairs.Epoch, pairs.Threshold, pairs.ThresholdReached, pairs.Fit, pairs.NoFit) : null)),
        difficulty.Correlations is { } c ? new Correlations("learning_speed", c.Names, Rows(c.Rho), Rows(c.PValue), c.Images) : null);

    internal static Measure Summarise(MeasureAcrossNetworks values)
    {
        var defined = values.Mean.Where(v => !double.IsNaN(v)).ToArray();
        var spread = values.Std.Where(v => !double.IsNaN(v)).ToArray();
        return new Measure(defined.Length > 0 ? defined.Average() : double.NaN, spread.Length > 0 ? spread.Average() : double.NaN, defined.Length);
    }

    static double[][] Rows(double[,] matrix) =>
        [.. Enumerable.Range(0, matrix.GetLength(0)).Select(r => Enumerable.Range(0, matrix.GetLength(1)).Select(c => matrix[r, c]).ToArray())];
}
