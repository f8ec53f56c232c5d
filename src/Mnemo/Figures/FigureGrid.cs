using ScottPlot;
using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>Tiles ScottPlot panels row by row under a figure title and writes the figure as PNG and SVG.</summary>
static class FigureGrid
{
    const int TitleLineHeight = 30, TitleTopMargin = 12, TitleSize = 20;

    /// <summary>Writes <paramref name="basePath"/>.png and .svg; returns both paths.</summary>
    public static string[] Save(string basePath, string title, IReadOnlyList<Plot> panels, int columns, int panelWidth = 620, int panelHeight = 440)
    {
        int rows = (panels.Count + columns - 1) / columns;
        string[] titleLines = title.Split('\n');
        int top = TitleTopMargin + TitleLineHeight * titleLines.Length;
        int width = columns * panelWidth, height = top + rows * panelHeight;
        string png = basePath + ".png", svg = basePath + ".svg";
        FigureCanvas.Write(png, svg, width, height, canvas =>
        {
            for (int i = 0; i < titleLines.Length; i++)
            {
                // A long line shrinks to fit rather than run off a narrow figure.
                float measured = FigureCanvas.Width(titleLines[i], TitleSize, bold: true);
                float size = measured > width - 20 ? Math.Max(10, TitleSize * (width - 20) / measured) : TitleSize;
                FigureCanvas.Text(canvas, titleLines[i], width / 2f, TitleTopMargin + TitleLineHeight * (i + 1) - 8, size,
                                  SKTextAlign.Center, bold: true, color: SKColors.Black);
            }
            for (int i = 0; i < panels.Count; i++)
                FigureCanvas.DrawPlot(canvas, panels[i], i % columns * panelWidth, top + i / columns * panelHeight, panelWidth, panelHeight);
        });
        return [png, svg];
    }
}
