using ScottPlot;
using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>Tiles ScottPlot panels row by row under a figure title and writes the figure as PNG and SVG.</summary>
static class FigureGrid
{
    const int TitleLineHeight = 30, TitleTopMargin = 12;

    /// <summary>Writes <paramref name="basePath"/>.png and .svg; returns both paths.</summary>
    public static string[] Save(string basePath, string title, IReadOnlyList<Plot> panels, int columns, int panelWidth = 620, int panelHeight = 440)
    {
        int rows = (panels.Count + columns - 1) / columns;
        string[] titleLines = title.Split('\n');
        int top = TitleTopMargin + TitleLineHeight * titleLines.Length;
        int width = columns * panelWidth, height = top + rows * panelHeight;
        void Draw(SKCanvas canvas)
        {
            canvas.Clear(SKColors.White);
            using var typeface = SKTypeface.FromFamilyName(FigureStyle.FontName, SKFontStyle.Bold);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (int i = 0; i < titleLines.Length; i++)
            {
                using var font = new SKFont(typeface, 20);
                // A long line shrinks to fit rather than run off a narrow figure.
                float measured = font.MeasureText(titleLines[i]);
                if (measured > width - 20) font.Size = Math.Max(10, 20 * (width - 20) / measured);
                canvas.DrawText(titleLines[i], width / 2f, TitleTopMargin + TitleLineHeight * (i + 1) - 8, SKTextAlign.Center, font, paint);
            }
            for (int i = 0; i < panels.Count; i++)
            {
                float x = i % columns * panelWidth, y = top + i / columns * panelHeight;
                // A plot clears the whole canvas before drawing; the clip keeps it to its own cell.
                canvas.Save();
                canvas.ClipRect(new SKRect(x, y, x + panelWidth, y + panelHeight));
                panels[i].Render(canvas, new PixelRect(x, x + panelWidth, y + panelHeight, y));
                canvas.Restore();
            }
        }

        string png = basePath + ".png", svg = basePath + ".svg";
        using (var surface = SKSurface.Create(new SKImageInfo(width, height)))
        {
            Draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            Recording.AtomicFile.Write(png, stream => data.SaveTo(stream));
        }
        Recording.AtomicFile.Write(svg, stream =>
        {
            using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream);
            Draw(canvas);
        });
        return [png, svg];
    }
}
