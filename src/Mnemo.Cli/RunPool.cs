using System.Diagnostics;
using System.Runtime.InteropServices;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>
/// A study's runs trained by several `mnemo train --from-stdin` processes at once, each on its own share of the
/// threads, each fed one run at a time from a queue (longest first). On a small CPU this beats one process on every
/// core: the study's networks are too small for libtorch's threads to pay (2 cores: two 1-thread processes trained
/// the demo network 1.45 times faster than one 2-thread process). A process trains run after run, so its start
/// (the runtime, libtorch, the data: about 1.4 s) is paid once, not 16 times per core for the demo. Each run's folder
/// is written as always, so progress is read from run.json; a process's output goes to its current run's train.log;
/// a stop (SIGTERM, Ctrl-C) is passed on so every run in progress saves its checkpoint. A process that dies fails
/// only the run it had; a new one takes the rest of the queue.
/// </summary>
public sealed class RunPool(IAnsiConsole console, string[] mnemo, int jobs, IReadOnlyList<string> childOptions)
{
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
                    foreach (var (run, cost, status) in view.Active)
                    {
                        if (!bars.TryGetValue(run.Name, out var bar))
                            bars[run.Name] = bar = ctx.AddTask(run.Name, maxValue: cost.Total);
                        bar.Value = Done(cost, status);
                        bar.Description = $"{run.Name} epoch {status?.EpochsDone ?? 0}/{cost.Epochs}";
                    }
                    foreach (var (name, bar) in bars.Where(b => view.Active.All(a => a.Run.Name != b.Key) && !b.Value.IsFinished))
                    {
                        bar.Value = bar.MaxValue;
                        bar.StopTask();
                    }
                });
            });
        return outcome;
    }

    sealed record View(IReadOnlyList<(RunFolder Run, RunCost Cost, RunStatus? Status)> Active, int Finished, int Runs, double Done, double Total, TimeSpan Elapsed);

    Outcome Loop(StudyFolder folder, IReadOnlyList<(RunFolder Run, RunCost Cost)> runs, CancellationToken cancel, Action<View> show)
    {
        var queue = new Queue<(RunFolder Run, RunCost Cost)>(runs);
        var workers = new List<Worker>();
        var failed = new List<string>();
        var busy = new List<RunFolder>();
        string? storageError = null;
        double total = runs.Sum(r => r.Cost.Total), finishedWork = 0;
        int finished = 0;
        var clock = Stopwatch.StartNew();
        bool stopping = false;
        using var wake = new AutoResetEvent(false);

        void Ended(Worker w, int exit)
        {
            var (run, cost) = w.Current!.Value;
            w.Current = null;
            finished++;
            finishedWork += cost.Total;
            if (exit == ExitCodes.Ok || (exit == ExitCodes.Stopped && stopping)) return;
            if (w.Log.Error is { } logError) console.MarkupLineInterpolated($"[yellow]warning:[/] {run.Name}'s output is not all in its log: {logError}");
            if (exit == ExitCodes.Busy) { busy.Add(run); return; }
            string error = w.Log.LastError ?? $"exit {exit}";
            if (exit == ExitCodes.Storage) { storageError ??= error.StartsWith("error: ", StringComparison.Ordinal) ? error["error: ".Length..] : error; return; }
            failed.Add(run.Name);
            console.MarkupLineInterpolated($"[red]failed:[/] {run.Name}: {error} (log: {run.TrainLogPath})");
        }

        try
        {
            while (workers.Any(w => w.Current is not null) || (!stopping && queue.Count > 0))
            {
                if ((cancel.IsCancellationRequested || storageError is not null) && !stopping)
                {
                    stopping = true;
                    foreach (var w in workers) w.Stop();
                }
                foreach (var w in workers)
                    if (w.Current is not null && w.Log.TakeEnded() is int exit) Ended(w, exit);
                foreach (var w in workers.Where(w => w.Process.HasExited).ToList())
                {
                    w.Process.WaitForExit();   // and for its output to be read, its last end line included
                    if (w.Current is not null) Ended(w, w.Log.TakeEnded() ?? w.Process.ExitCode);
                    w.Dispose();
                    workers.Remove(w);
                }
                while (!stopping && storageError is null && queue.Count > 0)
                {
                    var idle = workers.FirstOrDefault(w => w.Current is null && !w.Process.HasExited);
                    if (idle is null && workers.Count < jobs) workers.Add(idle = Start(folder, wake));
                    if (idle is null) break;
                    var next = queue.Dequeue();
                    try { idle.Assign(next.Run, next.Cost); }
                    catch (StorageException e) { storageError = e.Message; queue.Enqueue(next); }
                }
                var at = workers.Where(w => w.Current is not null).Select(w => (w.Current!.Value.Run, w.Current!.Value.Cost, w.Current!.Value.Run.ReadStatus())).ToList();
                show(new View(at, finished, runs.Count, finishedWork + at.Sum(a => Done(a.Cost, a.Item3)), total, clock.Elapsed));
                if (workers.Count > 0) wake.WaitOne(500);
            }
        }
        finally
        {
            // Idle processes end at the end of their input; one still busy (an exception here) is stopped at its checkpoint.
            foreach (var w in workers) w.Stop();
            foreach (var w in workers)
            {
                w.Process.WaitForExit();
                w.Dispose();
            }
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
        string running = string.Join(", ", view.Active.Select(a => $"{a.Run.Name} epoch {a.Status?.EpochsDone ?? 0}/{a.Cost.Epochs}"));
        console.MarkupLineInterpolated($"[[{view.Finished}/{view.Runs} finished]] {running}; {view.Done / view.Total:P0}, ETA study {RunProgress.Eta(view.Elapsed.TotalSeconds / view.Done * (view.Total - view.Done))}");
    }

    Worker Start(StudyFolder folder, AutoResetEvent wake)
    {
        var start = new ProcessStartInfo(mnemo[0])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in mnemo.Skip(1)) start.ArgumentList.Add(a);
        foreach (var a in new[] { "train", "--study", folder.Root, "--from-stdin" }.Concat(childOptions))
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new MnemoException($"could not start {mnemo[0]}");
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => wake.Set();
        var log = new WorkerLog(wake);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Line(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Line(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Worker(process, log);
    }

    /// <summary>A `mnemo train --from-stdin` process and the run it is training (null: waiting for one).</summary>
    sealed class Worker(Process process, WorkerLog log) : IDisposable
    {
        [DllImport("libc", SetLastError = true)]
        static extern int kill(int pid, int signal);

        public Process Process { get; } = process;
        public WorkerLog Log { get; } = log;
        public (RunFolder Run, RunCost Cost)? Current { get; set; }

        public void Assign(RunFolder run, RunCost cost)
        {
            Log.StartRun(run.TrainLogPath);
            Current = (run, cost);
            try
            {
                Process.StandardInput.WriteLine($"{run.Paradigm} {run.Seed}");
                Process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // It died meanwhile: the loop sees it exit, and the run ends with its exit code.
            }
        }

        /// <summary>No more runs: an idle process ends; a busy one gets SIGTERM and stops its run at a checkpoint.</summary>
        public void Stop()
        {
            try { Process.StandardInput.Close(); }
            catch (IOException) { }
            if (Current is not null) kill(Process.Id, 15);
        }

        public void Dispose()
        {
            Log.Dispose();
            Process.Dispose();
        }
    }

    /// <summary>
    /// A process's output, appended to the train.log of the run it is training. The lines arrive on thread-pool
    /// threads, where an exception would end the whole process: a log the disk refuses stops being written (and says
    /// why). The run's last error line and its end line (<see cref="Commands.TrainCommand.RunEnded"/>) are kept here.
    /// </summary>
    sealed class WorkerLog(AutoResetEvent wake) : IDisposable
    {
        readonly object gate = new();
        string path = "";
        StreamWriter? writer;
        int? ended;

        public string? LastError { get; private set; }
        public string? Error { get; private set; }

        /// <summary>From now on lines go to <paramref name="log"/>.</summary>
        /// <exception cref="StorageException">The log cannot be opened.</exception>
        public void StartRun(string log)
        {
            lock (gate)
            {
                Close();
                (path, LastError, Error, ended) = (log, null, null, null);
                writer = StorageException.Guard(log, () =>
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(log)!);
                    return new StreamWriter(log, append: true) { AutoFlush = true };
                });
            }
        }

        /// <summary>The exit code the current run ended with, once its end line has come.</summary>
        public int? TakeEnded()
        {
            lock (gate)
            {
                var code = ended;
                ended = null;
                return code;
            }
        }

        public void Line(string line)
        {
            lock (gate)
            {
                if (line.StartsWith(Commands.TrainCommand.RunEnded + " ", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(Commands.TrainCommand.RunEnded.Length + 1), out int code))
                {
                    ended = code;
                    wake.Set();
                    return;
                }
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
