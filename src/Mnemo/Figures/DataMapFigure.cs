using Mnemo.Analysis.Difficulty;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>
/// Dataset cartography (Swayamdipta et al. 2020) per paradigm: each image at its variability (x) and confidence (y),
/// both means over networks, coloured by its learning speed. Easy-to-learn images sit top left, hard-to-learn
/// bottom left, ambiguous ones to the right.
/// </summary>
public static class DataMapFigure
{
    const int ColourSteps = 20;

    /// <param name="measures">Per paradigm, its measures, with confidences; <paramref name="names"/> names the paradigms.</param>
    public static string[] Write(string basePath, IReadOnlyList<ExampleMeasures> measures, IReadOnlyList<string> names, string title)
    {
        if (measures.Count == 0 || measures.Count != names.Count || measures.Any(m => m.Confidence is null))
            throw new ArgumentException("a data map needs paradigms with confidences");
        double maxVariability = measures.Max(m => m.Variability!.Mean.Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var colours = new ShareColorAxis();
        var panels = measures.Select((m, i) => Panel(names[i], m, Math.Max(0.05, maxVariability * 1.05), colours)).ToList();
        return FigureGrid.Save(basePath, title, panels, columns: Math.Min(2, panels.Count), panelWidth: 600, panelHeight: 500);
    }

    static Plot Panel(string name, ExampleMeasures m, double maxVariability, ShareColorAxis colours)
    {
        var plot = new Plot();
        plot.Font.Set(FigureCanvas.FontFamily);
        plot.Title($"{name}: N = {m.Runs}, epochs 1-{m.Epochs}, K = {m.Images}", size: 15);
        plot.XLabel("variability: sd of the confidence over epochs", size: 13);
        plot.YLabel("confidence: mean probability of the right answer", size: 13);
        plot.Axes.Title.Label.ForeColor = FigureStyle.ForParadigm(name);
        var speed = m.LearningSpeed.Mean;
        var x = m.Variability!.Mean;
        var y = m.Confidence!.Mean;
        // One plottable per colour step: ScottPlot colours a scatter as a whole.
        for (int step = 0; step < ColourSteps; step++)
        {
            var members = Enumerable.Range(0, speed.Length)
                .Where(k => Math.Min(ColourSteps - 1, (int)(speed[k] * ColourSteps)) == step && double.IsFinite(x[k]) && double.IsFinite(y[k])).ToArray();
            if (members.Length == 0) continue;
            var points = plot.Add.ScatterPoints(members.Select(k => x[k]).ToArray(), members.Select(k => y[k]).ToArray());
            points.Color = colours.Colormap.GetColor((step + 0.5) / ColourSteps).WithAlpha(0.8);
            points.MarkerSize = speed.Length <= 600 ? 6 : 4;
        }
        plot.Axes.SetLimits(-0.01 * maxVariability, maxVariability, -0.03, 1.03);
        plot.Add.ColorBar(colours, Edge.Right).Label = "learning speed";
        return plot;
    }

    // Learning speed, a share in [0, 1], on the figures' viridis.
    sealed class ShareColorAxis : IHasColorAxis
    {
        public IColormap Colormap { get; } = new EpochColorAxis(1).Colormap;
        public ScottPlot.Range GetRange() => new(0, 1);
    }
}
