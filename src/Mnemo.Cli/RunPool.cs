using System.Diagnostics;
using System.Runtime.InteropServices;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>
/// A study's runs trained by several `mnemo train` processes at once, each on its own share of the
/// threads. On a small CPU this beats one process on every core: the study's networks are too small
/// for libtorch's threads to pay (2 cores: two 1-thread processes trained the demo network 1.45 times
/// faster than one 2-thread process). Each child writes its run's folder as always, so progress is read
/// from run.json, its output goes to the run's train.log, and a stop (SIGTERM, Ctrl-C) is passed on so
/// every child saves its checkpoint.
/// </summary>
public sealed class RunPool(IAnsiConsole console, string[] mnemo, int jobs, IReadOnlyList<string> childOptions)
{
    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    sealed record Child(RunFolder Run, RunCost Cost, Process Process, string LogPath, ChildLog Log);

    /// <summary>Runs that failed (each reported with its last error line), and runs another live process was training.</summary>
    public sealed record Outcome(IReadOnlyList<string> Failed, IReadOnlyList<RunFolder> Busy);

    /// <summary>Trains the runs. A child that meets a storage error (a full disk) stops the others at their
    /// checkpoints and the pool throws it: the next runs would meet it too.</summary>
    public Outcome Train(StudyFolder folder, IReadOnlyList<(RunFolder Run, RunCost Cost)> runs, CancellationToken cancel)
    {
        if (!console.Profile.Capabilities.Interactive) return Loop(folder, runs, cancel, LogLine);
        Outcome outcome = new([], []);
        RunProgress.Bars(console).HideCompleted(true).Start(ctx =>
            {
                var study = ctx.AddTask($"study ({runs.Count} runs, {jobs} at a time)", maxValue: Math.Max(1, runs.Sum(r => r.Cost.Total)));
                var bars = new Dictionary<string, ProgressTask>();
                outcome = Loop(folder, runs, cancel, view =>
                {
                    study.Value = view.Done;
                    foreach (var (child, status) in view.Active)
                    {
                        if (!bars.TryGetValue(child.Run.Name, out var bar))
                            bars[child.Run.Name] = bar = ctx.AddTask(child.Run.Name, maxValue: child.Cost.Total);
                        bar.Value = Done(child.Cost, status);
                        bar.Description = $"{child.Run.Name} epoch {status?.EpochsDone ?? 0}/{child.Cost.Epochs}";
                    }
                    foreach (var (name, bar) in bars.Where(b => view.Active.All(a => a.Child.Run.Name != b.Key) && !b.Value.IsFinished))
                    {
                        bar.Value = bar.MaxValue;
                        bar.StopTask();
                    }
                });
            });
        return outcome;
    }

    sealed record View(IReadOnlyList<(Child Child, RunStatus? Status)> Active, int Finished, int Runs, double Done, double Total, TimeSpan Elapsed);

    Outcome Loop(StudyFolder folder, IReadOnlyList<(RunFolder Run, RunCost Cost)> runs, CancellationToken cancel, Action<View> show)
    {
        var queue = new Queue<(RunFolder Run, RunCost Cost)>(runs);
        var active = new List<Child>();
        var failed = new List<string>();
        var busy = new List<RunFolder>();
        string? storageError = null;
        double total = runs.Sum(r => r.Cost.Total), finishedWork = 0;
        int finished = 0;
        var clock = Stopwatch.StartNew();
        bool stopping = false;
        while (active.Count > 0 || (!stopping && queue.Count > 0))
        {
            if ((cancel.IsCancellationRequested || storageError is not null) && !stopping)
            {
                stopping = true;
                foreach (var c in active) kill(c.Process.Id, 15);
            }
            while (!stopping && active.Count < jobs && queue.Count > 0)
            {
                var (run, cost) = queue.Dequeue();
                active.Add(Start(folder, run, cost));
            }
            foreach (var c in active.Where(c => c.Process.HasExited).ToList())
            {
                c.Process.WaitForExit();   // and for its output to be written
                c.Log.Dispose();
                active.Remove(c);
                finished++;
                finishedWork += c.Cost.Total;
                int exit = c.Process.ExitCode;
                if (exit == ExitCodes.Ok || (exit == ExitCodes.Stopped && stopping)) continue;
                if (c.Log.Error is { } logError) console.MarkupLineInterpolated($"[yellow]warning:[/] {c.Run.Name}'s output is not all in its log: {logError}");
                if (exit == ExitCodes.Busy) { busy.Add(c.Run); continue; }
                string error = c.Log.LastError ?? $"exit {exit}";
                if (exit == ExitCodes.Storage) { storageError ??= error.StartsWith("error: ", StringComparison.Ordinal) ? error["error: ".Length..] : error; continue; }
                failed.Add(c.Run.Name);
                console.MarkupLineInterpolated($"[red]failed:[/] {c.Run.Name}: {error} (log: {c.LogPath})");
            }
            var at = active.Select(c => (c, c.Run.ReadStatus())).ToList();
            show(new View(at, finished, runs.Count, finishedWork + at.Sum(a => Done(a.c.Cost, a.Item2)), total, clock.Elapsed));
            if (active.Count > 0) Thread.Sleep(500);
        }
        if (storageError is not null) throw StorageException.Relayed(storageError);
        if (stopping) throw new OperationCanceledException("the runs in progress saved their checkpoints");
        return new Outcome(failed, busy);
    }

    static double Done(RunCost cost, RunStatus? status) =>
        status is null ? 0 : cost.EvalPerEpoch + Math.Min(status.EpochsDone, cost.Epochs) * cost.PerEpoch;

    // Without a terminal: one line whenever an epoch ends somewhere.
    string lastShown = "";
    void LogLine(View view)
    {
        string state = $"{view.Finished} " + string.Join(",", view.Active.Select(a => a.Status?.EpochsDone ?? 0));
        if (state == lastShown || view.Active.Count == 0 || view.Done <= 0) return;
        lastShown = state;
        string running = string.Join(", ", view.Active.Select(a => $"{a.Child.Run.Name} epoch {a.Status?.EpochsDone ?? 0}/{a.Child.Cost.Epochs}"));
        console.MarkupLineInterpolated($"[[{view.Finished}/{view.Runs} finished]] {running}; {view.Done / view.Total:P0}, ETA study {RunProgress.Eta(view.Elapsed.TotalSeconds / view.Done * (view.Total - view.Done))}");
    }

    Child Start(StudyFolder folder, RunFolder run, RunCost cost)
    {
        string log = run.TrainLogPath;
        var writer = new ChildLog(log);
        var start = new ProcessStartInfo(mnemo[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in mnemo.Skip(1)) start.ArgumentList.Add(a);
        foreach (var a in new[] { "train", "--study", folder.Root, "--paradigm", run.Paradigm, "--seed", run.Seed.ToString() }.Concat(childOptions))
            start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start) ?? throw new MnemoException($"could not start {mnemo[0]}"); }
        catch { writer.Dispose(); throw; }
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) writer.Line(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) writer.Line(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Child(run, cost, process, log, writer);
    }

    /// <summary>
    /// A child's output, appended to its train.log. The lines arrive on thread-pool threads, where an exception
    /// would end the whole process: a log the disk refuses stops being written (and says why), and the child's
    /// last error line is kept here, since the log may not have it.
    /// </summary>
    sealed class ChildLog : IDisposable
    {
        readonly string path;
        readonly object gate = new();
        StreamWriter? writer;

        public ChildLog(string path)
        {
            this.path = path;
            writer = StorageException.Guard(path, () =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new StreamWriter(path, append: true) { AutoFlush = true };
            });
        }

        public string? LastError { get; private set; }
        public string? Error { get; private set; }

        public void Line(string line)
        {
            lock (gate)
            {
                if (line.StartsWith("error:", StringComparison.Ordinal) || line.StartsWith("failed:", StringComparison.Ordinal)) LastError = line.Trim();
                if (writer is null) return;
                try { writer.WriteLine(line); }
                catch (Exception e) when (StorageException.IsStorage(e)) { Error = StorageException.From(path, e).Message; Close(); }
            }
        }

        void Close()
        {
            try { writer?.Dispose(); } catch (Exception e) when (StorageException.IsStorage(e)) { }
            writer = null;
        }

        public void Dispose() { lock (gate) Close(); }
    }
}
