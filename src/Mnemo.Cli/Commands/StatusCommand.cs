using System.ComponentModel;
using System.Globalization;
using Mnemo.Cluster;
using Mnemo.Study;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo status: every run of a study, as its folder tells it, and an ETA.</summary>
public sealed class StatusCommand(IAnsiConsole console) : Command<StatusCommand.Settings>
{
    public sealed class Settings : StudyFolderSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var status = StudyStatus.Read(new StudyFolder(settings.Study));
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("run", "state", "epochs", "last loss", "s/epoch", "host", "updated", "note");
        foreach (var r in status.Runs)
            table.AddRow(
                Markup.Escape(r.Name), State(r.State), $"{r.EpochsDone}/{r.Epochs}",
                r.LastLoss is double l ? l.ToString("G4", CultureInfo.InvariantCulture) : "",
                r.SecondsPerEpoch is double s ? s.ToString("F1", CultureInfo.InvariantCulture) : "",
                Markup.Escape(r.Host ?? ""), r.Updated is { } u ? u.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "",
                Markup.Escape(r.Note ?? ""));
        console.MarkupLineInterpolated($"study [bold]{status.Root}[/] ({status.Preset})");
        console.Write(table);

        var counts = Enum.GetValues<RunView>().Where(v => status.Count(v) > 0).Select(v => $"{status.Count(v)} {Name(v)}");
        console.WriteLine($"{Plural(status.Runs.Count, "run")}: {string.Join(", ", counts)}; {Plural(status.RemainingEpochs, "epoch")} left");
        if (status.Finished) { console.WriteLine("ETA: done"); return 0; }
        int running = status.Count(RunView.Running);
        string eta = Eta(status.EtaSeconds);
        string divisor = running > 0 ? $"{Plural(running, "run")} running now" : "no run running now: one at a time";
        if (status.Untimed.Count == status.Remaining.Count(p => p.RemainingEpochs > 0))
            console.WriteLine($"ETA: unknown until an epoch of {string.Join(", ", status.Untimed)} has been timed");
        else if (status.Untimed.Count > 0)
            console.WriteLine($"ETA: more than {eta} ({divisor}; no epoch timed yet for {string.Join(", ", status.Untimed)})");
        else
            console.WriteLine($"ETA: {eta} ({divisor})");
        foreach (var line in StudyStatus.EtaRule.Split("; "))
            console.WriteLine($"  {line}");
        return 0;
    }

    internal static string Plural(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    static string Name(RunView v) => v == RunView.Stale ? "stale (died?)" : v.ToString().ToLowerInvariant();

    static string State(RunView v) => v switch
    {
        RunView.Done => "[green]done[/]",
        RunView.Running => "[blue]running[/]",
        RunView.Stale => "[red]stale (died?)[/]",
        RunView.Failed => "[red]failed[/]",
        RunView.Stopped => "[yellow]stopped[/]",
        _ => "pending",
    };

    static string Eta(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(seconds)) is var t && t.TotalDays >= 1
            ? $"{(int)t.TotalDays}d {t:hh\\:mm\\:ss}" : $"{t:hh\\:mm\\:ss}";
}
