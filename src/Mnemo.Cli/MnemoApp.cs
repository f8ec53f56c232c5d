using System.Runtime.InteropServices;
using Mnemo.Cli.Commands;
using Mnemo.Recording;
using Mnemo.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli;

public static class MnemoApp
{
    /// <summary>Runs the CLI in-process: tests pass their own console and cancellation.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null, CancellationToken cancel = default)
    {
        console ??= AnsiConsole.Console;
        // Logs and pipes get 80 columns by default, which folds every table and progress line.
        if (!console.Profile.Capabilities.Interactive && console.Profile.Width < 160)
            console.Profile.Width = 160;
        // SIGTERM (Slurm's preemption, `kill`) and Ctrl-C stop training at the next step, after a checkpoint.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        var app = new CommandApp();
        app.Configure(c =>
        {
            c.SetApplicationName("mnemo");
            c.ConfigureConsole(console);
            c.PropagateExceptions();
            c.AddCommand<RunCommand>("run").WithDescription("Run a whole study (every paradigm x N seeds) and write its report.")
                .WithExample("run").WithExample("run", "--preset", "findings", "--out", "studies/findings")
                .WithExample("run", "--preset", "paper", "--data", "cifar10:/data/cifar", "--device", "cuda");
            c.AddCommand<ReportCommand>("report").WithDescription("Write the paper's analysis and figures of a study (complete or partial) to DIR/report.");
            c.AddCommand<TrainCommand>("train").WithDescription("Run or resume one run (paradigm, seed) of an existing study.");
            c.AddCommand<SlurmCommand>("slurm").WithDescription("Submit a study's unfinished runs as a Slurm job array (requeued and resumed at the time limit).")
                .WithExample("slurm", "--preset", "paper", "--data", "cifar10:/data/cifar", "--out", "studies/paper", "--gpus-per-task", "1", "--time", "8:00:00");
            c.AddCommand<ExportCommand>("export").WithDescription("Write model.safetensors (for PyTorch) for the finished runs of a study recorded before runs wrote it.")
                .WithExample("export", "--study", "studies/demo");
            c.AddCommand<VerifyCommand>("verify").WithDescription("Check every file of a study against its SHA-256 and its values (bits, shapes, margins); exit 0 when all finished runs are intact.");
            c.AddCommand<StatusCommand>("status").WithDescription("State of every run of a study (from its folder) and an ETA.");
            c.AddCommand<EstimateCommand>("estimate").WithDescription("FLOPs and GPU-hours a study's settings ask for (an estimate).")
                .WithExample("estimate", "--preset", "paper");
            c.AddBranch("data", d =>
            {
                d.SetDescription("Inspect data sets.");
                d.AddCommand<DataDescribeCommand>("describe").WithDescription("Counts, image shape and class histogram of a data spec.");
            });
            c.AddCommand<BenchCommand>("bench").WithDescription("Training and evaluation throughput of the paper's and the demo's network.");
        });
        try
        {
            return app.Run(args, stop.Token);
        }
        catch (Exception e) when (ExitCodeOf(e) is not null)
        {
            return Report(console, e);
        }
    }

    /// <summary>The exit code <paramref name="e"/> ends a command with, or null for a bug (left to end the process with its trace).</summary>
    internal static int? ExitCodeOf(Exception e) => e switch
    {
        _ when Inner<RunLockedException>(e) is not null => ExitCodes.Busy,
        _ when Inner<StorageException>(e) is not null => ExitCodes.Storage,
        _ when UserError(e) is not null => ExitCodes.BadInput,
        OperationCanceledException => ExitCodes.Stopped,
        // An I/O error no write path turned into its own line (a bug to fix there): still one line, never an abort.
        _ when StorageException.IsStorage(e) => ExitCodes.Failed,
        _ => null,
    };

    /// <summary>Says in one line why <paramref name="e"/> ended a command; returns <see cref="ExitCodeOf"/>.</summary>
    internal static int Report(IAnsiConsole console, Exception e)
    {
        int code = ExitCodeOf(e) ?? throw new ArgumentException("not an exception a command ends with", nameof(e), e);
        switch (code)
        {
            case ExitCodes.Busy:
                OneLine(console, $"[yellow]busy:[/] {Markup.Escape(Inner<RunLockedException>(e)!.Message)}");
                break;
            case ExitCodes.Storage:
                OneLine(console, $"[red]error:[/] {Markup.Escape(Inner<StorageException>(e)!.Message)}");
                break;
            case ExitCodes.BadInput:
                OneLine(console, $"[red]error:[/] {Markup.Escape(UserError(e)!)}");
                break;
            case ExitCodes.Stopped:
                console.MarkupLineInterpolated($"[yellow]stopped:[/] {e.Message}. Run the same command again to resume.");
                break;
            default:
                OneLine(console, $"[red]error:[/] {Markup.Escape(e.Message.TrimEnd('.'))} (an I/O error); if a disk is full or read-only, fix that and give the same command again");
                break;
        }
        return code;
    }

    // Unfolded, whatever the width: a script (or `mnemo run`, reading its children's logs) takes the error from one line.
    static void OneLine(IAnsiConsole console, string markup)
    {
        int width = console.Profile.Width;
        console.Profile.Width = Math.Max(width, markup.Length + 1);
        try { console.MarkupLine(markup); }
        finally { console.Profile.Width = width; }
    }

    static T? Inner<T>(Exception e) where T : Exception => e as T ?? e.InnerException as T;

    // Errors of the user's making are one line, never a stack trace.
    static string? UserError(Exception e) => e switch
    {
        MnemoException m => m.Message,
        CommandParseException or CommandRuntimeException => e.Message,
        _ when e.InnerException is MnemoException inner => inner.Message,
        _ => null,
    };
}
