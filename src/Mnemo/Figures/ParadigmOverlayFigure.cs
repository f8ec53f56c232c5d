using Mnemo.Analysis;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>Figure 3: the paradigms' profiles overlaid at each threshold; averaged top row, fixed bottom row.</summary>
static class ParadigmOverlayFigure
{
    public static string[] Write(StudyAnalysis analysis, string basePath)
    {
        var panels = new List<Plot>();
        foreach (var variant in new[] { ProfileVariant.Averaged, ProfileVariant.Fixed })
            foreach (double p in analysis.Thresholds)
                panels.Add(Panel(analysis, variant, p));
        var first = analysis.Paradigms.Values.First();
        string title = "Figure 3. Paradigms compared at the epoch where each first reaches mean p \u2265 threshold (epochs in the legends)\n" +
                       $"top: averaged over M = {first.M} augmentations; bottom: one fixed augmentation (m = 0); K = {first.K} images";
        return FigureGrid.Save(basePath, title, panels, columns: analysis.Thresholds.Count, panelWidth: 560, panelHeight: 500);
    }

    static Plot Panel(StudyAnalysis analysis, ProfileVariant variant, double p)
    {
        bool averaged = variant == ProfileVariant.Averaged;
        var plot = FigureStyle.Panel($"{(averaged ? "averaged" : "fixed augmentation")}, mean p ≥ {MnemoFormat.P(p)}",
            FigureStyle.RankLabel, averaged ? FigureStyle.AveragedLabel : FigureStyle.FixedLabel, analysis.Paradigms.Values.First().K);
        foreach (var paradigm in analysis.Paradigms.Values)
        {
            var color = FigureStyle.ForParadigm(paradigm.Paradigm);
            if (paradigm.At(variant, p) is { } reached)
                FigureStyle.AddSortedLine(plot, reached.Profile, color, width: 2).LegendText =
                    $"{paradigm.Paradigm} (epoch {reached.Epoch}, N = {paradigm.N})";
            else
                plot.Legend.ManualItems.Add(FigureStyle.Note($"{paradigm.Paradigm}: not reached"));
        }
        FigureStyle.LegendBelow(plot);
        return plot;
    }
}
