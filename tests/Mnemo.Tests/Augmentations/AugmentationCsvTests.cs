using System.Text;
using Mnemo.Augmentations;
using Mnemo.Paradigms;
using Xunit;

namespace Mnemo.Tests.Augmentations;

public class AugmentationCsvTests
{
    const int M = 3, Views = 2, K = 5, Size = 16;
    static readonly int[] Images = [40, 7, 19, 3, 88];

    // M x views SimCLR draws (every parameter varies) as the study writes them.
    static (AugmentationParams[][] Draws, string Csv) Written()
    {
        var augmentation = new Augmentation(AugmentationKind.Simclr, 3, Size, Size);
        var rng = new Random(5);
        var draws = Enumerable.Range(0, M).Select(_ => Enumerable.Range(0, Views).Select(_ => augmentation.Sample(K, rng)).ToArray()).ToArray();
        var csv = new StringBuilder(AugmentationParams.CsvHeader + "\n");
        for (int m = 0; m < M; m++)
            for (int v = 0; v < Views; v++) draws[m][v].AppendCsv(csv, Images, m, v);
        return (draws, csv.ToString());
    }

    static AugmentationParams[][] Read(TempDir dir, string text)
    {
        string path = dir.Combine("simclr.csv");
        File.WriteAllText(path, text);
        return AugmentationCsv.Read(path, Images, M, Views, Size, Size);
    }

    [Fact]
    public void Reads_back_exactly_the_parameters_that_were_written()
    {
        using var dir = new TempDir();
        var (draws, csv) = Written();
        var back = Read(dir, csv);
        for (int m = 0; m < M; m++)
            for (int v = 0; v < Views; v++)
            {
                var (a, b) = (draws[m][v], back[m][v]);
                Assert.Equal(a.Top, b.Top); Assert.Equal(a.Left, b.Left);
                Assert.Equal(a.CropHeight, b.CropHeight); Assert.Equal(a.CropWidth, b.CropWidth);
                Assert.Equal(a.Flip, b.Flip); Assert.Equal(a.Jitter, b.Jitter);
                // Bit for bit: the jitter factors were once written with 6 digits, which rebuilt slightly other views.
                Assert.Equal(a.Brightness, b.Brightness); Assert.Equal(a.Contrast, b.Contrast);
                Assert.Equal(a.Saturation, b.Saturation); Assert.Equal(a.Hue, b.Hue);
                Assert.Equal(a.Grayscale, b.Grayscale); Assert.Equal(a.BlurSigma, b.BlurSigma);
            }
        Assert.Contains(back.SelectMany(p => p).SelectMany(p => p.Brightness), f => f != 1f);
    }

    public static TheoryData<string, string, string> Damage => new()
    {
        // name, how the file is damaged (applied to the good text), what the message must say
        { "header", "replace:image,augmentation=>img,augmentation", "line 1: header 'img,augmentation" },
        { "fields", "line2:append:,9", "line 2: 16 fields, expected 15" },
        { "number", "line3:field3:1e", "line 3: top '1e' is not a finite number" },
        { "nan", "line3:field4:NaN", "line 3: left 'NaN' is not a finite number" },
        { "image", "line2:field0:41", "line 2: image 41, expected 40" },
        { "order", "line2:field1:1", "line 2: augmentation 1, expected 0" },
        { "flag", "line4:field7:2", "line 4: flip '2' is neither 0 nor 1" },
        { "empty crop", "line5:field6:0", " x 0 is empty" },
        { "outside", "line5:field3:40", "misses the 16 x 16 image" },
        { "carriage return", "replace:\n=>\r\n", "line 1: header" },
        { "truncated", "cut:7", "does not end with a newline" },
        { "a row short", "droplast", "29 rows, expected M x views x K = 3 x 2 x 5 = 30" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Refuses_damaged_files_in_one_line_naming_the_file_and_the_line(string name, string damage, string expected)
    {
        using var dir = new TempDir();
        string text = Apply(Written().Csv, damage);
        var e = Assert.Throws<MnemoException>(() => Read(dir, text));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.StartsWith(dir.Combine("simclr.csv") + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<MnemoException>(() => AugmentationCsv.Read(dir.Combine("none.csv"), Images, M, Views, Size, Size));
        Assert.Equal($"{dir.Combine("none.csv")}: file not found", e.Message);
    }

    static string Apply(string text, string damage)
    {
        var lines = text.Split('\n').ToList();
        if (damage.StartsWith("replace:"))
        {
            var parts = damage["replace:".Length..].Split("=>");
            return text.Replace(parts[0], parts[1]);
        }
        if (damage.StartsWith("cut:")) return text[..^int.Parse(damage["cut:".Length..])];
        if (damage == "droplast") { lines.RemoveAt(lines.Count - 2); return string.Join('\n', lines); }
        var spec = damage.Split(':');
        int line = int.Parse(spec[0]["line".Length..]) - 1;
        if (spec[1] == "append") lines[line] += spec[2];
        else
        {
            var fields = lines[line].Split(',');
            fields[int.Parse(spec[1]["field".Length..])] = spec[2];
            lines[line] = string.Join(',', fields);
        }
        return string.Join('\n', lines);
    }
}
