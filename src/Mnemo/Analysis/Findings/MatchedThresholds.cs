namespace Mnemo.Analysis.Findings;

/// <summary>Paradigm names the findings refer to, and the thresholds at which they can be compared.</summary>
static class MatchedThresholds
{
    public const string Supervised = "supervised", Simclr = "simclr", RandomLabels = "random-labels", RandomLabelsAug = "random-labels-aug";

    /// <summary>Thresholds every (paradigm, variant) reaches; paradigms are compared at their own epochs for the same p.</summary>
    public static List<double> Where(IReadOnlyList<double> thresholds, params (ParadigmAnalysis Paradigm, ProfileVariant Variant)[] needs) =>
        thresholds.Where(p => needs.All(n => n.Paradigm.At(n.Variant, p) is not null)).ToList();

    /// <summary>Mean over <paramref name="matched"/> of the MAE of one paradigm and variant.</summary>
    public static double MeanMae(ParadigmAnalysis paradigm, ProfileVariant variant, IEnumerable<double> matched) =>
        matched.Average(p => paradigm.At(variant, p)!.MaeMean);

    public static double Mae(ParadigmAnalysis paradigm, ProfileVariant variant, double p) => paradigm.At(variant, p)!.MaeMean;

    /// <summary>Why no threshold is shared, naming what each side reaches.</summary>
    public static string NoneShared(IReadOnlyList<double> thresholds, params (ParadigmAnalysis Paradigm, ProfileVariant Variant)[] needs) =>
        "no threshold is reached by all of " + string.Join(", ", needs.Select(n =>
        {
            var reached = thresholds.Where(p => n.Paradigm.At(n.Variant, p) is not null).Select(Format).ToList();
            return $"{n.Paradigm.Paradigm} ({n.Variant.ToString().ToLowerInvariant()}: {(reached.Count == 0 ? "none" : string.Join(", ", reached))})";
        }));

    public static string Format(double value) => MnemoFormat.P(value);

    public static string List(IEnumerable<double> thresholds) => string.Join(", ", thresholds.Select(Format));
}
