using System.Globalization;
using System.Text;
using Mnemo.Paradigms;
using Mnemo.Study;

namespace Mnemo.Recording;

/// <summary>One row of log.csv. Epoch 0 (the initialisation) has no training, so no loss or accuracy.</summary>
public sealed record EpochLog(int Epoch, double? Loss, double? Accuracy, double LearningRate, double Seconds, double MeanRecognition);

/// <summary>
/// The per-epoch records of one run, kept in memory and rewritten whole after each epoch (a few MB
/// at most), each file atomically. A record holds epochs 0..t where t is the last epoch done.
/// </summary>
public sealed class RunRecords(RunFolder run, int augmentations, int evalSize, bool hasReverse)
{
    readonly List<RecognitionRecord> rows = [];
    readonly List<EpochLog> log = [];
    int Cells => augmentations * evalSize;
    // A run recorded before confidence.npy existed cannot have it for its past epochs (those networks are
    // gone), and a record that starts midway would not line up with the others: resumed, it keeps recording
    // without confidence, and the report names it.
    bool recordsConfidence = true;

    /// <summary>Whether confidence.npy (and, for SimCLR, confidence_reverse.npy) is written.</summary>
    public bool RecordsConfidence => recordsConfidence;

    public int EpochsRecorded => rows.Count - 1;
    public IReadOnlyList<EpochLog> Log => log;

    public void Add(RecognitionRecord record, EpochLog entry)
    {
        if (record.Bits.Length != Cells)
            throw new InvalidOperationException($"recognition has {record.Bits.Length} cells, expected M*K = {Cells}");
        if (record.Confidences?.Length != Cells || (hasReverse && record.ReverseConfidences?.Length != Cells))
            recordsConfidence = false;
        rows.Add(record);
        // The mean of this epoch's bits is this run's share of p_t: logged to watch a run progress.
        log.Add(entry with { MeanRecognition = record.Bits.Sum(b => (double)b) / Cells });
    }

    /// <summary>This run's p_t(x) for each of the K evaluation images after epoch <paramref name="epoch"/>: its bits averaged over the M views.</summary>
    public float[] ImageRecognition(int epoch)
    {
        var bits = rows[epoch].Bits;   // [M, K]
        var p = new float[evalSize];
        for (int m = 0; m < augmentations; m++)
            for (int x = 0; x < evalSize; x++) p[x] += bits[m * evalSize + x];
        for (int x = 0; x < evalSize; x++) p[x] /= augmentations;
        return p;
    }

    public void Save()
    {
        int[] shape = [rows.Count, augmentations, evalSize];
        Npy.Write<byte>(run.RecognitionPath, shape, Concat(r => r.Bits));
        Npy.Write<Half>(run.MarginsPath, shape, Concat(r => r.Margins));
        if (hasReverse)
        {
            Npy.Write<byte>(run.RecognitionReversePath, shape, Concat(r => r.ReverseBits!));
            Npy.Write<Half>(run.MarginsReversePath, shape, Concat(r => r.ReverseMargins!));
        }
        if (recordsConfidence)
        {
            Npy.Write<Half>(run.ConfidencePath, shape, Concat(r => r.Confidences!));
            if (hasReverse) Npy.Write<Half>(run.ConfidenceReversePath, shape, Concat(r => r.ReverseConfidences!));
        }
        AtomicFile.WriteAllText(run.LogPath, LogCsv());
        // After the files it covers: a process killed in between leaves records newer than their checksums
        // (more epochs than the list says), which verify calls unfinished and resume rewrites.
        Checksums.Record(run.Dir, Files, EpochsRecorded);
    }

    IEnumerable<string> Files =>
    [
        run.RecognitionPath, run.MarginsPath,
        .. hasReverse ? new[] { run.RecognitionReversePath, run.MarginsReversePath } : [],
        .. recordsConfidence ? [run.ConfidencePath, .. hasReverse ? new[] { run.ConfidenceReversePath } : []] : Array.Empty<string>(),
        run.LogPath,
    ];

    T[] Concat<T>(Func<RecognitionRecord, T[]> field)
    {
        var all = new T[rows.Count * Cells];
        for (int t = 0; t < rows.Count; t++) field(rows[t]).CopyTo(all, t * Cells);
        return all;
    }

    string LogCsv()
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("epoch,loss,accuracy,lr,seconds,mean_recognition\n");
        foreach (var e in log)
            csv.Append(c, $"{e.Epoch},{e.Loss:G6},{e.Accuracy:G6},{e.LearningRate:G6},{e.Seconds:F2},{e.MeanRecognition:G6}\n");
        return csv.ToString();
    }

    /// <summary>Reloads epochs 0..<paramref name="epochsDone"/> of a run being resumed; later rows (written
    /// before a crash that came ahead of their checkpoint) are dropped and will be recomputed. A run without
    /// confidence.npy goes on without it (see <see cref="RecordsConfidence"/>).</summary>
    /// <exception cref="MnemoException">A record differs from its checksum (damaged: it is not carried on).</exception>
    public void Load(int epochsDone)
    {
        var sums = Checksums.Read(run.Dir);
        var bits = Read<byte>(run.RecognitionPath, sums);
        var margins = Read<Half>(run.MarginsPath, sums);
        var reverse = hasReverse ? Read<byte>(run.RecognitionReversePath, sums) : null;
        var reverseMargins = hasReverse ? Read<Half>(run.MarginsReversePath, sums) : null;
        if (bits.Shape[0] < epochsDone + 1 || bits.Shape[1] != augmentations || bits.Shape[2] != evalSize)
            throw new MnemoException($"{run.RecognitionPath}: shape ({string.Join(", ", bits.Shape)}) does not match the checkpoint (epoch {epochsDone})");
        recordsConfidence = File.Exists(run.ConfidencePath) && (!hasReverse || File.Exists(run.ConfidenceReversePath));
        var confidences = recordsConfidence ? ReadConfidence(run.ConfidencePath, epochsDone, sums) : null;
        var reverseConfidences = recordsConfidence && hasReverse ? ReadConfidence(run.ConfidenceReversePath, epochsDone, sums) : null;
        byte[] logBytes = StorageException.Guard(run.LogPath, () => File.ReadAllBytes(run.LogPath));
        var logLines = Encoding.UTF8.GetString(logBytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Check(run.LogPath, logBytes, logLines.Length - 1, sums);
        logLines = logLines.Skip(1).Take(epochsDone + 1).ToArray();
        rows.Clear(); log.Clear();
        for (int t = 0; t <= epochsDone; t++)
        {
            Range r = (t * Cells)..((t + 1) * Cells);
            rows.Add(new RecognitionRecord(bits.Data[r], margins.Data[r], reverse?.Data[r], reverseMargins?.Data[r],
                                           confidences?.Data[r], reverseConfidences?.Data[r]));
            log.Add(ParseLog(logLines[t]));
        }
    }

    NdArray<T> Read<T>(string path, Checksums? sums) where T : unmanaged
    {
        if (!File.Exists(path)) throw new MnemoException($"{path}: file not found");
        byte[] bytes = StorageException.Guard(path, () => File.ReadAllBytes(path));
        var array = Npy.Read<T>(new MemoryStream(bytes, writable: false), path);
        Check(path, bytes, array.Shape.Length > 0 ? array.Shape[0] : null, sums);
        return array;
    }

    // What resume carries on must be what was written: a record changed on disk would be sealed by the next checksums.
    void Check(string path, byte[] bytes, int? rows, Checksums? sums)
    {
        string name = Path.GetFileName(path), hash = Checksums.Of(bytes);
        if (sums is null || sums.Accepts(name, hash, rows)) return;
        throw new MnemoException($"{path}: damaged (sha256 expected {sums.Files[name]} in {Checksums.FileName}, found {hash}); " +
                                 $"`mnemo run --retrain-damaged` deletes {run.Name} and trains it again");
    }

    NdArray<Half> ReadConfidence(string path, int epochsDone, Checksums? sums)
    {
        var confidences = Read<Half>(path, sums);
        if (confidences.Shape.Length != 3 || confidences.Shape[0] < epochsDone + 1 || confidences.Shape[1] != augmentations || confidences.Shape[2] != evalSize)
            throw new MnemoException($"{path}: shape ({string.Join(", ", confidences.Shape)}) does not match the checkpoint (epoch {epochsDone})");
        return confidences;
    }

    static EpochLog ParseLog(string line)
    {
        var f = line.Split(',');
        double? Opt(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);
        return new EpochLog(int.Parse(f[0], CultureInfo.InvariantCulture), Opt(f[1]), Opt(f[2]),
            double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture),
            double.Parse(f[5], CultureInfo.InvariantCulture));
    }
}
