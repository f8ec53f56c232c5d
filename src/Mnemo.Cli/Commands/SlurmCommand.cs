using System.ComponentModel;
using Mnemo.Cluster;
using Mnemo.Study;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo slurm: create or reopen a study and submit one Slurm array task per unfinished run.</summary>
public sealed class SlurmCommand(IAnsiConsole console) : Command<SlurmCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--study <DIR>"), Description("An existing study folder to submit (instead of the study options and --out).")]
        public string? Study { get; init; }

        [CommandOption("--partition <P>"), Description("Slurm partition (default: the cluster's).")]
        public string? Partition { get; init; }

        [CommandOption("--time <T>"), Description("Time limit per task (e.g. 4:00:00). A run that reaches it saves a checkpoint, requeues and resumes.")]
        public string? Time { get; init; }

        [CommandOption("--cpus-per-task <C>"), Description("CPUs per task; also its torch threads unless --threads is given.")]
        public int CpusPerTask { get; init; } = 4;

        [CommandOption("--gpus-per-task <G>"), Description("GPUs per task; tasks then train with --device cuda (or auto, if given).")]
        public int? GpusPerTask { get; init; }

        [CommandOption("--mem <M>"), Description("Memory per task's node, in Slurm's form (e.g. 16G).")]
        public string? Mem { get; init; }

        [CommandOption("--max-parallel <K>"), Description("At most K tasks at once (the array's %K). Default: no limit.")]
        public int? MaxParallel { get; init; }

        [CommandOption("--signal-before <S>"), Description("Slurm sends SIGTERM S seconds before the time limit (default 300; Slurm may be up to 60 s late).")]
        public int SignalBefore { get; init; } = 300;

        [CommandOption("--mnemo <PATH>"), Description("The mnemo executable (or mnemo.dll) the tasks run. Default: this one.")]
        public string? Mnemo { get; init; }

        [CommandOption("--dry-run"), Description("Write and print the script; do not submit it.")]
        public bool DryRun { get; init; }

        public override ValidationResult Validate()
        {
            if (Study is not null && Out is not null) return ValidationResult.Error("give --study DIR or --out DIR, not both");
            if (CpusPerTask < 1) return ValidationResult.Error("--cpus-per-task must be at least 1");
            if (GpusPerTask is < 1) return ValidationResult.Error("--gpus-per-task must be at least 1");
            if (MaxParallel is < 1) return ValidationResult.Error("--max-parallel must be at least 1");
            if (SignalBefore is < 60 or > 65535) return ValidationResult.Error("--signal-before must be between 60 and 65535 seconds");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var mnemo = MnemoExecutable.Command(settings.Mnemo);
        StudyFolder folder;
        if (settings.Study is not null)
        {
            folder = new StudyFolder(settings.Study);
            folder.ReadManifest();   // an existing study, or a clear error
            folder = StudySetup.Prepare(folder.Root, settings.ToOptions());
        }
        else
        {
            folder = StudySetup.Prepare(settings.OutDir, settings.ToOptions(), line => console.WriteLine(line));
        }
        SlurmArray.CheckPath(folder);
        var config = folder.ReadManifest().Config;
        var (todo, busy) = SlurmArray.Unfinished(folder, config);
        int all = folder.Runs(config).Count();
        console.MarkupLineInterpolated(
            $"study [bold]{folder.Root}[/] ({config.Preset}): {StatusCommand.Plural(all, "run")}, {all - todo.Count - busy.Count} done, {busy.Count} being trained now, {todo.Count} to submit");
        if (busy.Count > 0)
            console.MarkupLineInterpolated($"not submitted, a live process holds their lock: {string.Join(", ", busy.Select(r => r.Name))}");
        if (todo.Count == 0)
        {
            console.WriteLine("nothing to submit");
            return 0;
        }

        var options = new SlurmOptions
        {
            Partition = settings.Partition, Time = settings.Time, CpusPerTask = settings.CpusPerTask,
            GpusPerTask = settings.GpusPerTask, Mem = settings.Mem, MaxParallel = settings.MaxParallel,
            SignalBefore = settings.SignalBefore, Threads = settings.Threads,
            Device = settings.GpusPerTask is not null && settings.Device == "cpu" ? "cuda" : settings.Device,
        };
        var files = SlurmArray.Write(folder, todo, options, mnemo, DateTimeOffset.UtcNow);
        if (settings.DryRun)
        {
            console.WriteLine(files.Script);
            console.MarkupLineInterpolated($"not submitted (--dry-run); wrote [bold]{files.ScriptPath}[/] and {Path.GetFileName(files.TasksPath)}; submit with: sbatch {files.ScriptPath}");
            return 0;
        }
        string job = SlurmArray.Submit(files.ScriptPath);
        console.MarkupLineInterpolated($"submitted array job [bold]{job}[/]: {StatusCommand.Plural(files.Tasks.Count, "task")} ({files.ScriptPath})");
        console.MarkupLineInterpolated($"logs: {Path.Combine(files.LogsDir, job + "_<index>.out")}; progress: mnemo status --study {folder.Root}");
        // The last line is the job id alone, for scripts: `job=$(mnemo slurm ... | tail -1)`.
        console.WriteLine(job);
        return 0;
    }
}
