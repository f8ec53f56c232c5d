using Mnemo.Analysis;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>Figure 1: memorization profiles over epochs, one panel per paradigm, averaged over augmentations.</summary>
static class ProfilesFigure
{
    // Beyond this many epochs the lines are thinned to evenly spaced ones; more would be an unreadable smear.
    const int MaxLines = 41;

    public static string[] Write(StudyAnalysis analysis, string basePath)
    {
        var panels = new List<Plot>();
        bool thinned = false;
        foreach (var paradigm in analysis.Paradigms.Values)
        {
            var plot = FigureStyle.Panel($"{paradigm.Paradigm}: N = {paradigm.N}, {FigureStyle.Epochs(paradigm.EpochsAnalysed)}",
                FigureStyle.RankLabel, FigureStyle.AveragedLabel, paradigm.K);
            var colors = new EpochColorAxis(paradigm.EpochsAnalysed);
            var epochs = EpochsToDraw(paradigm.EpochsAnalysed);
            thinned |= epochs.Count < paradigm.EpochsAnalysed + 1;
            foreach (int epoch in epochs)
            {
                var profile = paradigm.Counts.Probabilities(epoch, ProfileVariant.Averaged);
                Array.Sort(profile);
                FigureStyle.AddSortedLine(plot, profile, colors.ColorOf(epoch), width: 1.2f);
            }
            plot.Add.ColorBar(colors, Edge.Right).Label = "epoch t";
            panels.Add(plot);
        }
        var first = analysis.Paradigms.Values.First();
        string title = $"Figure 1. Memorization profiles p\u209c(x) over epochs, averaged over M = {first.M} augmentations, K = {first.K} images\n" +
                       (thinned ? $"one line per epoch, coloured by epoch; {MaxLines} evenly spaced epochs where a panel has more" : "one line per epoch, coloured by epoch");
        return FigureGrid.Save(basePath, title, panels, columns: Math.Min(2, panels.Count));
    }

    static List<int> EpochsToDraw(int last)
    {
        if (last + 1 <= MaxLines) return Enumerable.Range(0, last + 1).ToList();
        return Enumerable.Range(0, MaxLines).Select(i => (int)Math.Round(i * (double)last / (MaxLines - 1))).Distinct().ToList();
    }
}
