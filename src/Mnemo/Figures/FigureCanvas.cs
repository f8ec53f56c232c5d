using Mnemo.Recording;
using ScottPlot;
using SkiaSharp;

namespace Mnemo.Figures;

/// <summary>
/// The one figure kit: every figure is drawn once onto an SKCanvas and that drawing is written twice, to a PNG
/// surface and to an SVG canvas (bitmaps inside it become embedded PNGs), so the two files cannot differ.
/// Text is set in one font family, ScottPlot panels included.
/// </summary>
internal static class FigureCanvas
{
    public static readonly SKColor Ink = new(0x22, 0x22, 0x22), Faint = new(0x66, 0x66, 0x66);

    /// <summary>DejaVu Sans, which Debian ships; ScottPlot's default family resolves to a serif face on a bare Linux.</summary>
    public static readonly string FontFamily = SKFontManager.Default.MatchFamily("DejaVu Sans") is { } face ? face.FamilyName : Fonts.Sans;

    /// <summary>Writes <paramref name="pngPath"/> and, unless null, <paramref name="svgPath"/>, each atomically.</summary>
    public static void Write(string pngPath, string? svgPath, int width, int height, Action<SKCanvas> draw)
    {
        // Each file is drawn in memory and then written: Skia writes an SVG through native code, which an
        // I/O error (a full disk) must not cross.
        using (var surface = SKSurface.Create(new SKImageInfo(width, height))
            ?? throw new MnemoException($"{pngPath}: could not create a {width}x{height} drawing surface"))
        {
            surface.Canvas.Clear(SKColors.White);
            draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            AtomicFile.WriteAllBytes(pngPath, png.ToArray());
        }
        if (svgPath is null) return;
        var svg = new MemoryStream();
        // The SVG is complete only once its canvas is disposed.
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), svg))
        {
            canvas.Clear(SKColors.White);
            draw(canvas);
        }
        AtomicFile.WriteAllBytes(svgPath, svg.ToArray());   // ToArray still works if Skia closed the stream
    }

    /// <summary>A ScottPlot panel in the cell at (left, top); ScottPlot clears the whole canvas before it draws,
    /// so the clip keeps it to its own cell.</summary>
    public static void DrawPlot(SKCanvas canvas, Plot plot, float left, float top, float width, float height)
    {
        canvas.Save();
        canvas.ClipRect(SKRect.Create(left, top, width, height));
        plot.Render(canvas, new PixelRect(left, left + width, top + height, top));
        canvas.Restore();
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

    /// <summary>An image [C, H, W] in [0, 1] as a bitmap enlarged <paramref name="scale"/> times; three channels in colour,
    /// any other number as grey (their mean). Enlarged by hand (nearest neighbour) rather than by the canvas, so that SVG
    /// viewers, which smooth embedded images, show the same squares.</summary>
    public static SKBitmap Tile(float[] image, int[] shape, int scale)
    {
        int channels = shape[0], h = shape[1], w = shape[2], plane = h * w;
        if (image.Length != channels * plane) throw new ArgumentException($"an image of {image.Length} values is not {channels}x{h}x{w}");
        var bitmap = new SKBitmap(w * scale, h * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var colour = channels == 3
                    ? new SKColor(Byte(image[y * w + x]), Byte(image[plane + y * w + x]), Byte(image[2 * plane + y * w + x]))
                    : Grey(Enumerable.Range(0, channels).Average(c => image[c * plane + y * w + x]));
                for (int dy = 0; dy < scale; dy++)
                    for (int dx = 0; dx < scale; dx++)
                        bitmap.SetPixel(x * scale + dx, y * scale + dy, colour);
            }
        return bitmap;
    }

    static SKColor Grey(double v) { byte b = Byte(v); return new SKColor(b, b, b); }

    /// <summary>A value in [0, 1] as a display byte, as every tile draws it.</summary>
    public static byte Byte(double v) => (byte)Math.Clamp(Math.Round(v * 255), 0, 255);

    static SKFont Font(float size, bool bold) =>
        new(SKTypeface.FromFamilyName(FontFamily, bold ? SKFontStyle.Bold : SKFontStyle.Normal), size);
}
