namespace Mnemo.Analysis.Findings;

/// <summary>
/// One of the paper's findings checked on a study.
/// </summary>
/// <param name="Holds">True or false by the stated criterion; null when the study cannot measure it (see <paramref name="Detail"/>).</param>
/// <param name="Statement">The claim and the exact criterion tested.</param>
/// <param name="Detail">The numbers behind the verdict, or why there is none.</param>
/// <param name="Evidence">Per matched threshold p, the values compared.</param>
public sealed record Finding(string Id, bool? Holds, string Statement, string Detail, IReadOnlyList<IReadOnlyDictionary<string, double>> Evidence)
{
    public static Finding NotMeasurable(string id, string statement, string reason) => new(id, null, statement, reason, []);
}

/// <summary>The three findings of the paper, in its order.</summary>
public static class PaperFindings
{
    public static IReadOnlyList<Finding> Evaluate(IReadOnlyDictionary<string, ParadigmAnalysis> paradigms, IReadOnlyList<double> thresholds) =>
    [
        SupervisedContrast.Evaluate(paradigms, thresholds),
        SimclrFixedDeparts.Evaluate(paradigms, thresholds),
        SimclrLikeRandomLabels.Evaluate(paradigms, thresholds),
    ];
}
