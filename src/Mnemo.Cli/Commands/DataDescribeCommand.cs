using System.ComponentModel;
using Mnemo.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

public sealed class DataDescribeCommand(IAnsiConsole console) : Command<DataDescribeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <SPEC>"), Description("fashion-mnist (default), mnist:DIR, idx:DIR, cifar10:DIR or synthetic.")]
        public string Data { get; init; } = "fashion-mnist";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var summary = DataDescription.Describe(DataSource.Load(settings.Data));
        console.MarkupLineInterpolated(
            $"[bold]{summary.Name}[/]: {summary.TrainCount} train, {summary.TestCount} test, images {summary.Shape} (C x H x W), {summary.Classes.Count} classes");
        var table = new Table().AddColumns("label", "class", "train", "test");
        foreach (var c in summary.Classes)
            table.AddRow(c.Label.ToString(), Markup.Escape(c.Name), c.Train.ToString(), c.Test.ToString());
        console.Write(table);
        return 0;
    }
}
