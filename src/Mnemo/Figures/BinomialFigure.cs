using Mnemo.Analysis;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>Figure 2: profiles against sorted binomial noise at the threshold epochs; averaged left, fixed right, one row per paradigm.</summary>
static class BinomialFigure
{
    public static string[] Write(StudyAnalysis analysis, string basePath)
    {
        var panels = new List<Plot>();
        foreach (var paradigm in analysis.Paradigms.Values)
            foreach (var variant in new[] { ProfileVariant.Averaged, ProfileVariant.Fixed })
                panels.Add(Panel(paradigm, variant));
        var first = analysis.Paradigms.Values.First();
        string title = "Figure 2. Profiles (solid) vs sorted binomial noise Bin(N, p\u0302)/N (dotted) at the threshold epochs\n" +
                       $"left: averaged over M = {first.M} augmentations; right: one fixed augmentation (m = 0); K = {first.K} images";
        return FigureGrid.Save(basePath, title, panels, columns: 2, panelHeight: 470);
    }

    static Plot Panel(ParadigmAnalysis paradigm, ProfileVariant variant)
    {
        bool averaged = variant == ProfileVariant.Averaged;
        var plot = FigureStyle.Panel($"{paradigm.Paradigm}, {(averaged ? "averaged" : "fixed augmentation")} (N = {paradigm.N}, {FigureStyle.Epochs(paradigm.EpochsAnalysed)})",
            FigureStyle.RankLabel, averaged ? FigureStyle.AveragedLabel : FigureStyle.FixedLabel, paradigm.K);
        var results = paradigm.For(variant);
        for (int i = 0; i < results.Count; i++)
        {
            var color = FigureStyle.ForThreshold(i);
            string p = MnemoFormat.P(results[i].P);
            if (results[i].Reached is not { } reached)
            {
                plot.Legend.ManualItems.Add(FigureStyle.Note($"mean p ≥ {p}: not reached"));
                continue;
            }
            FigureStyle.AddSortedLine(plot, reached.Profile, color, width: 2).LegendText =
                $"mean p ≥ {p}: epoch {reached.Epoch}, MAE {reached.MaeMean:0.000}";
            FigureStyle.AddSortedLine(plot, reached.BinomialCurve, color, width: 2, LinePattern.Dotted);
        }
        FigureStyle.LegendBelow(plot);
        return plot;
    }
}
