using Mnemo.Models;
using Mnemo.Paradigms;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

public class ResNet18Tests
{
    [Fact]
    public void The_paper_network_has_the_CIFAR_ResNet18_shape()
    {
        using var model = new ResNet18(3, 10, width: 64);
        var names = model.state_dict().Keys.ToList();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("layer4.1.bn2.running_var", names);
        Assert.Contains("fc.weight", names);
        long parameters = model.parameters().Sum(p => p.numel());
        Assert.InRange(parameters, 11_170_000, 11_180_000);   // 11.17 M, as torchvision's CIFAR variant
        using var x = randn(2, 3, 32, 32);
        using var y = model.call(x);
        Assert.Equal([2L, 10], y.shape);
        using var f = model.Features(x);
        Assert.Equal([2L, 512], f.shape);
    }

    [Fact]
    public void Width_input_channels_and_head_are_settings()
    {
        using var model = new ResNet18(1, 128, width: 8, head: HeadKind.Mlp);
        using var x = randn(3, 1, 28, 28);
        Assert.Equal([3L, 128], model.call(x).shape);
        Assert.Equal([3L, 64], model.Features(x).shape);
        Assert.Equal([3L, 16, 14, 14], model.StageOutput(x, 2).shape);
    }

    [Fact]
    public void Flops_count_matches_the_known_cost_of_the_paper_network()
    {
        // CIFAR ResNet-18: about 0.56 GMACs per 32x32 image.
        double gflops = Flops.Forward(3, 32, 32, 64, 10) / 1e9;
        Assert.InRange(gflops, 1.10, 1.13);
    }

    [Fact]
    public void Its_batch_norm_computes_what_TorchSharps_does_in_training_and_in_eval_mode()
    {
        manual_seed(4);
        using var ours = nn.BatchNorm2d(6);
        using var theirs = nn.BatchNorm2d(6);
        using (no_grad()) { ours.weight!.uniform_(0.5, 1.5); theirs.weight!.copy_(ours.weight); }
        for (int step = 0; step < 3; step++)
        {
            using var x = randn(8, 6, 5, 5) * 2 + 1;
            ours.train(); theirs.train();
            Assert.True(ResNet18.Norm(ours, x).allclose(theirs.call(x), rtol: 0, atol: 0), $"training output, step {step}");
            Assert.True(ours.running_mean!.allclose(theirs.running_mean!, rtol: 0, atol: 0) && ours.running_var!.allclose(theirs.running_var!, rtol: 0, atol: 0), "running statistics");
            Assert.Equal(theirs.num_batches_tracked!.item<long>(), ours.num_batches_tracked!.item<long>());
        }
        using var z = randn(3, 6, 5, 5);
        ours.eval(); theirs.eval();
        Assert.True(ResNet18.Norm(ours, z).allclose(theirs.call(z), rtol: 0, atol: 0), "eval output");
        Assert.Equal(3, ours.num_batches_tracked!.item<long>());
    }
}
