using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>The rank correlations of image difficulty between paradigms as a matrix: each cell's colour and number is rho.</summary>
public static class CorrelationFigure
{
    const int MinCell = 110, Margin = 16, Header = 74, Legend = 70;

    /// <summary>Writes <paramref name="basePath"/>.png and .svg; returns both paths.</summary>
    public static string[] Write(string basePath, SpearmanMatrix matrix, string subtitle)
    {
        int p = matrix.Names.Length;
        float labelWidth = matrix.Names.Max(n => FigureCanvas.Width(n, 14, bold: true)) + 12;
        // Wide enough for the column labels above the cells.
        int cell = Math.Max(MinCell, (int)Math.Ceiling(labelWidth) + 4);
        string title = "Rank correlation of image difficulty between paradigms";
        int width = (int)Math.Ceiling(Math.Max(Margin * 2 + labelWidth + p * cell,
            Math.Max(FigureCanvas.Width(title, 18, bold: true), FigureCanvas.Width(subtitle, 13)) + 2 * Margin));
        int height = Header + 24 + p * cell + Legend;
        string png = basePath + ".png", svg = basePath + ".svg";
        FigureCanvas.Write(png, svg, width, height, canvas =>
        {
            FigureCanvas.Text(canvas, title, width / 2f, 28, 18, SKTextAlign.Center, bold: true);
            FigureCanvas.Text(canvas, subtitle, width / 2f, 50, 13, SKTextAlign.Center, color: FigureCanvas.Faint);
            float left = Margin + labelWidth, top = Header + 24;
            using var fill = new SKPaint { IsAntialias = false };
            using var edge = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Stroke, StrokeWidth = 2 };
            for (int c = 0; c < p; c++)
                FigureCanvas.Text(canvas, matrix.Names[c], left + c * cell + cell / 2f, top - 8, 14, SKTextAlign.Center, bold: true,
                                  color: FigureStyle.ForParadigm(matrix.Names[c]).ToSKColor());
            for (int r = 0; r < p; r++)
            {
                FigureCanvas.Text(canvas, matrix.Names[r], left - 10, top + r * cell + cell / 2f + 5, 14, SKTextAlign.Right, bold: true,
                                  color: FigureStyle.ForParadigm(matrix.Names[r]).ToSKColor());
                for (int c = 0; c < p; c++)
                {
                    double rho = matrix.Rho[r, c];
                    var rect = SKRect.Create(left + c * cell, top + r * cell, cell, cell);
                    fill.Color = Diverging(rho);
                    canvas.DrawRect(rect, fill);
                    canvas.DrawRect(rect, edge);
                    var ink = Math.Abs(rho) > 0.6 ? SKColors.White : FigureCanvas.Ink;
                    FigureCanvas.Text(canvas, double.IsNaN(rho) ? "undefined" : rho.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture),
                                      rect.MidX, rect.MidY + 2, 20, SKTextAlign.Center, bold: true, color: ink);
                    if (r != c)
                        FigureCanvas.Text(canvas, $"p {MnemoFormat.PValue(matrix.PValue[r, c])}", rect.MidX, rect.MidY + 24, 11, SKTextAlign.Center, color: ink);
                }
            }
            DrawScale(canvas, left, top + p * cell + 22, Math.Min(p * cell, 330));
        });
        return [png, svg];
    }

    // -1 blue, 0 white, +1 red (the 'RdBu' scheme's ends); NaN grey.
    static SKColor Diverging(double rho)
    {
        if (double.IsNaN(rho)) return new SKColor(0xcc, 0xcc, 0xcc);
        SKColor end = rho >= 0 ? new SKColor(0xb2, 0x18, 0x2b) : new SKColor(0x21, 0x66, 0xac);
        double t = Math.Min(1, Math.Abs(rho));
        byte Mix(byte e) => (byte)Math.Round(255 + (e - 255) * t);
        return new SKColor(Mix(end.Red), Mix(end.Green), Mix(end.Blue));
    }

    static void DrawScale(SKCanvas canvas, float left, float top, float width)
    {
        using var paint = new SKPaint();
        const int steps = 60;
        for (int i = 0; i < steps; i++)
        {
            paint.Color = Diverging(-1 + 2.0 * (i + 0.5) / steps);
            canvas.DrawRect(SKRect.Create(left + i * width / steps, top, width / steps + 1, 12), paint);
        }
        foreach (var (value, label) in new[] { (-1.0, "-1"), (0.0, "0"), (1.0, "+1") })
            FigureCanvas.Text(canvas, label, left + (float)((value + 1) / 2 * width), top + 28, 12, SKTextAlign.Center);
        FigureCanvas.Text(canvas, "Spearman rho", left + width + 12, top + 11, 12, color: FigureCanvas.Faint);
    }
}
