using Mnemo.Analysis;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>Figure 4: per image-augmentation p~ for every 25th image of the sorted profile, around p_t(x); one panel per paradigm.</summary>
static class AugmentationFigure
{
    public const int Every = StudyFigures.AugmentationStride;

    public static string[] Write(StudyAnalysis analysis, string basePath)
    {
        double middle = analysis.Thresholds.OrderBy(p => Math.Abs(p - 0.5)).First();
        var panels = analysis.Paradigms.Values.Select(paradigm => Panel(paradigm, middle)).ToList();
        var first = analysis.Paradigms.Values.First();
        string title = $"Figure 4. Augmentations' impact: p\u0303\u209c of each of the M = {first.M} augmentations (points) around p\u209c(x) (line)\n" +
                       $"every {Every}th of the K = {first.K} images sorted by p\u209c(x), at the epoch where mean p\u209c first reaches {MnemoFormat.P(middle)} (else the last epoch analysed)";
        return FigureGrid.Save(basePath, title, panels, columns: Math.Min(2, panels.Count), panelHeight: 480);
    }

    static Plot Panel(ParadigmAnalysis paradigm, double threshold)
    {
        var reached = paradigm.At(ProfileVariant.Averaged, threshold);
        int epoch = reached?.Epoch ?? paradigm.EpochsAnalysed;
        string when = reached is null ? $"last epoch {epoch}, mean p = {paradigm.MeanAveraged[epoch]:0.00}" : $"epoch {epoch}, mean p ≥ {MnemoFormat.P(threshold)}";
        var plot = FigureStyle.Panel($"{paradigm.Paradigm}: {when}, N = {paradigm.N}", FigureStyle.RankLabel, "p\u0303\u209c(x, m) and p\u209c(x)", paradigm.K);

        var p = paradigm.Counts.Probabilities(epoch, ProfileVariant.Averaged);
        int[] order = Enumerable.Range(0, p.Length).ToArray();
        // Record positions sorted by p\u209c(x); introsort breaks ties the same way on every run.
        var keys = (double[])p.Clone();
        Array.Sort(keys, order);
        var xs = new List<double>();
        var ys = new List<double>();
        var perAugmentation = Enumerable.Range(0, paradigm.M).Select(m => paradigm.Counts.AugmentationProbabilities(epoch, m)).ToArray();
        for (int rank = 0; rank < order.Length; rank += Every)
            foreach (var augmentation in perAugmentation)
            {
                xs.Add(rank);
                ys.Add(augmentation[order[rank]]);
            }
        var color = FigureStyle.ForParadigm(paradigm.Paradigm);
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color.WithAlpha(0.35));
        points.MarkerSize = 5;
        points.LegendText = "p\u0303\u209c(x, m): one point per augmentation m";
        FigureStyle.AddSortedLine(plot, keys, Colors.Black, width: 1.5f).LegendText = FigureStyle.AveragedLabel;
        FigureStyle.LegendBelow(plot);
        return plot;
    }
}
