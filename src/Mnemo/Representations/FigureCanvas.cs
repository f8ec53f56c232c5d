using Mnemo.Recording;
using SkiaSharp;

namespace Mnemo.Representations;

// The figures of this folder are drawn once onto an SKCanvas and that drawing is written twice: to a PNG
// surface and to an SVG canvas (bitmaps inside it become embedded PNGs), so the two files cannot differ.
internal static class FigureCanvas
{
    public static readonly SKColor Ink = new(0x22, 0x22, 0x22), Faint = new(0x66, 0x66, 0x66);

    public static void Write(string pngPath, string? svgPath, int width, int height, Action<SKCanvas> draw)
    {
        AtomicFile.Write(pngPath, stream =>
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height))
                ?? throw new MnemoException($"{pngPath}: could not create a {width}x{height} drawing surface");
            surface.Canvas.Clear(SKColors.White);
            draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(stream);
        });
        if (svgPath is null) return;
        AtomicFile.Write(svgPath, stream =>
        {
            // The SVG is complete only once its canvas is disposed.
            using var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), stream);
            canvas.Clear(SKColors.White);
            draw(canvas);
        });
    }

    public static void Text(SKCanvas canvas, string text, float x, float y, float size,
                            SKTextAlign align = SKTextAlign.Left, bool bold = false, SKColor? color = null)
    {
        using var font = Font(size, bold);
        using var paint = new SKPaint { Color = color ?? Ink, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    public static float Width(string text, float size, bool bold = false)
    {
        using var font = Font(size, bold);
        return font.MeasureText(text);
    }

    static SKFont Font(float size, bool bold) =>
        new(SKTypeface.FromFamilyName("DejaVu Sans", bold ? SKFontStyle.Bold : SKFontStyle.Normal), size);
}
