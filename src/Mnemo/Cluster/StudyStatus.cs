using Mnemo.Study;
using Mnemo.Training;

namespace Mnemo.Cluster;

/// <summary>What `mnemo status` shows of a run; Stale: run.json says running but no live process holds its lock.</summary>
public enum RunView { Pending, Running, Stale, Stopped, Done, Failed }

/// <summary>One run as its folder tells it; Note carries a failed run's error or a stale lock's owner.</summary>
public sealed record RunRow(
    string Paradigm, int Seed, RunView State, int EpochsDone, int Epochs,
    double? LastLoss, double? SecondsPerEpoch, string? Host, DateTimeOffset? Updated, string? Note)
{
    public string Name => $"{Paradigm}/seed-{Seed}";
    public int RemainingEpochs => State == RunView.Done ? 0 : Math.Max(0, Epochs - EpochsDone);
}

/// <summary>Remaining work of one paradigm: epochs left over its runs, at the mean seconds per epoch its runs logged.</summary>
public sealed record ParadigmRemaining(string Paradigm, int RemainingEpochs, double? SecondsPerEpoch)
{
    /// <summary>Seconds of one process's work left; null when no run of this paradigm has timed an epoch yet.</summary>
    public double? Seconds => RemainingEpochs == 0 ? 0 : SecondsPerEpoch * RemainingEpochs;
}

/// <summary>
/// Where a study stands, read from its folder only (run.json and the lock of each run), for `mnemo status`.
/// ETA rule: the sum over paradigms of (epochs left x that paradigm's mean logged seconds per epoch),
/// divided by the number of runs running now (1 when none is). Logged seconds are an epoch's training and
/// its recognition; start-up and waiting in a queue are not counted.
/// </summary>
public sealed record StudyStatus(string Root, string Preset, IReadOnlyList<RunRow> Runs, IReadOnlyList<ParadigmRemaining> Remaining)
{
    public const string EtaRule =
        "ETA = sum over paradigms of (epochs left x that paradigm's mean seconds per epoch) / runs running now (1 if none); " +
        "seconds per epoch are as logged: training and that epoch's recognition (start-up and queueing not counted)";

    public int Count(RunView state) => Runs.Count(r => r.State == state);
    public int RemainingEpochs => Remaining.Sum(p => p.RemainingEpochs);
    /// <summary>Runs training at this moment: the divisor of the ETA.</summary>
    public int Parallel => Math.Max(1, Count(RunView.Running));
    /// <summary>Paradigms with work left and no timed epoch yet: the ETA leaves them out (it is then a lower bound).</summary>
    public IReadOnlyList<string> Untimed => Remaining.Where(p => p.Seconds is null).Select(p => p.Paradigm).ToList();
    public double EtaSeconds => Remaining.Sum(p => p.Seconds ?? 0) / Parallel;
    public bool Finished => Runs.All(r => r.State == RunView.Done);

    public static StudyStatus Read(StudyFolder folder)
    {
        var config = folder.ReadManifest().Config;
        var rows = folder.Runs(config).Select(run => Row(run, config.For(run.Paradigm).Epochs)).ToList();
        var remaining = config.Paradigms.Select(p =>
        {
            var mine = rows.Where(r => r.Paradigm == p).ToList();
            var timed = mine.Where(r => r.SecondsPerEpoch > 0).Select(r => r.SecondsPerEpoch!.Value).ToList();
            return new ParadigmRemaining(p, mine.Sum(r => r.RemainingEpochs), timed.Count > 0 ? timed.Average() : null);
        }).ToList();
        return new StudyStatus(folder.Root, config.Preset, rows, remaining);
    }

    static RunRow Row(RunFolder run, int epochs)
    {
        var status = run.ReadStatus();
        var holder = RunLock.Read(run.LockPath);
        bool live = holder is not null && !RunLock.IsStale(holder);
        if (status?.State == RunState.Running && holder is null)
            status = run.ReadStatus();   // it may have finished between the two reads: its run.json then says so
        // A live lock means a process is training the run, whatever run.json said before it started.
        var state = status?.State switch
        {
            RunState.Done => File.Exists(run.RecognitionPath) ? RunView.Done : RunView.Failed,
            _ when live => RunView.Running,
            RunState.Running => RunView.Stale,
            RunState.Stopped => RunView.Stopped,
            RunState.Failed => RunView.Failed,
            _ => RunView.Pending,
        };
        string? note = state switch
        {
            RunView.Failed when status?.State == RunState.Done => $"run.json says done but {Path.GetFileName(run.RecognitionPath)} is missing",
            RunView.Failed => status?.Error ?? "failed (no error recorded)",
            RunView.Stale => holder is null
                ? "no lock: its process ended without updating run.json"
                : $"lock of process {holder.Pid} on {holder.Host}, heartbeat {holder.Heartbeat:u}",
            RunView.Running when holder is not null => $"process {holder.Pid} on {holder.Host}",
            RunView.Stopped => status?.Error,   // a full disk, say: what to fix before resuming
            _ => null,
        };
        return new RunRow(run.Paradigm, run.Seed, state, status?.EpochsDone ?? 0, epochs,
            status?.LastLoss, status is { SecondsPerEpoch: > 0 } ? status.SecondsPerEpoch : null,
            live ? holder!.Host : status?.Host, status?.Updated, note);
    }
}
