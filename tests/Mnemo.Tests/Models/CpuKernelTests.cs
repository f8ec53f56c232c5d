using Mnemo.Models;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

public class CpuKernelTests
{
    [Fact]
    public void OneDnn_is_off_unless_asked_for()
    {
        NativeSetup.ChooseCpuKernels();
        Assert.Equal(NativeSetup.OneDnnRequested ? "oneDNN" : "ATen im2col + BLAS (oneDNN off)", NativeSetup.CpuKernels);
    }

    [Fact]
    public void Inference_kernels_are_oneDNN_inside_the_scope_only_and_give_ATens_outputs()
    {
        if (NativeSetup.OneDnnRequested) return;   // nothing to switch
        NativeSetup.ChooseCpuKernels();
        manual_seed(3);
        using var model = new ResNet18(1, 10, width: 4);
        model.eval();
        using var noGrad = no_grad();
        using var x = randn(8, 1, 28, 28);
        using var aten = model.call(x);
        using (NativeSetup.InferenceKernels(CPU))
        {
            Assert.Equal("oneDNN", NativeSetup.CpuKernels);
            using var onednn = model.call(x);
            Assert.True(onednn.allclose(aten, rtol: 1e-4, atol: 1e-5), "oneDNN's forward differs from ATen's");
        }
        Assert.Equal("ATen im2col + BLAS (oneDNN off)", NativeSetup.CpuKernels);
    }

    [Fact]
    public void Convolution_gradients_are_finite_with_two_threads()
    {
        // With oneDNN on, about one pass in four gave NaN weight gradients on this project's machines,
        // so 60 passes would catch its return with near certainty.
        NativeSetup.ChooseCpuKernels();
        int threads = get_num_threads();
        set_num_threads(2);
        try
        {
            for (int trial = 0; trial < 60; trial++)
            {
                using var scope = NewDisposeScope();
                manual_seed(trial);
                using var model = new ResNet18(3, 10, width: 4);
                model.call(randn(16, 3, 16, 16)).pow(2).sum().backward();
                Assert.DoesNotContain(model.parameters(), p => p.grad!.isnan().any().item<bool>());
            }
        }
        finally { set_num_threads(threads); }
    }
}
