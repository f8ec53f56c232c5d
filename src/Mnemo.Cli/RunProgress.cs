using System.Diagnostics;
using Mnemo.Training;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>
/// Progress of a study's runs: on a terminal, bars with ETA for the current run and the whole study;
/// elsewhere (logs, Slurm, CI), one line per epoch with the same figures.
/// </summary>
public sealed class RunProgress(IAnsiConsole console, int runs, long totalSteps)
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    long stepsDone;
    int runIndex;

    /// <summary>Trains each (name, steps, action) in turn; action gets the callback to report through.</summary>
    public void Run(IEnumerable<(string Name, long Steps, Action<Action<TrainProgress>> Train)> work)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                         new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var study = ctx.AddTask($"study ({runs} runs)", maxValue: Math.Max(1, totalSteps));
                    foreach (var (name, steps, train) in work)
                    {
                        runIndex++;
                        var task = ctx.AddTask(name, maxValue: Math.Max(1, steps));
                        train(p =>
                        {
                            long done = (long)(p.Epoch - 1) * p.Steps + p.Step;
                            study.Increment(done - (long)task.Value);
                            task.Value = done;
                            task.Description = $"{p.Run} epoch {p.Epoch}/{p.Epochs}" + (p.MeanRecognition is double m ? $" p={m:F3}" : "");
                        });
                        study.Increment(steps - task.Value);
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
            return;
        }
        foreach (var (name, steps, train) in work)
        {
            runIndex++;
            long before = stepsDone;
            var runClock = Stopwatch.StartNew();
            train(p =>
            {
                long done = (long)(p.Epoch - 1) * p.Steps + p.Step;
                stepsDone = before + done;
                if (p.MeanRecognition is null) return;   // only the end-of-epoch report, after recognition
                double runEta = runClock.Elapsed.TotalSeconds / Math.Max(1, done) * (steps - done);
                double studyEta = clock.Elapsed.TotalSeconds / Math.Max(1, stepsDone) * (totalSteps - stepsDone);
                console.MarkupLineInterpolated(
                    $"[[{runIndex}/{runs}]] {p.Run} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} p {p.MeanRecognition:F3}  ETA run {Eta(runEta)}, study {Eta(studyEta)}");
            });
            stepsDone = before + steps;
        }
    }

    static string Eta(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss");
}
