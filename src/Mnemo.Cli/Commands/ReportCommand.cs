using System.ComponentModel;
using System.Diagnostics;
using Mnemo.Report;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo report: the paper's analysis of a study folder, complete or partial, from its records alone.</summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportCommand.Settings>
{
    public sealed class Settings : RuntimeSettings
    {
        [CommandOption("--study <DIR>"), Description("Study folder.")]
        public string Study { get; init; } = "";

        [CommandOption("--no-representations"), Description("Skip figures 6-7 and the linear probe (they load the networks).")]
        public bool NoRepresentations { get; init; }

        [CommandOption("--thresholds <LIST>"), Description("Align the paradigms at these mean-p levels instead of the study's own (e.g. 0.15,0.2,0.25).")]
        public string? Thresholds { get; init; }

        [CommandOption("--out <DIR>"), Description("Where to write the report (default: the study's report/ folder; with --models-at E, report-epoch-E/).")]
        public string? Out { get; init; }

        [CommandOption("--models-at <EPOCH>"), Description("Figures 6-7 and the probe of the networks kept after this epoch (a study run with --keep-models) instead of the final ones.")]
        public int? ModelsAt { get; init; }

        public override ValidationResult Validate() =>
            Study.Length == 0 ? ValidationResult.Error("--study is required")
            : ModelsAt < 0 ? ValidationResult.Error($"--models-at must be an epoch, 0 or more (got {ModelsAt})")
            : ModelsAt is not null && NoRepresentations ? ValidationResult.Error("--models-at reads networks for figures 6-7 and the probe, which --no-representations skips")
            : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var thresholds = settings.Thresholds is null ? null : StudySettings.ParseThresholds(settings.Thresholds);
        if (thresholds is not null && (thresholds.Length == 0 || thresholds.Any(t => t is <= 0 or >= 1)))
            throw new MnemoException($"--thresholds must be numbers strictly between 0 and 1, comma-separated (got '{settings.Thresholds}')");
        // The snapshots' figures go beside the final models' report, not over it.
        string? reportDir = settings.Out ?? (settings.ModelsAt is int epoch ? Path.Combine(settings.Study, $"report-epoch-{epoch}") : null);
        Write(console, settings.Study, settings.NoRepresentations ? null : settings.ResolveDevice(), thresholds, reportDir, settings.ModelsAt);
        return 0;
    }

    /// <summary>Writes DIR/report and says what it found: also the last step of `mnemo run`.</summary>
    /// <param name="device">Where the networks of figures 6-7 and the probe run; null skips them.</param>
    /// <param name="modelsAt">Read the networks kept after this epoch instead of the final ones.</param>
    public static ReportResult Write(IAnsiConsole console, string studyDir, TorchSharp.torch.Device? device,
                                     IReadOnlyList<double>? thresholds = null, string? reportDir = null, int? modelsAt = null)
    {
        var clock = Stopwatch.StartNew();
        // Synchronous: Progress<T> would post to the thread pool and print out of order.
        var progress = new SyncProgress(line => console.MarkupLineInterpolated($"[grey]report: {line}[/]"));
        var folder = new Mnemo.Study.StudyFolder(studyDir);
        folder.ReadManifest();
        reportDir ??= folder.ReportDir;
        var representations = device is null ? null
            : RepresentationReport.Write(folder, reportDir, device, new RepresentationOptions { ModelsAt = modelsAt }, progress);
        var result = StudyReport.Write(studyDir, progress, representations, thresholds, reportDir);
        foreach (var missing in result.MissingRuns)
            console.MarkupLineInterpolated($"[yellow]missing:[/] {missing}");
        foreach (var damaged in result.DamagedRuns)
            console.MarkupLineInterpolated($"[red]damaged:[/] {damaged}");
        var table = new Table().AddColumns("finding", "holds", "measured");
        foreach (var f in result.Findings)
            table.AddRow(Markup.Escape(f.Id), f.Holds switch { true => "[green]holds[/]", false => "[red]does not hold[/]", null => "[grey]not measurable[/]" }, Markup.Escape(f.Detail));
        console.Write(table);
        if (representations is not null)
        {
            var probe = new Table().AddColumns("linear probe", "train acc", "test acc");
            foreach (var row in representations.Probe)
                probe.AddRow(Markup.Escape(row.Network), $"{row.TrainAccuracy:F3}", $"{row.TestAccuracy:F3}");
            console.Write(probe);
        }
        console.MarkupLineInterpolated($"report ({clock.Elapsed.TotalSeconds:F1} s): {result.HtmlPath}");
        return result;
    }

    sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
