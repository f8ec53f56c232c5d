using System.ComponentModel;
using System.Diagnostics;
using Mnemo.Report;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo report: the paper's analysis of a study folder, complete or partial, from its records alone.</summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--study <DIR>"), Description("Study folder.")]
        public string Study { get; init; } = "";

        public override ValidationResult Validate() =>
            Study.Length == 0 ? ValidationResult.Error("--study is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        Write(console, settings.Study);
        return 0;
    }

    /// <summary>Writes DIR/report and says what it found: also the last step of `mnemo run`.</summary>
    public static ReportResult Write(IAnsiConsole console, string studyDir)
    {
        var clock = Stopwatch.StartNew();
        var result = StudyReport.Write(studyDir, new Progress<string>(line => console.MarkupLineInterpolated($"[grey]report: {line}[/]")));
        foreach (var missing in result.MissingRuns)
            console.MarkupLineInterpolated($"[yellow]missing:[/] {missing}");
        var table = new Table().AddColumns("finding", "holds", "measured");
        foreach (var f in result.Findings)
            table.AddRow(Markup.Escape(f.Id), f.Holds switch { true => "[green]holds[/]", false => "[red]does not hold[/]", null => "[grey]not measurable[/]" }, Markup.Escape(f.Detail));
        console.Write(table);
        console.MarkupLineInterpolated($"report ({clock.Elapsed.TotalSeconds:F1} s): {result.HtmlPath}");
        return result;
    }
}
