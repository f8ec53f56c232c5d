using System.Diagnostics;
using Mnemo.Training;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>One run to train: its name, its cost, and the call that trains it, reporting through a callback.</summary>
public sealed record RunWork(string Name, RunCost Cost, Action<Action<TrainProgress>> Train);

/// <summary>
/// Progress of a study's runs: on a terminal, bars with ETA for the current run and the whole study;
/// elsewhere (logs, Slurm, CI), one line per epoch with the same figures. Progress is measured in
/// work (<see cref="RunCost"/>), not steps, so the ETA holds across paradigms of different cost.
/// </summary>
public sealed class RunProgress(IAnsiConsole console)
{
    public void Run(IReadOnlyList<RunWork> runs)
    {
        double total = runs.Sum(r => r.Cost.Total);
        if (console.Profile.Capabilities.Interactive)
        {
            Bars(console).Start(ctx =>
                {
                    var study = ctx.AddTask($"study ({runs.Count} runs)", maxValue: Math.Max(1, total));
                    foreach (var run in runs)
                    {
                        var task = ctx.AddTask(run.Name, maxValue: run.Cost.Total);
                        run.Train(p =>
                        {
                            double done = run.Cost.Done(p);
                            study.Increment(done - task.Value);
                            task.Value = done;
                            task.Description = $"{p.Run} epoch {p.Epoch}/{p.Epochs}" + (p.MeanRecognition is double m ? $" p={m:F3}" : "");
                        });
                        study.Increment(task.MaxValue - task.Value);
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
            return;
        }
        var clock = Stopwatch.StartNew();
        double before = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var runClock = Stopwatch.StartNew();
            run.Train(p =>
            {
                if (p.MeanRecognition is null) return;   // only the end-of-epoch report, after recognition
                double done = run.Cost.Done(p);
                double runEta = runClock.Elapsed.TotalSeconds / done * (run.Cost.Total - done);
                double studyEta = clock.Elapsed.TotalSeconds / (before + done) * (total - before - done);
                console.MarkupLineInterpolated(
                    $"[[{i + 1}/{runs.Count}]] {p.Run} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} p {p.MeanRecognition:F3}  ETA run {Eta(runEta)}, study {Eta(studyEta)}; {Environment.WorkingSet / 1e6:F0} MB resident");
            });
            before += run.Cost.Total;
        }
    }

    /// <summary>Bars with percentage, elapsed time and ETA, as every long job of the CLI shows them.</summary>
    internal static Progress Bars(IAnsiConsole console) =>
        console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                                   new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn());

    /// <summary>m:ss, or h:mm:ss from an hour on: how progress lines show a remaining time.</summary>
    internal static string Eta(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss");
}
