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

    /// <summary>
    /// The calibrated contrast of one paradigm and variant at threshold <paramref name="p"/> as evidence:
    /// <c>{key}_excess</c> (distance beyond the null of equally hard pairs), <c>{key}_excess_in_null_sd</c> and
    /// <c>{key}_contrast_p_value</c> (parametric bootstrap).
    /// </summary>
    public static void AddContrast(Dictionary<string, double> evidence, string key, ParadigmAnalysis paradigm, ProfileVariant variant, double p)
    {
        var contrast = paradigm.At(variant, p)!.Contrast;
        evidence[$"{key}_excess"] = contrast.Excess;
        evidence[$"{key}_excess_in_null_sd"] = contrast.ExcessInNullSd;
        evidence[$"{key}_contrast_p_value"] = contrast.PValue;
    }

    /// <summary>"name excess 0.0123 (p 0.0050)": a paradigm's calibrated contrast, averaged over the thresholds, for a finding's detail.</summary>
    public static string Contrast(string name, ParadigmAnalysis paradigm, ProfileVariant variant, IReadOnlyList<double> matched) =>
        $"{name} {matched.Average(p => paradigm.At(variant, p)!.Contrast.Excess):0.0000} " +
        $"(p {string.Join(", ", matched.Select(p => paradigm.At(variant, p)!.Contrast is var c ? MnemoFormat.MonteCarloP(c.PValue, c.Draws) : ""))})";

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
