using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>One cell of a gallery: one or more images [C, H, W] in [0, 1] side by side, and up to two caption lines.</summary>
public sealed record GalleryCell(IReadOnlyList<float[]> Images, string Caption, string Detail);

/// <summary>A labelled block of cells, laid out row by row.</summary>
public sealed record GallerySection(string Label, IReadOnlyList<GalleryCell> Cells);

/// <summary>Image galleries (the easiest and hardest images, pairs, disagreements): sections one under another.</summary>
public static class GalleryFigure
{
    const int Margin = 14, Header = 70, SectionLabel = 30, Gap = 4, CellGap = 14, CaptionLines = 2, LineHeight = 15;
    // Small images are enlarged (nearest neighbour) to at least this size.
    const int MinTile = 64;

    /// <summary>Writes <paramref name="basePath"/>.png and .svg; returns both paths.</summary>
    /// <param name="imageShape">[C, H, W] of every image.</param>
    /// <param name="columns">Cells per row.</param>
    public static string[] Write(string basePath, string title, string subtitle, IReadOnlyList<GallerySection> sections, int[] imageShape, int columns)
    {
        if (sections.Count == 0 || sections.Any(s => s.Cells.Count == 0)) throw new ArgumentException("a gallery needs cells in every section");
        int h = imageShape[1], w = imageShape[2];
        int scale = Math.Max(1, (MinTile + Math.Max(h, w) - 1) / Math.Max(h, w));
        int perCell = sections.Max(s => s.Cells.Max(c => c.Images.Count));
        int imagesWidth = perCell * w * scale + (perCell - 1) * Gap;
        // Wide enough for its captions, which would otherwise run into the next cell.
        int cellWidth = Math.Max(imagesWidth, (int)Math.Ceiling(sections.Max(s => s.Cells.Max(c =>
            Math.Max(FigureCanvas.Width(c.Caption, 12), FigureCanvas.Width(c.Detail, 11)))))) + CellGap;
        int cellHeight = h * scale + 6 + CaptionLines * LineHeight + CellGap;
        int width = Math.Max(2 * Margin + columns * cellWidth, (int)Math.Ceiling(Math.Max(FigureCanvas.Width(title, 18, bold: true), FigureCanvas.Width(subtitle, 13))) + 2 * Margin);
        int height = Header + sections.Sum(s => SectionLabel + (s.Cells.Count + columns - 1) / columns * cellHeight) + Margin;
        string png = basePath + ".png", svg = basePath + ".svg";

        var tiles = sections.Select(s => s.Cells.Select(c => c.Images.Select(image => FigureCanvas.Tile(image, imageShape, scale)).ToArray()).ToArray()).ToArray();
        try
        {
            FigureCanvas.Write(png, svg, width, height, canvas =>
            {
                FigureCanvas.Text(canvas, title, width / 2f, 28, 18, SKTextAlign.Center, bold: true);
                FigureCanvas.Text(canvas, subtitle, width / 2f, 50, 13, SKTextAlign.Center, color: FigureCanvas.Faint);
                float top = Header;
                for (int s = 0; s < sections.Count; s++)
                {
                    FigureCanvas.Text(canvas, sections[s].Label, Margin, top + 20, 15, bold: true);
                    top += SectionLabel;
                    var cells = sections[s].Cells;
                    for (int c = 0; c < cells.Count; c++)
                    {
                        float left = Margin + c % columns * cellWidth, cellTop = top + c / columns * cellHeight;
                        for (int i = 0; i < tiles[s][c].Length; i++)
                            canvas.DrawBitmap(tiles[s][c][i], left + i * (w * scale + Gap), cellTop);
                        float captionTop = cellTop + h * scale + 6;
                        FigureCanvas.Text(canvas, cells[c].Caption, left, captionTop + 12, 12);
                        FigureCanvas.Text(canvas, cells[c].Detail, left, captionTop + 12 + LineHeight, 11, color: FigureCanvas.Faint);
                    }
                    top += (cells.Count + columns - 1) / columns * cellHeight;
                }
            });
        }
        finally
        {
            foreach (var bitmap in tiles.SelectMany(s => s.SelectMany(c => c))) bitmap.Dispose();
        }
        return [png, svg];
    }
}
