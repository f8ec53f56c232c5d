using Mnemo.Recording;
using Mnemo.Study;

namespace Mnemo.Analysis;

/// <summary>
/// The saved records of a study, read once: every planned run's state, and per paradigm with at
/// least one run, the recognition bits (view 1 -> view 2 for SimCLR) summed over its runs.
/// </summary>
public sealed class StudyRecords
{
    StudyRecords(StudyFolder folder, StudyManifest manifest, IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<string, RecognitionCounts> paradigms,
                 IReadOnlyDictionary<string, IReadOnlyList<int>> seedsAnalysed) =>
        (Folder, Manifest, Runs, Paradigms, SeedsAnalysed) = (folder, manifest, runs, paradigms, seedsAnalysed);

    public StudyFolder Folder { get; }
    public StudyManifest Manifest { get; }
    public StudyConfig Config => Manifest.Config;
    /// <summary>Every run the config plans, with what it recorded.</summary>
    public IReadOnlyList<RunRecord> Runs { get; }
    /// <summary>Paradigms with at least one recorded run, in config order.</summary>
    public IReadOnlyDictionary<string, RecognitionCounts> Paradigms { get; }
    /// <summary>Per paradigm in <see cref="Paradigms"/>, the seeds of the runs summed into its counts.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> SeedsAnalysed { get; }

    /// <summary>Runs with no records or fewer epochs than planned (damaged runs are not among them).</summary>
    public IEnumerable<RunRecord> Incomplete => Runs.Where(r => !r.Complete && !r.Damaged);

    /// <summary>Runs left out because a file of theirs is missing, changed or holds impossible values.</summary>
    public IEnumerable<RunRecord> Damaged => Runs.Where(r => r.Damaged);

    /// <summary>Finished runs made before Mnemo wrote checksums: analysed, their values checked, their bytes unverifiable.</summary>
    public IEnumerable<RunRecord> Unverified => Runs.Where(r => r.Integrity == RunIntegrity.NoChecksums);

    /// <summary>
    /// Reads study.json and verifies every run (<see cref="StudyVerify.Run"/>): intact runs are analysed, each from a
    /// consistent snapshot of its records; damaged ones are named with the reason and left out. Throws
    /// MnemoException for a folder that is no study, or a study with no intact recorded run.
    /// </summary>
    public static StudyRecords Load(string studyDir, IProgress<string>? progress = null)
    {
        var folder = new StudyFolder(studyDir);
        var manifest = folder.ReadManifest();
        var config = manifest.Config;
        if (config.Augmentations < 1 || config.EvalSize < 1 || config.Models < 0)
            throw new MnemoException($"{folder.ManifestPath}: M = {config.Augmentations}, K = {config.EvalSize}, N = {config.Models} cannot be analysed");
        var runs = new List<RunRecord>();
        var paradigms = new Dictionary<string, RecognitionCounts>();
        var seedsAnalysed = new Dictionary<string, IReadOnlyList<int>>();
        foreach (string paradigm in config.Paradigms)
        {
            int planned = config.For(paradigm).Epochs;
            var recordedRuns = new List<(NdArray<byte> Bits, bool Complete, int Seed)>();
            for (int seed = 0; seed < config.Models; seed++)
            {
                var run = folder.Run(paradigm, seed);
                var status = run.ReadStatus();
                if (!Directory.Exists(run.Dir))
                {
                    runs.Add(new RunRecord(paradigm, seed, null, planned, status?.State, status?.Error));
                    continue;
                }
                progress?.Report($"reading and verifying {run.Name}");
                var check = StudyVerify.Run(run, config);
                if (check.IsDamaged)
                {
                    runs.Add(new RunRecord(paradigm, seed, null, planned, status?.State, status?.Error, check.Describe(), check.State));
                    continue;
                }
                int? recorded = check.Recognition is { } bits ? bits.Shape[0] - 1 : null;
                if (check.Recognition is { } b) recordedRuns.Add((b, recorded == planned, seed));
                runs.Add(new RunRecord(paradigm, seed, recorded, planned, status?.State, status?.Error, null, check.State));
            }
            // A paradigm is analysed over the epochs all its runs have, so one run that has just
            // started would cut the others short: while two or more runs are complete, only they count.
            var used = recordedRuns.Count(r => r.Complete) >= 2 ? recordedRuns.Where(r => r.Complete) : recordedRuns;
            var sum = new RecognitionSum(planned, config.Augmentations, config.EvalSize);
            foreach (var (bits, _, _) in used)
            {
                try { sum.Add(bits.Data, bits.Shape[0]); }
                catch (ArgumentException e) { throw new MnemoException($"{folder.Run(paradigm, 0).Dir}: {e.Message}", e); }
            }
            if (sum.ToCounts() is { } counts)
            {
                paradigms[paradigm] = counts;
                seedsAnalysed[paradigm] = used.Select(r => r.Seed).ToList();
            }
        }
        if (paradigms.Count == 0)
        {
            var damaged = runs.Where(r => r.Damaged).Select(r => r.Describe()).ToList();
            throw new MnemoException($"{folder.Root}: no run has recognition records yet (runs/<paradigm>/seed-<k>/recognition.npy)" +
                                     (damaged.Count > 0 ? $" that are intact; {string.Join("; ", damaged)}" : ""));
        }
        return new StudyRecords(folder, manifest, runs, paradigms, seedsAnalysed);
    }
}
