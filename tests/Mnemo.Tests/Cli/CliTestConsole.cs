using Mnemo.Cli;
using Spectre.Console.Testing;

namespace Mnemo.Tests.Cli;

/// <summary>Runs the mnemo CLI in-process and captures what it printed.</summary>
public static class CliRunner
{
    public static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        int exit = MnemoApp.Run(args, console);
        return (exit, console.Output);
    }
}
