using System.Text.Json;
using System.Text.Json.Serialization;
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
}

/// <summary>
/// The files of a study. Layout:
/// <code>
/// study.json                              StudyManifest
/// random_labels.npy                       int32 [train images]: the study's one permutation of the labels
/// augmentations/&lt;paradigm&gt;.csv            parameters of the M fixed evaluation augmentations
/// runs/&lt;paradigm&gt;/seed-&lt;k&gt;/
///   recognition.npy                       uint8 [epochs+1, M, K]  (SimCLR: view 1 -> view 2)
///   recognition_reverse.npy               uint8 [epochs+1, M, K]  (SimCLR only: view 2 -> view 1)
///   margins.npy                           float16 [epochs+1, M, K]
///   log.csv                               per epoch: loss, accuracy, lr, seconds
///   model.bin                             final weights
///   run.json                              state of the run
///   checkpoint/                           resume point, rewritten after every epoch
/// report/                                 analysis output
/// </code>
/// Records of an unfinished run hold the epochs done so far (first dimension = epochs done + 1).
/// </summary>
public sealed class StudyFolder(string root)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
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
            return JsonSerializer.Deserialize<StudyManifest>(File.ReadAllText(ManifestPath), Json)
                ?? throw new MnemoException($"{ManifestPath}: empty");
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

/// <summary>Pending: never started. Running: a process holds it (or died holding it: see the lock). Stopped: saved its checkpoint on a signal.</summary>
public enum RunState { Pending, Running, Stopped, Done, Failed }

/// <summary>run.json: where a run stands, for `mnemo status` and for skipping finished runs.</summary>
public sealed record RunStatus
{
    public RunState State { get; init; }
    public int EpochsDone { get; init; }
    public int Epochs { get; init; }
    public double? LastLoss { get; init; }
    public double SecondsPerEpoch { get; init; }
    public string? Error { get; init; }
    public string? Host { get; init; }
    public DateTimeOffset Updated { get; init; } = DateTimeOffset.UtcNow;
}

public sealed class RunFolder(string dir, string paradigm, int seed)
{
    public string Dir { get; } = dir;
    public string Paradigm { get; } = paradigm;
    public int Seed { get; } = seed;
    public string RecognitionPath => Path.Combine(Dir, "recognition.npy");
    public string RecognitionReversePath => Path.Combine(Dir, "recognition_reverse.npy");
    public string MarginsPath => Path.Combine(Dir, "margins.npy");
    public string LogPath => Path.Combine(Dir, "log.csv");
    public string ModelPath => Path.Combine(Dir, "model.bin");
    public string StatusPath => Path.Combine(Dir, "run.json");
    public string CheckpointDir => Path.Combine(Dir, "checkpoint");
    public string Name => $"{Paradigm}/seed-{Seed}";

    public RunStatus? ReadStatus()
    {
        if (!File.Exists(StatusPath)) return null;
        try { return JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(StatusPath), StudyFolder.Json); }
        catch (JsonException) { return null; }
    }

    public void WriteStatus(RunStatus status) =>
        AtomicFile.WriteAllText(StatusPath, JsonSerializer.Serialize(status, StudyFolder.Json));

    public bool IsDone => ReadStatus()?.State == RunState.Done && File.Exists(RecognitionPath);
}
