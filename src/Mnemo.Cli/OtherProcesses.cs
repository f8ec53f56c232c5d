using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>
/// Runs of the study that other live processes hold the locks of (a second `mnemo run`, a `mnemo train`, a Slurm
/// task): `mnemo run` leaves them to their process and waits, so no run is trained twice, and trains a run itself
/// only when its process lets go of it unfinished (stopped, failed, killed: a dead process's lock is taken over).
/// </summary>
sealed class OtherProcesses(IAnsiConsole console)
{
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    string shown = "";

    /// <summary>Waits until one of <paramref name="held"/> is done or let go; returns those not done yet (some of
    /// them free to train now), or nothing once they are all done.</summary>
    public List<RunFolder> WaitFor(IReadOnlyList<RunFolder> held, CancellationToken cancel)
    {
        var waiting = held.DistinctBy(r => r.Name).Where(r => !r.IsDone).ToList();
        while (waiting.Count > 0)
        {
            var holders = waiting.Select(r => (Run: r, Holder: RunLock.LiveHolder(r))).ToList();
            var notDone = waiting.Where(r => !r.IsDone).ToList();
            if (notDone.Count < waiting.Count || holders.Any(h => h.Holder is null)) return notDone;
            string line = string.Join(", ", holders.Select(h => $"{h.Run.Name} by process {h.Holder!.Pid} on {h.Holder.Host}"));
            if (line != shown)
                console.MarkupLineInterpolated($"[grey]waiting for {Commands.StatusCommand.Plural(holders.Count, "run")} another process is training: {line}[/]");
            shown = line;
            if (cancel.WaitHandle.WaitOne(Poll))
                throw new OperationCanceledException($"stopped while waiting for runs other processes are training ({line})");
        }
        return waiting;
    }
}
