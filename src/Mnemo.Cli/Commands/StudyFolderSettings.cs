using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>The one option of the commands that read a study folder and compute nothing: --study DIR, required.</summary>
public class StudyFolderSettings : CommandSettings
{
    [CommandOption("--study <DIR>"), Description("Study folder.")]
    public string Study { get; init; } = "";

    public override ValidationResult Validate() =>
        Study.Length == 0 ? ValidationResult.Error("--study is required") : base.Validate();
}
