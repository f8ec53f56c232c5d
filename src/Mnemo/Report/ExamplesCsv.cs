using System.Text;
using Mnemo.Analysis;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>
/// examples.csv: one row per evaluation image, keyed by its index in the training split: its class,
/// and per paradigm p_t(x) at each threshold epoch (averaged variant; empty when the threshold is
/// never reached) and the first epoch at which p_t(x) >= 0.5 (empty if never).
/// </summary>
public static class ExamplesCsv
{
    public const double LearnedAt = 0.5;

    public static string Write(StudyAnalysis analysis, string path)
    {
        var manifest = analysis.Records.Manifest;
        int k = analysis.Records.Config.EvalSize;
        if (manifest.EvalIndices.Length != k || manifest.EvalLabels.Length != k)
            throw new MnemoException($"{analysis.Records.Folder.ManifestPath}: {manifest.EvalIndices.Length} evaluation indices and {manifest.EvalLabels.Length} labels for K = {k}");

        var header = new List<string> { "index", "class" };
        var columns = new List<Func<int, string>>();
        foreach (var paradigm in analysis.Paradigms.Values)
        {
            foreach (var threshold in paradigm.Averaged)
            {
                header.Add($"{paradigm.Paradigm}_p_at_{MnemoFormat.P(threshold.P)}");
                double[]? p = threshold.Reached is { } r ? paradigm.Counts.Probabilities(r.Epoch, ProfileVariant.Averaged) : null;
                columns.Add(i => p is null ? "" : MnemoFormat.Number(p[i]));
            }
            header.Add($"{paradigm.Paradigm}_first_epoch_p_ge_{MnemoFormat.P(LearnedAt)}");
            var first = ThresholdEpochs.FirstPerImage(paradigm.Counts, LearnedAt);
            columns.Add(i => first[i]?.ToString() ?? "");
        }

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', header));
        for (int i = 0; i < k; i++)
        {
            int label = manifest.EvalLabels[i];
            string name = label >= 0 && label < manifest.ClassNames.Length ? manifest.ClassNames[label] : label.ToString();
            csv.Append(manifest.EvalIndices[i]).Append(',').Append(Quote(name));
            foreach (var column in columns) csv.Append(',').Append(column(i));
            csv.AppendLine();
        }
        AtomicFile.WriteAllText(path, csv.ToString());
        return path;
    }

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
