using System.Globalization;

namespace Mnemo.Augmentations;

/// <summary>
/// Reads augmentations/&lt;paradigm&gt;.csv back into the parameters of the fixed evaluation views, exactly as
/// <see cref="AugmentationParams.AppendCsv"/> wrote them: the header, then for each augmentation m and view v
/// (m-major) one row per evaluation image in record order. Anything else is refused in one line naming the
/// file, the line and the field, since a view rebuilt from a misread row would silently be another view.
/// </summary>
public static class AugmentationCsv
{
    const int Fields = 15;

    /// <summary>[M][views]: the draws of view v of augmentation m for the K images named by <paramref name="evalIndices"/>.</summary>
    /// <param name="evalIndices">Training-split index of each evaluation image, in record order (study.json's eval_indices).</param>
    /// <param name="height">H of the source images: a crop box must overlap the image.</param>
    /// <param name="width">W of the source images.</param>
    /// <exception cref="MnemoException">The file is missing, unreadable or not exactly what the study wrote.</exception>
    public static AugmentationParams[][] Read(string path, IReadOnlyList<int> evalIndices, int augmentations, int views, int height, int width)
    {
        if (augmentations < 1 || views < 1 || evalIndices.Count < 1)
            throw new ArgumentException($"augmentation csv: M = {augmentations}, {views} views, K = {evalIndices.Count}");
        string[] lines;
        try { lines = File.ReadAllText(path).Split('\n'); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new MnemoException($"{path}: file not found"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnemoException($"{path}: cannot be read ({e.Message.ReplaceLineEndings(" ")})");
        }
        // The writer ends every row, the last included, with '\n'.
        int rows = lines.Length - 1;
        if (lines[^1].Length != 0)
            throw new MnemoException($"{path}: line {lines.Length}: the file does not end with a newline (truncated?)");
        if (lines[0] != AugmentationParams.CsvHeader)
            throw new MnemoException($"{path}: line 1: header '{Printable(lines[0])}', expected '{AugmentationParams.CsvHeader}'");
        int k = evalIndices.Count;
        long expected = (long)augmentations * views * k;
        if (rows - 1 != expected)
            throw new MnemoException($"{path}: {rows - 1} rows, expected M x views x K = {augmentations} x {views} x {k} = {expected}");

        var draws = new AugmentationParams[augmentations][];
        int line = 1;
        for (int m = 0; m < augmentations; m++)
        {
            draws[m] = new AugmentationParams[views];
            for (int v = 0; v < views; v++)
            {
                var p = draws[m][v] = new AugmentationParams(k, height, width);
                for (int i = 0; i < k; i++)
                    new Row(path, ++line, lines[line - 1]).Into(p, i, evalIndices[i], m, v, height, width);
            }
        }
        return draws;
    }

    readonly struct Row
    {
        readonly string path;
        readonly int line;
        readonly string[] fields;

        public Row(string path, int line, string text)
        {
            (this.path, this.line) = (path, line);
            fields = text.Split(',');
            if (fields.Length != Fields)
                throw Error($"{fields.Length} fields, expected {Fields} ({AugmentationParams.CsvHeader})");
        }

        public void Into(AugmentationParams p, int i, int image, int m, int v, int height, int width)
        {
            Expect(0, image, "image", "the evaluation image of this position in study.json's eval_indices");
            Expect(1, m, "augmentation", "rows go augmentation by augmentation");
            Expect(2, v, "view", "rows go view by view within an augmentation");
            p.Top[i] = Float(3, "top");
            p.Left[i] = Float(4, "left");
            p.CropHeight[i] = Float(5, "crop_height");
            p.CropWidth[i] = Float(6, "crop_width");
            if (!(p.CropHeight[i] > 0 && p.CropWidth[i] > 0))
                throw Error($"crop {p.CropHeight[i]} x {p.CropWidth[i]} is empty");
            if (p.Top[i] >= height || p.Left[i] >= width || p.Top[i] + p.CropHeight[i] <= 0 || p.Left[i] + p.CropWidth[i] <= 0)
                throw Error($"crop box at ({p.Top[i]}, {p.Left[i]}) of {p.CropHeight[i]} x {p.CropWidth[i]} misses the {height} x {width} image");
            p.Flip[i] = Bool(7, "flip");
            p.Jitter[i] = Bool(8, "jitter");
            p.Brightness[i] = Float(9, "brightness");
            p.Contrast[i] = Float(10, "contrast");
            p.Saturation[i] = Float(11, "saturation");
            p.Hue[i] = Float(12, "hue");
            if (p.Brightness[i] < 0 || p.Contrast[i] < 0 || p.Saturation[i] < 0)
                throw Error($"a negative jitter factor (brightness {p.Brightness[i]}, contrast {p.Contrast[i]}, saturation {p.Saturation[i]})");
            p.Grayscale[i] = Bool(13, "grayscale");
            p.BlurSigma[i] = Float(14, "blur_sigma");
            if (p.BlurSigma[i] < 0) throw Error($"blur_sigma {p.BlurSigma[i]} is negative");
        }

        void Expect(int field, int value, string name, string why)
        {
            if (!int.TryParse(fields[field], NumberStyles.None, CultureInfo.InvariantCulture, out int found))
                throw Error($"{name} '{Printable(fields[field])}' is not a whole number");
            if (found != value) throw Error($"{name} {found}, expected {value} ({why})");
        }

        float Float(int field, string name) =>
            float.TryParse(fields[field], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value)
                ? value : throw Error($"{name} '{Printable(fields[field])}' is not a finite number");

        bool Bool(int field, string name) => fields[field] switch
        {
            "0" => false,
            "1" => true,
            var other => throw Error($"{name} '{Printable(other)}' is neither 0 nor 1"),
        };

        MnemoException Error(string problem) => new($"{path}: line {line}: {problem}");
    }

    // File text in a one-line message: control characters (a stray '\r') shown as escapes, long fields cut.
    static string Printable(string text)
    {
        var shown = string.Concat(text.Take(80).Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
        return text.Length > 80 ? shown + "..." : shown;
    }
}
