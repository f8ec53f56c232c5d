using Mnemo.Tests.Cli;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Cluster;

/// <summary>A test of what happens without a usable GPU: skipped, with the reason, where CUDA is available.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (cuda.is_available()) Skip = "a CUDA build on a GPU machine: --device cuda is accepted, there is nothing to refuse";
    }
}

public class DeviceTests
{
    [NoCudaFact]
    public void Asking_for_cuda_without_it_says_which_build_this_is_and_what_to_do()
    {
        using var dir = new TempDir();
        var (exit, output) = CliRunner.Run("run", "--preset", "smoke", "--out", dir.Combine("s"), "--device", "cuda");
        Assert.Equal(2, exit);
        Assert.Contains("--device cuda:", output);
        Assert.Contains(TorchBuild.Flavor == "cpu" ? "-p:Cuda=true" : "no usable GPU", output);
        Assert.DoesNotContain("   at ", output);
    }
}
