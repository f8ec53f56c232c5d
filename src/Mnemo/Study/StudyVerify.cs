using Mnemo.Paradigms;
using Mnemo.Recording;

namespace Mnemo.Study;

/// <summary>What verifying a run found. Unfinished and Pending are no fault; MissingFile and Damaged are; NoChecksums:
/// a finished run made before Mnemo wrote checksums, whose values were checked but whose bytes cannot be.</summary>
public enum RunIntegrity { Intact, Unfinished, Pending, NoChecksums, MissingFile, Damaged }

/// <summary>
/// One run, verified: its state, what is wrong (each problem names its file) and, unless it is damaged, the
/// recognition bits of a consistent snapshot: the epochs its records all hold, read under one checksum list.
/// </summary>
public sealed record RunCheck(RunFolder Run, RunIntegrity State, int? EpochsRecorded, int EpochsPlanned, RunState? RunState,
                              IReadOnlyList<string> Problems, NdArray<byte>? Recognition)
{
    /// <summary>A file is missing, changed or holds impossible values: the run must not be analysed or resumed.</summary>
    public bool IsDamaged => State is RunIntegrity.MissingFile or RunIntegrity.Damaged;

    public string Describe() => State switch
    {
        RunIntegrity.Intact => $"{EpochsRecorded} epochs, every file matches its checksum",
        RunIntegrity.Pending => "not started",
        RunIntegrity.Unfinished => $"{(EpochsRecorded is int e ? $"{e} of {EpochsPlanned} epochs" : "no records yet")}" +
                                   $"{(RunState is { } s ? $" ({s.ToString().ToLowerInvariant()})" : "")}",
        RunIntegrity.NoChecksums => $"no {Checksums.FileName} (made before Mnemo wrote checksums): values checked, bytes unverifiable" +
                                    (Problems.Count > 0 ? "; " + string.Join("; ", Problems) : ""),
        _ => string.Join("; ", Problems),
    };
}

/// <summary>The study's own files (study.json, random_labels.npy, augmentations/*.csv) against the study's checksums.sha256.</summary>
public sealed record StudyFilesCheck(bool HasChecksums, IReadOnlyList<string> Problems)
{
    public bool IsDamaged => Problems.Count > 0;
}

/// <summary>
/// Checks a study's files against their SHA-256 (checksums.sha256 in each run folder and at the study's root, which
/// sha256sum -c also reads) and against what their values must satisfy: shapes [epochs + 1, M, K] as study.json says,
/// bits in {0, 1}, finite margins whose signs agree with the bits (a margin is positive only where the bit is 1).
/// </summary>
public static class StudyVerify
{
    const int SnapshotAttempts = 5;

    /// <summary>The record files of a run of <paramref name="paradigm"/>, in the order they are written.</summary>
    public static string[] RecordFiles(string paradigm) => Paradigm.Get(paradigm).Views == 2
        ? ["recognition.npy", "margins.npy", "recognition_reverse.npy", "margins_reverse.npy"]
        : ["recognition.npy", "margins.npy"];

    public const string LogFile = "log.csv", ModelFile = "model.bin";

    /// <summary>Verifies one run. A run being trained meanwhile is read again until its checksum list held still
    /// while its files were read, so a report made during training sees each run as one of its epochs left it.</summary>
    public static RunCheck Run(RunFolder run, StudyConfig config)
    {
        RunCheck? check = null;
        for (int attempt = 0; attempt < SnapshotAttempts; attempt++)
        {
            string? before = ListText(run.Dir);
            check = ReadOnce(run, config);
            if (ListText(run.Dir) == before) break;
        }
        return check!;
    }

    static string? ListText(string dir)
    {
        string path = Checksums.PathIn(dir);
        return File.Exists(path) ? StorageException.Guard(path, () => File.ReadAllText(path)) : null;
    }

    sealed record Record(string Name, string Hash, int[]? Shape, Array? Data, string? Error);

    static RunCheck ReadOnce(RunFolder run, StudyConfig config)
    {
        int planned = config.For(run.Paradigm).Epochs, m = config.Augmentations, k = config.EvalSize;
        var status = run.ReadStatus();
        bool done = status?.State == RunState.Done;
        var problems = new List<string>();
        var missing = new List<string>();
        var notes = new List<string>();
        Checksums? sums = null;
        try { sums = Checksums.Read(run.Dir); }
        catch (MnemoException e) when (e is not StorageException) { problems.Add(e.Message); }

        var records = new Dictionary<string, Record>();
        foreach (string name in RecordFiles(run.Paradigm))
        {
            string path = Path.Combine(run.Dir, name);
            if (File.Exists(path)) records[name] = ReadRecord(path, name.StartsWith("margins", StringComparison.Ordinal));
        }
        string logPath = run.LogPath, modelPath = run.ModelPath;
        byte[]? log = File.Exists(logPath) ? StorageException.Guard(logPath, () => File.ReadAllBytes(logPath)) : null;
        // log.csv: a header, then a line per epoch 0..t.
        int? logRows = log is null ? null : log.Count(b => b == (byte)'\n') - 1;
        string? modelHash = File.Exists(modelPath) ? Checksums.OfFile(modelPath) : null;
        if (records.Count == 0 && log is null && modelHash is null && sums is null)
            return new RunCheck(run, done ? RunIntegrity.MissingFile : RunIntegrity.Pending, null, planned, status?.State,
                done ? [$"{run.RecognitionPath}: missing (run.json says done)"] : [], null);

        // Against the checksums: a file may be newer than its entry only in a run still being trained.
        if (sums is not null)
        {
            var hashes = records.Values.Select(r => (r.Name, (string?)r.Hash, Rows: r.Shape is { Length: > 0 } s ? s[0] : (int?)null))
                .Append((LogFile, log is null ? null : Checksums.Of(log), logRows))
                .Append((ModelFile, modelHash, null));
            var expected = done ? RecordFiles(run.Paradigm).Append(LogFile).Append(ModelFile).ToHashSet() : [];
            foreach (var (name, hash, fileRows) in hashes)
            {
                bool listed = sums.Files.TryGetValue(name, out var want);
                if (hash is null)
                {
                    if (listed || expected.Contains(name)) missing.Add($"{Path.Combine(run.Dir, name)}: missing");
                    continue;
                }
                if (done ? hash == want : sums.Accepts(name, hash, fileRows)) continue;
                problems.Add(listed
                    ? $"{Path.Combine(run.Dir, name)}: sha256 expected {want} ({Checksums.FileName}), found {hash}"
                    : $"{Path.Combine(run.Dir, name)}: not in {Checksums.FileName} although the run is done");
            }
        }
        else if (done)
        {
            // Unverifiable, so not a fault either: said, not counted.
            foreach (var name in RecordFiles(run.Paradigm).Append(LogFile).Append(ModelFile).Where(n => !File.Exists(Path.Combine(run.Dir, n))))
                notes.Add($"no {name}");
        }

        // Against what the values must be.
        foreach (var r in records.Values)
        {
            string path = Path.Combine(run.Dir, r.Name);
            if (r.Error is not null) { problems.Add($"{path}: unreadable ({r.Error})"); continue; }
            var s = r.Shape!;
            if (s.Length != 3 || s[1] != m || s[2] != k || s[0] < 1 || s[0] > planned + 1 || (done && s[0] != planned + 1))
                problems.Add($"{path}: shape ({string.Join(", ", s)}), expected ({(done ? $"{planned + 1}" : $"epochs + 1 <= {planned + 1}")}, M = {m}, K = {k})");
            else if (r.Data is byte[] bits && Array.FindIndex(bits, b => b > 1) is int at and >= 0)
                problems.Add($"{path}: value {bits[at]} at {Index(at, m, k)}; recognition bits are 0 or 1");
            else if (r.Data is Half[] margins && Array.FindIndex(margins, h => !Half.IsFinite(h)) is int bad and >= 0)
                problems.Add($"{path}: {margins[bad]} at {Index(bad, m, k)}; margins are finite");
        }
        if (problems.Count == 0)
        {
            SignsAgree(records, "recognition.npy", "margins.npy", m, k, run.Dir, problems);
            SignsAgree(records, "recognition_reverse.npy", "margins_reverse.npy", m, k, run.Dir, problems);
        }
        if (done && logRows is int logged && logged != planned + 1)
            problems.Add($"{logPath}: {logged} epochs logged, expected {planned + 1} (0..{planned})");

        // The snapshot: the epochs every record of the run holds.
        int? rowsHeld = records.Values.Count == 0 || records.Values.Any(r => r.Shape is null) ? null : records.Values.Min(r => r.Shape![0]);
        NdArray<byte>? recognition = null;
        if (problems.Count == 0 && missing.Count == 0 && records.TryGetValue("recognition.npy", out var rec) && rowsHeld is int rows)
            recognition = new NdArray<byte>([rows, m, k], ((byte[])rec.Data!)[..(rows * m * k)]);

        var state = problems.Count > 0 ? RunIntegrity.Damaged
            : missing.Count > 0 ? RunIntegrity.MissingFile
            : !done ? RunIntegrity.Unfinished
            : sums is null ? RunIntegrity.NoChecksums
            : RunIntegrity.Intact;
        return new RunCheck(run, state, rowsHeld - 1, planned, status?.State, [.. problems, .. missing, .. notes], state is RunIntegrity.Damaged or RunIntegrity.MissingFile ? null : recognition);
    }

    static Record ReadRecord(string path, bool margins)
    {
        byte[] bytes = StorageException.Guard(path, () => File.ReadAllBytes(path));
        string name = Path.GetFileName(path), hash = Checksums.Of(bytes);
        // Whatever the parser throws on these bytes, the file is damaged, not the program.
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            if (margins)
            {
                var h = Npy.Read<Half>(stream, path);
                return new Record(name, hash, h.Shape, h.Data, null);
            }
            var b = Npy.Read<byte>(stream, path);
            return new Record(name, hash, b.Shape, b.Data, null);
        }
        catch (Exception e) { return new Record(name, hash, null, null, e.Message); }
    }

    // A margin is the right logit minus the best other, so it is positive only where the bit is 1 and negative only
    // where it is 0 (a tie gives 0 and either bit). Over the epochs both records hold.
    static void SignsAgree(Dictionary<string, Record> records, string bitsFile, string marginsFile, int m, int k, string dir, List<string> problems)
    {
        if (!records.TryGetValue(bitsFile, out var b) || !records.TryGetValue(marginsFile, out var g)) return;
        var bits = (byte[])b.Data!;
        var margins = (Half[])g.Data!;
        int n = Math.Min(bits.Length, margins.Length);
        for (int i = 0; i < n; i++)
        {
            if (bits[i] == 1 ? margins[i] >= Half.Zero : margins[i] <= Half.Zero) continue;
            problems.Add($"{Path.Combine(dir, marginsFile)}: margin {margins[i]} at {Index(i, m, k)} disagrees with bit {bits[i]} of {bitsFile}");
            return;
        }
    }

    static string Index(int flat, int m, int k) => $"[epoch {flat / (m * k)}, augmentation {flat / k % m}, image {flat % k}]";

    /// <summary>Writes the study's checksums.sha256 over its own files (at creation, after they are all written).</summary>
    public static void SealStudyFiles(StudyFolder folder, StudyConfig config) =>
        Checksums.Record(folder.Root, StudyFiles(folder, config));

    static IEnumerable<string> StudyFiles(StudyFolder folder, StudyConfig config) =>
        new[] { folder.ManifestPath, folder.RandomLabelsPath }.Concat(config.Paradigms.Select(folder.AugmentationsPath));

    /// <summary>The study's own files against its checksums.sha256 (when it has one) and what their values must be.</summary>
    public static StudyFilesCheck StudyFilesOf(StudyFolder folder, StudyManifest manifest)
    {
        var config = manifest.Config;
        var problems = new List<string>();
        Checksums? sums = null;
        try { sums = Checksums.Read(folder.Root); }
        catch (MnemoException e) when (e is not StorageException) { problems.Add(e.Message); }
        foreach (string path in StudyFiles(folder, config))
        {
            string name = Path.GetRelativePath(folder.Root, path).Replace('\\', '/');
            if (!File.Exists(path)) { problems.Add($"{path}: missing"); continue; }
            if (sums is null) continue;
            string hash = Checksums.OfFile(path);
            if (!sums.Files.TryGetValue(name, out var want)) problems.Add($"{path}: not in {Checksums.PathIn(folder.Root)}");
            else if (hash != want) problems.Add($"{path}: sha256 expected {want} ({Checksums.FileName}), found {hash}");
        }
        if (File.Exists(folder.RandomLabelsPath))
        {
            try
            {
                var labels = Npy.Read<int>(folder.RandomLabelsPath);
                int classes = manifest.ClassNames.Length;
                if (labels.Shape.Length != 1 || (manifest.TrainIndices is { } train && labels.Length != train.Length))
                    problems.Add($"{folder.RandomLabelsPath}: shape ({string.Join(", ", labels.Shape)}), expected one label per training image");
                else if (Array.FindIndex(labels.Data, l => l < 0 || l >= classes) is int at and >= 0)
                    problems.Add($"{folder.RandomLabelsPath}: label {labels.Data[at]} at {at}, expected 0..{classes - 1}");
            }
            catch (Exception e) when (!StorageException.IsStorage(e)) { problems.Add($"{folder.RandomLabelsPath}: unreadable ({e.Message})"); }
        }
        foreach (string paradigm in config.Paradigms)
        {
            string path = folder.AugmentationsPath(paradigm);
            if (!File.Exists(path)) continue;
            // One row per evaluation image, augmentation and view, after the header.
            int expected = 1 + config.EvalSize * config.Augmentations * Paradigm.Get(paradigm).Views;
            int lines = StorageException.Guard(path, () => File.ReadLines(path).Count());
            if (lines != expected) problems.Add($"{path}: {lines} lines, expected {expected} (a header and one row per image, augmentation and view)");
        }
        return new StudyFilesCheck(sums is not null, problems);
    }
}
