using Mnemo.Figures;
using SkiaSharp;
using Xunit;

namespace Mnemo.Tests.Figures;

public class FigureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Activation_images_are_drawn_enlarged_in_grey_or_colour(int channels)
    {
        using var scratch = new TempDir();
        string png = Path.Combine(scratch.Path, "fig7.png");
        // Left to right, 8 columns: grey ramp 0..7/8 (never the background's white), or red ramp, green falling, blue at half.
        float[] image = new float[channels * 8 * 8];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < 64; i++)
                image[c * 64 + i] = c switch { 0 => i % 8 / 8f, 1 => 1 - i % 8 / 8f, _ => 0.5f };
        var rows = Enumerable.Range(1, 2).Select(s => new ActivationRow($"stage {s}", "RF", [new[] { image, image }])).ToList();

        ActivationFigure.Write(png, Path.Combine(scratch.Path, "fig7.svg"), ["net"], rows, [channels, 8, 8], "title", "subtitle");

        using var bitmap = SKBitmap.Decode(png);
        var expected = Enumerable.Range(0, 8).Select(x => channels == 1
            ? new SKColor(Byte(x / 8f), Byte(x / 8f), Byte(x / 8f))
            : new SKColor(Byte(x / 8f), Byte(1 - x / 8f), 128)).ToArray();
        // 8-pixel images are enlarged to 72: each image pixel is a 9x9 square, so the 72 screen rows of
        // each of the two figure rows hold 8 runs of 9 equal pixels.
        int rowsShowingIt = Enumerable.Range(0, bitmap.Height).Count(y => ContainsRuns(bitmap, y, expected, 9));
        Assert.Equal(2 * 72, rowsShowingIt);
    }

    static byte Byte(float v) => (byte)Math.Round(v * 255);

    // Whether screen row y holds the colours in order, each repeated exactly `length` times.
    static bool ContainsRuns(SKBitmap bitmap, int y, SKColor[] colours, int length)
    {
        var runs = new List<(SKColor Colour, int Length)>();
        for (int x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            if (runs.Count > 0 && runs[^1].Colour == c) runs[^1] = (c, runs[^1].Length + 1);
            else runs.Add((c, 1));
        }
        for (int start = 0; start + colours.Length <= runs.Count; start++)
            if (Enumerable.Range(0, colours.Length).All(k => runs[start + k] == (colours[k], length))) return true;
        return false;
    }

    [Fact]
    public void Tsne_figure_has_a_panel_per_network()
    {
        using var scratch = new TempDir();
        string png = Path.Combine(scratch.Path, "fig6.png");
        var rng = new Random(1);
        int[] labels = Enumerable.Range(0, 50).Select(i => i % 3).ToArray();
        var panels = new[] { "a", "b", "c", "d" }.Select(name =>
            new TsnePanel(name, Enumerable.Range(0, 100).Select(_ => (float)rng.NextDouble()).ToArray())).ToList();

        TsneFigure.Write(png, null, panels, labels, ["x", "y", "z"], "title", "subtitle");

        using var bitmap = SKBitmap.Decode(png);
        // Three panels in the first row, one in the second.
        Assert.True(bitmap.Width > 3 * 400 && bitmap.Height > 2 * 400, $"{bitmap.Width}x{bitmap.Height}");
    }
}
