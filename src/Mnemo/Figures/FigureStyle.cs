using Mnemo.Paradigms;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>What all figures share: fonts, paradigm colours, panel set-up and curve thinning.</summary>
static class FigureStyle
{
    public const string RankLabel = "images, sorted by value";
    public const string AveragedLabel = "p\u209c(x)", FixedLabel = "p\u0303\u209c(x\u0303)";

    /// <summary>The legend under the axes: inside, it would hide curves that fill every corner at some threshold.</summary>
    public static void LegendBelow(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
    }

    /// <summary>The paradigm's own colour (<see cref="Paradigm.Colour"/>).</summary>
    public static Color ForParadigm(string paradigm) => Color.FromHex(Paradigm.Get(paradigm).Colour);

    static readonly Color[] ThresholdColors = [new(255, 127, 14), new(31, 119, 180), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189)];

    /// <summary>Colours for the thresholds of a figure, low to high.</summary>
    public static Color ForThreshold(int index) => ThresholdColors[index % ThresholdColors.Length];

    /// <summary>A panel with the shared font, a title and axis labels, y fixed to [0, 1] (p is a proportion).</summary>
    public static Plot Panel(string title, string xLabel, string yLabel, int images)
    {
        var plot = new Plot();
        plot.Font.Set(FigureCanvas.FontFamily);
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.SetLimits(-0.01 * images, images * 1.01, -0.03, 1.03);
        return plot;
    }

    /// <summary>
    /// A sorted curve as the x, y points of its line, keeping only the first and last point of each
    /// run of equal values: the line is the same, and a profile of 50,000 images stays a small SVG.
    /// </summary>
    public static (double[] X, double[] Y) SortedLine(double[] sorted)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < sorted.Length; i++)
        {
            bool firstOfRun = i == 0 || sorted[i] != sorted[i - 1];
            bool lastOfRun = i == sorted.Length - 1 || sorted[i] != sorted[i + 1];
            if (firstOfRun || lastOfRun)
            {
                x.Add(i);
                y.Add(sorted[i]);
            }
        }
        return (x.ToArray(), y.ToArray());
    }

    public static ScottPlot.Plottables.Scatter AddSortedLine(Plot plot, double[] sorted, Color color, float width = 1.5f, LinePattern? pattern = null)
    {
        var (x, y) = SortedLine(sorted);
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = width;
        line.LinePattern = pattern ?? LinePattern.Solid;
        return line;
    }

    /// <summary>A legend entry with no line, for what a panel lacks (a threshold never reached).</summary>
    public static LegendItem Note(string text) => new() { LabelText = text, LineWidth = 0, MarkerShape = MarkerShape.None };

    public static string Epochs(int last) => last == 0 ? "epoch 0 only" : $"epochs 0-{last}";
}
