using System.Globalization;
using System.Text;
using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Augmentations;
using Mnemo.Recording;

namespace Mnemo.Report;

/// <summary>
/// pairs.csv: one row per paradigm and (image, augmentation) pair, paradigm by paradigm, augmentation-major as the
/// records: the image's training-split index and class, the augmentation m, the parameters of its view (SimCLR: both
/// views, v1 and v2; one-view paradigms leave v2 empty) as augmentations/&lt;paradigm&gt;.csv holds them, the pair's
/// learning speed (share of networks and epochs 1..T recognising it) and p~ at each threshold epoch (averaged
/// variant's epochs; empty when not reached). Parameters are empty when that file could not be read.
/// </summary>
public static class PairsCsv
{
    /// <summary>The per-view parameter columns, as augmentations/&lt;paradigm&gt;.csv names them.</summary>
    public static readonly string[] ParameterNames = AugmentationParams.CsvHeader.Split(',')[3..];

    public static string Write(StudyAnalysis analysis, StudyDifficulty difficulty, string path)
    {
        var manifest = analysis.Records.Manifest;
        var header = new List<string> { "paradigm", "index", "class", "augmentation" };
        foreach (string view in new[] { "v1", "v2" }) header.AddRange(ParameterNames.Select(n => $"{view}_{n}"));
        header.Add("learning_speed");
        header.AddRange(analysis.Thresholds.Select(p => $"p_at_{MnemoFormat.P(p)}"));

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', header));
        foreach (var paradigm in analysis.Paradigms.Values)
        {
            difficulty.Paradigms.TryGetValue(paradigm.Paradigm, out var d);
            var draws = d?.Pairs?.Draws;
            var atThresholds = paradigm.Averaged.Select(t => t.Reached is { } r ? PairDifficulty.Successes(paradigm.Counts, r.Epoch) : null).ToList();
            int k = paradigm.K;
            for (int m = 0; m < paradigm.M; m++)
                for (int i = 0; i < k; i++)
                {
                    int label = manifest.EvalLabels[i];
                    string name = label >= 0 && label < manifest.ClassNames.Length ? manifest.ClassNames[label] : label.ToString(CultureInfo.InvariantCulture);
                    csv.Append(paradigm.Paradigm).Append(',').Append(manifest.EvalIndices[i]).Append(',').Append(ExamplesCsv.Quote(name))
                       .Append(',').Append(m);
                    for (int v = 0; v < 2; v++)
                        AppendView(csv, draws is not null && v < draws[m].Length ? draws[m][v] : null, i);
                    csv.Append(',').Append(d is null ? "" : MnemoFormat.Number(d.PairSpeed[m * k + i]));
                    foreach (var y in atThresholds)
                        csv.Append(',').Append(y is null ? "" : MnemoFormat.Number(y[m * k + i] / (double)paradigm.N));
                    csv.AppendLine();
                }
        }
        AtomicFile.WriteAllText(path, csv.ToString());
        return path;
    }

    static void AppendView(StringBuilder csv, AugmentationParams? p, int i)
    {
        if (p is null)
        {
            csv.Append(',', ParameterNames.Length);
            return;
        }
        csv.Append(',');
        p.AppendFields(csv, i);
    }
}
