using System.ComponentModel;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo verify: every file of a study against its SHA-256 and against what its values must be.</summary>
public sealed class VerifyCommand(IAnsiConsole console) : Command<VerifyCommand.Settings>
{
    public sealed class Settings : StudyFolderSettings;

    /// <summary>Exit 0 when the study's own files and every finished run are intact (unfinished and pending runs are
    /// no fault); 1 when a file is damaged or missing, or a finished run has no checksums; 2 when DIR is no study.</summary>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var folder = new StudyFolder(settings.Study);
        var manifest = folder.ReadManifest();
        var config = manifest.Config;
        var table = new Table().Border(TableBorder.Simple).AddColumns("run", "state", "epochs", "detail");
        var checks = new List<RunCheck>();
        foreach (var run in folder.Runs(config))
        {
            cancel.ThrowIfCancellationRequested();
            var check = StudyVerify.Run(run, config);
            checks.Add(check);
            string detail = check.Describe();
            if (RunLock.LiveHolder(run) is { } holder && check.State == RunIntegrity.Unfinished)
                detail += $"; being trained by process {holder.Pid} on {holder.Host}";
            table.AddRow(Markup.Escape(run.Name), State(check.State),
                check.EpochsRecorded is int e ? $"{e}/{check.EpochsPlanned}" : $"-/{check.EpochsPlanned}", Markup.Escape(detail));
        }
        var studyFiles = StudyVerify.StudyFilesOf(folder, manifest);
        console.MarkupLineInterpolated($"study [bold]{folder.Root}[/] ({config.Preset})");
        console.Write(table);
        string studyLine = studyFiles.IsDamaged ? string.Join("; ", studyFiles.Problems)
            : studyFiles.HasChecksums ? "intact" : $"no {Checksums.FileName} (made before Mnemo wrote checksums): values checked";
        console.MarkupLine($"study files (study.json, random_labels.npy, augmentations/): {(studyFiles.IsDamaged ? "[red]damaged[/]: " : "")}{Markup.Escape(studyLine)}");

        var counts = Enum.GetValues<RunIntegrity>().Where(s => checks.Any(c => c.State == s))
            .Select(s => $"{checks.Count(c => c.State == s)} {Name(s)}");
        bool intact = !studyFiles.IsDamaged && studyFiles.HasChecksums &&
                      checks.All(c => c.State is RunIntegrity.Intact or RunIntegrity.Unfinished or RunIntegrity.Pending);
        string verdict = intact ? "[green]every finished run is intact[/]" : "[red]not intact[/] (mnemo run --retrain-damaged trains damaged runs again)";
        console.MarkupLine($"{Markup.Escape(StatusCommand.Plural(checks.Count, "run"))}: {Markup.Escape(string.Join(", ", counts))}; {verdict}");
        return intact ? ExitCodes.Ok : ExitCodes.Failed;
    }

    static string Name(RunIntegrity s) => s switch
    {
        RunIntegrity.MissingFile => "missing a file",
        RunIntegrity.NoChecksums => "without checksums",
        _ => s.ToString().ToLowerInvariant(),
    };

    static string State(RunIntegrity s) => s switch
    {
        RunIntegrity.Intact => "[green]intact[/]",
        RunIntegrity.Unfinished => "[blue]unfinished[/]",
        RunIntegrity.Pending => "pending",
        RunIntegrity.NoChecksums => "[yellow]no checksums[/]",
        RunIntegrity.MissingFile => "[red]missing file[/]",
        _ => "[red]damaged[/]",
    };
}
