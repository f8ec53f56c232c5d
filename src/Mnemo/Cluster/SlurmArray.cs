using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mnemo.Study;
using Mnemo.Training;

namespace Mnemo.Cluster;

/// <summary>What each array task asks Slurm for and how it runs `mnemo train`. Null: Slurm's (or the cluster's) default.</summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }
    /// <summary>Time limit per task, in Slurm's forms (minutes, HH:MM:SS, D-HH:MM...). A run that reaches it is requeued and resumes.</summary>
    public string? Time { get; init; }
    /// <summary>CPUs per task; also the task's torch threads unless <see cref="Threads"/> is given.</summary>
    public int CpusPerTask { get; init; } = 4;
    public int? GpusPerTask { get; init; }
    /// <summary>Memory per node, in Slurm's form (8G, 16000M).</summary>
    public string? Mem { get; init; }
    /// <summary>At most this many tasks at once (the array's %K); null: as many as Slurm gives.</summary>
    public int? MaxParallel { get; init; }
    /// <summary>Seconds before the time limit at which Slurm sends SIGTERM. Slurm may send it up to 60 s late,
    /// and the run stops at its next training step (after the epoch's evaluation, if that is under way).</summary>
    public int SignalBefore { get; init; } = 300;
    public int? Threads { get; init; }
    /// <summary>cpu, cuda or auto: passed to `mnemo train --device`.</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>Array index -> run.</summary>
public sealed record SlurmTask(int Index, string Paradigm, int Seed);

/// <summary>The files of one submission, under DIR/slurm/.</summary>
public sealed record SlurmArrayFiles(string ScriptPath, string TasksPath, string LogsDir, IReadOnlyList<SlurmTask> Tasks, string Script);

/// <summary>
/// A Slurm job array with one task per unfinished run of a study. Each task runs `mnemo train` for its
/// run; SIGTERM before the time limit (or from `scancel --signal=TERM`, or preemption) makes the run save
/// a checkpoint and exit with 130, and the task then requeues itself and resumes from that checkpoint.
/// A job cancelled with plain `scancel` is not requeued.
/// </summary>
public static class SlurmArray
{
    /// <summary>The exit code of `mnemo train` stopped by a signal after saving its checkpoint.</summary>
    public const int StoppedExitCode = 130;

    /// <summary>Runs to submit: every run not done, except those a live process is training now.</summary>
    public static (List<RunFolder> Todo, List<RunFolder> BeingTrained) Unfinished(StudyFolder folder, StudyConfig config)
    {
        var todo = new List<RunFolder>();
        var busy = new List<RunFolder>();
        foreach (var run in folder.Runs(config).Where(r => !r.IsDone))
        {
            var holder = RunLock.Read(run.LockPath);
            (holder is not null && !RunLock.IsStale(holder) ? busy : todo).Add(run);
        }
        return (todo, busy);
    }

    public static string SlurmDir(StudyFolder folder) => Path.Combine(folder.Root, "slurm");

    /// <summary>
    /// Writes DIR/slurm/array-&lt;UTC time&gt;.sbatch and its .tasks file (creating DIR/slurm/logs) for
    /// <paramref name="runs"/>; <paramref name="mnemo"/> is the command that starts mnemo on a node
    /// (an executable, or dotnet and mnemo.dll).
    /// </summary>
    public static SlurmArrayFiles Write(StudyFolder folder, IReadOnlyList<RunFolder> runs, SlurmOptions options,
                                        IReadOnlyList<string> mnemo, DateTimeOffset now)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to submit", nameof(runs));
        string dir = SlurmDir(folder);
        string logs = Path.Combine(dir, "logs");
        Recording.StorageException.Guard(logs, () => Directory.CreateDirectory(logs));   // Slurm does not create the folder of --output
        string stem = $"array-{now.UtcDateTime:yyyyMMdd-HHmmss}";
        for (int n = 2; File.Exists(Path.Combine(dir, stem + ".sbatch")); n++)
            stem = $"array-{now.UtcDateTime:yyyyMMdd-HHmmss}-{n}";
        var tasks = runs.Select((r, i) => new SlurmTask(i, r.Paradigm, r.Seed)).ToList();
        string tasksPath = Path.Combine(dir, stem + ".tasks");
        string scriptPath = Path.Combine(dir, stem + ".sbatch");
        string script = Script(folder, tasks, options, mnemo, tasksPath, logs, now);
        Recording.AtomicFile.WriteAllText(tasksPath, TasksFile(tasks));
        Recording.AtomicFile.WriteAllText(scriptPath, script);
        return new SlurmArrayFiles(scriptPath, tasksPath, logs, tasks, script);
    }

    /// <summary>One line per task: index, paradigm, seed (tab-separated), after a header comment.</summary>
    public static string TasksFile(IEnumerable<SlurmTask> tasks)
    {
        var text = new StringBuilder("# array index\tparadigm\tseed\n");
        foreach (var t in tasks) text.Append(CultureInfo.InvariantCulture, $"{t.Index}\t{t.Paradigm}\t{t.Seed}\n");
        return text.ToString();
    }

    public static string Script(StudyFolder folder, IReadOnlyList<SlurmTask> tasks, SlurmOptions o,
                                IReadOnlyList<string> mnemo, string tasksPath, string logsDir, DateTimeOffset now)
    {
        var inv = CultureInfo.InvariantCulture;
        int threads = o.Threads ?? o.CpusPerTask;
        var s = new StringBuilder();
        void Line(string text) => s.Append(text).Append('\n');
        Line("#!/bin/bash");
        Line($"# Written by `mnemo slurm` at {now.UtcDateTime:u}: one task per unfinished run of the study");
        Line($"#   {folder.Root}");
        Line($"# ({tasks.Count} runs; array index -> paradigm, seed in {tasksPath}).");
        Line("# Submit with sbatch; `mnemo status --study DIR` shows progress, `mnemo slurm --study DIR` submits what is left.");
        Line($"#SBATCH --job-name={JobName(folder)}");
        Line($"#SBATCH --array=0-{tasks.Count - 1}" + (o.MaxParallel is int k ? $"%{k}" : ""));
        Line($"#SBATCH --output={Path.Combine(logsDir, "%A_%a.out")}");
        Line("#SBATCH --open-mode=append");
        Line("#SBATCH --requeue");
        Line(string.Create(inv, $"#SBATCH --signal=B:TERM@{o.SignalBefore}"));
        Line(string.Create(inv, $"#SBATCH --cpus-per-task={o.CpusPerTask}"));
        if (o.GpusPerTask is int g) Line(string.Create(inv, $"#SBATCH --gpus-per-task={g}"));
        if (o.Mem is not null) Line($"#SBATCH --mem={o.Mem}");
        if (o.Time is not null) Line($"#SBATCH --time={o.Time}");
        if (o.Partition is not null) Line($"#SBATCH --partition={o.Partition}");
        Line("set -uo pipefail");
        Line("task=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"");
        Line($"tasks={Quote(tasksPath)}");
        Line("read -r paradigm seed < <(awk -v i=\"$SLURM_ARRAY_TASK_ID\" '$1 == i { print $2, $3 }' \"$tasks\")");
        Line("if [ -z \"${seed:-}\" ]; then echo \"mnemo-slurm: array index $SLURM_ARRAY_TASK_ID is not in $tasks\" >&2; exit 2; fi");
        Line("echo \"mnemo-slurm: task $task: $paradigm seed $seed on $(hostname) at $(date -u +%FT%TZ) (restart ${SLURM_RESTART_COUNT:-0})\"");
        Line("");
        Line("# Slurm signals this shell (B:) before the time limit; bash runs a trap only when its foreground");
        Line("# command ends, so mnemo runs in the background and the trap passes SIGTERM on to it.");
        Line("stopping=\"\" pid=\"\"");
        Line("trap 'stopping=1; echo \"mnemo-slurm: SIGTERM: the run stops at its next step, after a checkpoint\"; kill -TERM \"$pid\" 2>/dev/null' TERM");
        Line(string.Join(' ', mnemo.Select(Quote)) + $" train --study {Quote(folder.Root)} --paradigm \"$paradigm\" --seed \"$seed\"" +
             string.Create(inv, $" --threads {threads} --device {o.Device} &"));
        Line("pid=$!");
        Line("rc=0; wait \"$pid\" || rc=$?");
        Line("# A trap interrupts wait: wait again for mnemo's own exit code.");
        Line("while [ -n \"$stopping\" ]; do stopping=\"\"; rc=0; wait \"$pid\" || rc=$?; done");
        Line("");
        Line(string.Create(inv, $"if [ \"$rc\" -eq {StoppedExitCode} ]; then"));
        Line("  # The run saved a checkpoint. Requeue only a job that is still running (time-limit warning,");
        Line("  # scancel --signal=TERM, preemption); a job being cancelled is COMPLETING and stays cancelled.");
        Line("  state=$(squeue -h -j \"$task\" -o %T 2>/dev/null)");
        Line("  if [ \"$state\" = RUNNING ]; then");
        Line("    echo \"mnemo-slurm: requeueing $task; it resumes from its checkpoint\"");
        Line("    scontrol requeue \"$task\" && exit 0");
        Line("  fi");
        Line("  echo \"mnemo-slurm: $task stopped (job ${state:-gone}), not requeued: submit again with mnemo slurm to resume\"");
        Line("fi");
        Line("exit \"$rc\"");
        return s.ToString();
    }

    /// <summary>Runs `sbatch --parsable SCRIPT` and returns the job id; a clear error when sbatch is missing or refuses.</summary>
    public static string Submit(string scriptPath)
    {
        string sbatch = FindOnPath("sbatch") ?? throw new MnemoException(
            "sbatch not found on PATH: run mnemo slurm where Slurm's client commands are (a login node), or add --dry-run to write the script only");
        var start = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        start.ArgumentList.Add(scriptPath);
        using var p = Process.Start(start) ?? throw new MnemoException($"could not start {sbatch}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string error = stderr.Result.Trim();
        if (p.ExitCode != 0)
            throw new MnemoException($"sbatch {scriptPath} failed (exit {p.ExitCode}): {error.ReplaceLineEndings(" ")}");
        // --parsable: "jobid" or "jobid;cluster"
        string id = stdout.Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new MnemoException($"sbatch {scriptPath}: unexpected output '{stdout.Trim()}' {error}");
        return id;
    }

    public static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    /// <summary>Slurm reads #SBATCH values up to white space and expands % in --output: such study paths are refused.</summary>
    public static void CheckPath(StudyFolder folder)
    {
        if (folder.Root.Any(c => char.IsWhiteSpace(c) || c is '%' or '\'' or '"'))
            throw new MnemoException($"{folder.Root}: Slurm's #SBATCH lines cannot hold a path with spaces, quotes or '%'; choose another study folder");
    }

    static string JobName(StudyFolder folder)
    {
        string name = new(Path.GetFileName(folder.Root).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        return "mnemo-" + (name.Length > 0 ? name : "study");
    }

    /// <summary>A bash word: single quotes, with embedded ones closed, escaped and reopened.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c))
            ? word : "'" + word.Replace("'", "'\\''") + "'";
}
