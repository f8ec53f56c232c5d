using System.Text;

namespace Mnemo.Data;

/// <summary>Images of one class in each split.</summary>
public sealed record ClassCount(int Label, string Name, int Train, int Test);

/// <summary>What a data set holds: split sizes, image shape and class balance.</summary>
public sealed record DataSummary(
    string Name, int TrainCount, int TestCount, int Channels, int Height, int Width, IReadOnlyList<ClassCount> Classes)
{
    /// <summary>The shape as C x H x W.</summary>
    public string Shape => $"{Channels}x{Height}x{Width}";

    /// <summary>A plain-text rendering: a header line, then one line per class.</summary>
    public string ToText()
    {
        int nameWidth = Math.Max("class".Length, Classes.Max(c => c.Name.Length));
        var text = new StringBuilder();
        text.AppendLine($"{Name}: {TrainCount} train, {TestCount} test, images {Shape}, {Classes.Count} classes");
        text.AppendLine($"  {"label",5}  {"class".PadRight(nameWidth)}  {"train",7}  {"test",7}");
        foreach (var c in Classes)
            text.AppendLine($"  {c.Label,5}  {c.Name.PadRight(nameWidth)}  {c.Train,7}  {c.Test,7}");
        return text.ToString();
    }
}

/// <summary>Summaries of loaded data sets, for the CLI's describe output.</summary>
public static class DataDescription
{
    /// <summary>Counts and shape of <paramref name="data"/>; classes in label order.</summary>
    public static DataSummary Describe(Dataset data)
    {
        int[] train = data.Train.ClassCounts(data.Classes);
        int[] test = data.Test.ClassCounts(data.Classes);
        var classes = data.ClassNames.Select((name, label) => new ClassCount(label, name, train[label], test[label])).ToList();
        return new DataSummary(data.Name, data.Train.Count, data.Test.Count,
            data.Train.Channels, data.Train.Height, data.Train.Width, classes);
    }
}
