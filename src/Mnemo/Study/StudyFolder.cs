using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemo.Augmentations;
using Mnemo.Recording;

namespace Mnemo.Study;

/// <summary>What a study folder's study.json holds: the resolved config and what it was run on.</summary>
public sealed record StudyManifest
{
    public required StudyConfig Config { get; init; }
    public required string DatasetName { get; init; }
    public required string DatasetFingerprint { get; init; }
    public required string[] ClassNames { get; init; }
    /// <summary>[Channels, Height, Width] of every image.</summary>
    public required int[] ImageShape { get; init; }
    /// <summary>Indices into the data set's training split of the images the networks train on (null: all of them).</summary>
    public int[]? TrainIndices { get; init; }
    /// <summary>X: indices into the data set's training split of the K evaluation images, in record order.</summary>
    public required int[] EvalIndices { get; init; }
    /// <summary>True class of each evaluation image, in record order.</summary>
    public required int[] EvalLabels { get; init; }
    /// <summary>Per-channel mean and std used by the paradigms that normalise.</summary>
    public required float[] NormalizeMean { get; init; }
    public required float[] NormalizeStd { get; init; }
    public string MnemoVersion { get; init; } = typeof(StudyManifest).Assembly.GetName().Version?.ToString() ?? "";
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    [JsonIgnore] public Normalization Normalization => new(NormalizeMean, NormalizeStd);

    /// <summary>Position in the study's training set (the subset it trains on) of each evaluation image.</summary>
    public int[] EvalPositions()
    {
        if (TrainIndices is null) return EvalIndices;
        var position = new Dictionary<int, int>();
        for (int i = 0; i < TrainIndices.Length; i++) position[TrainIndices[i]] = i;
        return EvalIndices.Select(i => position[i]).ToArray();
    }
}

/// <summary>
/// The files of a study. Layout:
/// <code>
/// study.json                              StudyManifest
/// random_labels.npy                       int32 [train images]: the study's one permutation of the labels
/// augmentations/&lt;paradigm&gt;.csv            parameters of the M fixed evaluation augmentations
/// runs/&lt;paradigm&gt;/seed-&lt;k&gt;/               a RunFolder: records, model, log, state (see there)
/// report/                                 the analysis (mnemo report)
/// report-epoch-&lt;t&gt;/                       the same with figures 6-7 and the probe of the snapshots after epoch t (--models-at t)
/// slurm/                                  job scripts, task lists and logs (mnemo slurm)
/// </code>
/// </summary>
public sealed class StudyFolder(string root)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Enums as words (sgd, crop-flip, running), never as numbers.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public string Root { get; } = Path.GetFullPath(root);
    public string ManifestPath => Path.Combine(Root, "study.json");
    public string RandomLabelsPath => Path.Combine(Root, "random_labels.npy");
    public string ReportDir => Path.Combine(Root, "report");
    public string AugmentationsPath(string paradigm) => Path.Combine(Root, "augmentations", $"{paradigm}.csv");
    public RunFolder Run(string paradigm, int seed) => new(Path.Combine(Root, "runs", paradigm, $"seed-{seed}"), paradigm, seed);

    public bool Exists => File.Exists(ManifestPath);

    public StudyManifest ReadManifest()
    {
        if (!Directory.Exists(Root))
            throw new MnemoException($"{Root}: no such study folder");
        if (!File.Exists(ManifestPath))
            throw new MnemoException($"{Root}: not a study folder (no study.json)");
        try
        {
            var manifest = JsonSerializer.Deserialize<StudyManifest>(File.ReadAllText(ManifestPath), Json)
                ?? throw new MnemoException($"{ManifestPath}: empty");
            return manifest with { Config = manifest.Config.Upgraded() };
        }
        catch (JsonException e)
        {
            throw new MnemoException($"{ManifestPath}: not a valid study manifest ({e.Message})");
        }
    }

    public void WriteManifest(StudyManifest manifest) =>
        AtomicFile.WriteAllText(ManifestPath, JsonSerializer.Serialize(manifest, Json));

    /// <summary>Every run the config asks for, paradigm by paradigm.</summary>
    public IEnumerable<RunFolder> Runs(StudyConfig config) =>
        config.Paradigms.SelectMany(p => Enumerable.Range(0, config.Models).Select(k => Run(p, k)));
}
