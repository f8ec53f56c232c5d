using ScottPlot;
using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>One t-SNE panel: a network's name and its [n, 2] embedding (row-major).</summary>
public sealed record TsnePanel(string Title, float[] Embedding);

/// <summary>Figure 6: t-SNE of each network's features side by side, one colour per class, one legend.</summary>
public static class TsneFigure
{
    const int Panel = 400, Header = 64, Gap = 8;

    public static void Write(string pngPath, string? svgPath, IReadOnlyList<TsnePanel> panels, int[] labels,
                             string[] classNames, string title, string subtitle)
    {
        if (panels.Count == 0) throw new ArgumentException("no panels to draw", nameof(panels));
        IPalette palette = classNames.Length <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        int columns = Math.Min(3, panels.Count), rows = (panels.Count + columns - 1) / columns;
        float legendWidth = classNames.Max(name => FigureCanvas.Width(name, 13)) + 48;
        int width = columns * Panel + (columns - 1) * Gap + (int)legendWidth + 2 * Gap;
        int height = Header + rows * Panel + (rows - 1) * Gap + Gap;
        float marker = labels.Length <= 500 ? 5 : labels.Length <= 2000 ? 3.5f : 2.5f;

        FigureCanvas.Write(pngPath, svgPath, width, height, canvas =>
        {
            FigureCanvas.Text(canvas, title, width / 2f, 26, 18, SKTextAlign.Center, bold: true);
            FigureCanvas.Text(canvas, subtitle, width / 2f, 48, 13, SKTextAlign.Center, color: FigureCanvas.Faint);
            for (int p = 0; p < panels.Count; p++)
            {
                float left = Gap + p % columns * (Panel + Gap), top = Header + p / columns * (Panel + Gap);
                FigureCanvas.DrawPlot(canvas, PanelPlot(panels[p], labels, classNames.Length, palette, marker), left, top, Panel, Panel);
            }
            DrawLegend(canvas, classNames, palette, width - legendWidth, Header + 20);
        });
    }

    static Plot PanelPlot(TsnePanel panel, int[] labels, int classes, IPalette palette, float marker)
    {
        var plot = new Plot();
        for (int c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            if (members.Length == 0) continue;
            var points = plot.Add.ScatterPoints(
                members.Select(i => (double)panel.Embedding[2 * i]).ToArray(),
                members.Select(i => (double)panel.Embedding[2 * i + 1]).ToArray());
            points.Color = palette.GetColor(c).WithAlpha(0.85);
            points.MarkerSize = marker;
        }
        plot.Font.Set(FigureCanvas.FontFamily);
        plot.Title(panel.Title, 15);
        // t-SNE coordinates have no units worth reading; equal scales keep distances undistorted.
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
        plot.HideGrid();
        plot.Axes.SquareUnits();
        return plot;
    }

    static void DrawLegend(SKCanvas canvas, string[] classNames, IPalette palette, float left, float top)
    {
        using var dot = new SKPaint { IsAntialias = true };
        for (int c = 0; c < classNames.Length; c++)
        {
            float y = top + c * 22;
            dot.Color = palette.GetColor(c).ToSKColor();
            canvas.DrawCircle(left + 8, y - 4, 5, dot);
            FigureCanvas.Text(canvas, classNames[c], left + 20, y, 13);
        }
    }
}
