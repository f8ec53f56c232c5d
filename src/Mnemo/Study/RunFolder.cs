using System.Text.Json;
using Mnemo.Recording;

namespace Mnemo.Study;

/// <summary>Pending: never started. Running: a process holds it (or died holding it: see the lock). Stopped: saved its checkpoint on a signal.</summary>
public enum RunState { Pending, Running, Stopped, Done, Failed }

/// <summary>run.json: where a run stands, for `mnemo status` and for skipping finished runs.</summary>
public sealed record RunStatus
{
    public RunState State { get; init; }
    public int EpochsDone { get; init; }
    public int Epochs { get; init; }
    public double? LastLoss { get; init; }
    /// <summary>Mean wall seconds of the epochs done: training and that epoch's recognition.</summary>
    public double SecondsPerEpoch { get; init; }
    public string? Error { get; init; }
    public string? Host { get; init; }
    public DateTimeOffset Updated { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// The folder of one run (paradigm, seed k). Layout:
/// <code>
/// recognition.npy            uint8 [epochs+1, M, K]: 1 when the network recognised view m of image k after epoch t (SimCLR: view 1 -> view 2)
/// recognition_reverse.npy    SimCLR only: view 2 -> view 1
/// margins.npy                float16 [epochs+1, M, K]: the right logit minus the best other (SimCLR: cosine / tau)
/// margins_reverse.npy        SimCLR only: the margins of view 2 -> view 1
/// confidence.npy             float16 [epochs+1, M, K]: softmax probability of the right class (of logits / tau; SimCLR: of
///                            view 2 among the 2B - 1 candidates); absent in runs recorded before Mnemo wrote it
/// confidence_reverse.npy     SimCLR only: the confidence of view 2 -> view 1
/// log.csv                    per epoch: loss, accuracy (SimCLR: top-1 pair retrieval), lr, seconds, mean recognition
/// model.bin                  final weights (TorchSharp format), once the run is done
/// model.safetensors          the same weights as safetensors, with PyTorch's state-dict names (python/mnemo.py loads them)
/// models/epoch-&lt;t&gt;.safetensors  with --keep-models E: the network after epoch t, for t = 0, E, 2E, ...
/// events.out.tfevents.*      TensorBoard's event file: per epoch loss, accuracy, lr, mean recognition, histogram of p_t(x)
/// run.json                   RunStatus
/// checksums.sha256           SHA-256 of the records, log.csv and model.bin (sha256sum's format), written after them
/// lock                       the process training the run, and its heartbeat (RunLock)
/// checkpoint/                resume point, rewritten after every epoch and on a stop; removed when done
/// train.log                  the output of its `mnemo train` process, when `mnemo run --jobs` started one
/// </code>
/// Records of an unfinished run hold the epochs done so far (first dimension = epochs done + 1).
/// </summary>
public sealed class RunFolder(string dir, string paradigm, int seed)
{
    public string Dir { get; } = dir;
    public string Paradigm { get; } = paradigm;
    public int Seed { get; } = seed;
    public string RecognitionPath => Path.Combine(Dir, "recognition.npy");
    public string RecognitionReversePath => Path.Combine(Dir, "recognition_reverse.npy");
    public string MarginsPath => Path.Combine(Dir, "margins.npy");
    public string MarginsReversePath => Path.Combine(Dir, "margins_reverse.npy");
    public string ConfidencePath => Path.Combine(Dir, "confidence.npy");
    public string ConfidenceReversePath => Path.Combine(Dir, "confidence_reverse.npy");
    public string LogPath => Path.Combine(Dir, "log.csv");
    public string ModelPath => Path.Combine(Dir, "model.bin");
    public string SafetensorsPath => Path.Combine(Dir, "model.safetensors");
    public string SnapshotsDir => Path.Combine(Dir, "models");
    public string SnapshotPath(int epoch) => Path.Combine(SnapshotsDir, $"epoch-{epoch}.safetensors");
    public string StatusPath => Path.Combine(Dir, "run.json");
    public string LockPath => Path.Combine(Dir, "lock");
    public string CheckpointDir => Path.Combine(Dir, "checkpoint");
    public string TrainLogPath => Path.Combine(Dir, "train.log");
    public string Name => $"{Paradigm}/seed-{Seed}";

    public RunStatus? ReadStatus()
    {
        if (!File.Exists(StatusPath)) return null;
        try { return JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(StatusPath), StudyFolder.Json); }
        catch (JsonException) { return null; }
    }

    /// <param name="afterError">Recording why a run stopped: when the file system refuses the new file (a full disk),
    /// run.json is overwritten in place, which needs no new space, and failing that left as it was; the error being
    /// recorded is the one to report.</param>
    public void WriteStatus(RunStatus status, bool afterError = false)
    {
        string json = JsonSerializer.Serialize(status, StudyFolder.Json);
        try { AtomicFile.WriteAllText(StatusPath, json); }
        catch (StorageException) when (afterError)
        {
            try
            {
                using var file = new FileStream(StatusPath, FileMode.OpenOrCreate, FileAccess.Write);
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(json);
                file.Write(bytes);
                file.SetLength(bytes.Length);
            }
            catch (Exception e) when (StorageException.IsStorage(e)) { }
        }
    }

    /// <summary>Temporary files of writers killed mid-write; only the holder of the run's lock may call this.</summary>
    public void RemoveLeftovers()
    {
        AtomicFile.RemoveLeftovers(Dir, anyOwner: true);
        AtomicFile.RemoveLeftovers(CheckpointDir, anyOwner: true);
    }

    public bool IsDone => ReadStatus()?.State == RunState.Done && File.Exists(RecognitionPath);
}
