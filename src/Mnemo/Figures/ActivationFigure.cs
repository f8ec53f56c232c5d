using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>One row of figure 7: a stage (a bold label, and detail lines split at '\n'), and per column (network)
/// the display images of its channels, each [C, H, W] in [0, 1].</summary>
public sealed record ActivationRow(string Label, string Detail, IReadOnlyList<IReadOnlyList<float[]>> Cells);

/// <summary>Figure 7: activation-maximising images, stages as rows, networks as columns, channels side by side.</summary>
public static class ActivationFigure
{
    const int Header = 92, Gap = 6, ColumnGap = 22, Margin = 12;
    // Small images are enlarged (nearest neighbour: every pixel stays a visible square) to at least this size.
    const int MinTile = 72;

    /// <param name="imageShape">[C, H, W]; three channels are drawn in colour, any other number as grey (their mean).</param>
    public static void Write(string pngPath, string? svgPath, IReadOnlyList<string> columns, IReadOnlyList<ActivationRow> rows,
                             int[] imageShape, string title, string subtitle)
    {
        if (rows.Count == 0 || columns.Count == 0) throw new ArgumentException("nothing to draw");
        if (rows.Any(r => r.Cells.Count != columns.Count)) throw new ArgumentException("every row needs one cell per column");
        int h = imageShape[1], w = imageShape[2];
        int scale = Math.Max(1, (MinTile + Math.Max(h, w) - 1) / Math.Max(h, w));
        int perCell = rows.Max(r => r.Cells.Max(c => c.Count));
        int cellWidth = Math.Max(perCell * w * scale + (perCell - 1) * Gap,
                                 (int)columns.Max(name => FigureCanvas.Width(name, 14, bold: true)));
        int rowHeight = Math.Max(h * scale, 64) + 2 * Gap;
        int rowLabel = (int)rows.Max(r => r.Detail.Split('\n').Select(line => FigureCanvas.Width(line, 12))
            .Append(FigureCanvas.Width(r.Label, 14, bold: true)).Max()) + 2 * ColumnGap;
        int width = Margin + rowLabel + columns.Count * cellWidth + (columns.Count - 1) * ColumnGap + Margin;
        width = Math.Max(width, (int)FigureCanvas.Width(subtitle, 13) + 2 * Margin);
        int height = Header + rows.Count * rowHeight + Margin;

        var tiles = rows.Select(r => r.Cells.Select(c => c.Select(image => FigureCanvas.Tile(image, imageShape, scale)).ToArray()).ToArray()).ToArray();
        try
        {
            FigureCanvas.Write(pngPath, svgPath, width, height, canvas =>
            {
                FigureCanvas.Text(canvas, title, width / 2f, 26, 18, SKTextAlign.Center, bold: true);
                FigureCanvas.Text(canvas, subtitle, width / 2f, 48, 13, SKTextAlign.Center, color: FigureCanvas.Faint);
                float gridLeft = Margin + rowLabel;
                for (int c = 0; c < columns.Count; c++)
                    FigureCanvas.Text(canvas, columns[c], gridLeft + c * (cellWidth + ColumnGap) + cellWidth / 2f, Header - 12, 14,
                                      SKTextAlign.Center, bold: true);
                for (int r = 0; r < rows.Count; r++)
                {
                    float top = Header + r * rowHeight + Gap;
                    var lines = rows[r].Detail.Split('\n');
                    float labelTop = top + h * scale / 2f - 9 * lines.Length;
                    FigureCanvas.Text(canvas, rows[r].Label, Margin, labelTop, 14, bold: true);
                    for (int l = 0; l < lines.Length; l++)
                        FigureCanvas.Text(canvas, lines[l], Margin, labelTop + 18 * (l + 1), 12, color: FigureCanvas.Faint);
                    for (int c = 0; c < columns.Count; c++)
                        for (int k = 0; k < tiles[r][c].Length; k++)
                            canvas.DrawBitmap(tiles[r][c][k], gridLeft + c * (cellWidth + ColumnGap) + k * (w * scale + Gap), top);
                }
            });
        }
        finally
        {
            foreach (var bitmap in tiles.SelectMany(r => r.SelectMany(c => c))) bitmap.Dispose();
        }
    }
}
