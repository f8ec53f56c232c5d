using System.ComponentModel;
using Spectre.Console.Cli;
using TorchSharp;

namespace Mnemo.Cli.Commands;

/// <summary>How to compute, not what: these never change a study's results (given the same thread count).</summary>
public class RuntimeSettings : CommandSettings
{
    [CommandOption("--threads <T>"), Description("CPU threads for torch (default: all cores).")]
    public int? Threads { get; init; }

    [CommandOption("--device <DEVICE>"), Description("cpu, cuda or auto (cuda when available). Default: cpu.")]
    public string Device { get; init; } = "cpu";

    public override Spectre.Console.ValidationResult Validate()
    {
        if (Threads is < 1) return Spectre.Console.ValidationResult.Error("--threads must be at least 1");
        if (Device is not ("cpu" or "cuda" or "auto")) return Spectre.Console.ValidationResult.Error($"--device must be cpu, cuda or auto (got '{Device}')");
        return base.Validate();
    }

    public torch.Device ResolveDevice()
    {
        NativeSetup.ChooseCpuKernels();
        torch.set_num_threads(Threads ?? Environment.ProcessorCount);
        bool cuda = torch.cuda.is_available();
        return Device switch
        {
            "cuda" when !cuda => throw new MnemoException($"--device cuda: {TorchBuild.NoCudaReason}"),
            "cuda" => torch.CUDA,
            "auto" => cuda ? torch.CUDA : torch.CPU,
            _ => torch.CPU,
        };
    }
}
