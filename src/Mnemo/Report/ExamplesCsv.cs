using System.Text;
using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>
/// examples.csv: one row per evaluation image, keyed by its index in the training split: its class,
/// and per paradigm p_t(x) at each threshold epoch (averaged variant; empty when the threshold is
/// never reached) and the first epoch at which p_t(x) >= 0.5 (empty if never); then, with the per-example
/// measures, <c>{paradigm}_{measure}_mean</c> and <c>_sd</c> (over networks) for each of
/// <see cref="ExampleMeasures.Names"/>, empty where undefined or not recorded.
/// </summary>
public static class ExamplesCsv
{
    public const double LearnedAt = 0.5;

    public static string Write(StudyAnalysis analysis, StudyDifficulty difficulty, string path)
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
            var measures = difficulty.Paradigms.TryGetValue(paradigm.Paradigm, out var d) ? d.Measures.Named : null;
            for (int m = 0; m < ExampleMeasures.Names.Count; m++)
            {
                var values = measures?[m].Values;
                header.AddRange([$"{paradigm.Paradigm}_{ExampleMeasures.Names[m]}_mean", $"{paradigm.Paradigm}_{ExampleMeasures.Names[m]}_sd"]);
                columns.Add(i => values is null ? "" : Defined(values.Mean[i]));
                columns.Add(i => values is null ? "" : Defined(values.Std[i]));
            }
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

    static string Defined(double value) => double.IsNaN(value) ? "" : MnemoFormat.Number(value);

    internal static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
