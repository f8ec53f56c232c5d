using System.Reflection;

namespace Mnemo;

/// <summary>Which libtorch this build of Mnemo references: "cpu" (the default) or "cuda" (`dotnet build -p:Cuda=true`).</summary>
public static class TorchBuild
{
    public static string Flavor { get; } =
        typeof(TorchBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBuild")?.Value ?? "cpu";

    /// <summary>Why --device cuda cannot be had, and what to do about it.</summary>
    public static string NoCudaReason => Flavor == "cuda"
        ? "this CUDA build of mnemo finds no usable GPU (check nvidia-smi, the NVIDIA driver and CUDA_VISIBLE_DEVICES; under Slurm, ask for --gpus-per-task)"
        : "this build of mnemo uses the CPU libtorch; build the CUDA one with `dotnet build src/Mnemo.Cli -c Release -p:Cuda=true` on a machine whose NuGet feed has TorchSharp-cuda-linux (see docs/cluster.md)";
}
