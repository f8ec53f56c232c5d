using System.ComponentModel;
using Mnemo.Recording;
using Mnemo.Study;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo export: model.safetensors for the finished runs of a study recorded before runs wrote it.</summary>
public sealed class ExportCommand(IAnsiConsole console) : Command<ExportCommand.Settings>
{
    public sealed class Settings : StudyFolderSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var result = ModelFiles.Export(new StudyFolder(settings.Study), line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        console.MarkupLineInterpolated(
            $"model.safetensors: {result.Written.Count} written, {result.AlreadyThere.Count} already there, {result.Unfinished.Count} runs not finished (they write theirs when they finish)");
        return 0;
    }
}
