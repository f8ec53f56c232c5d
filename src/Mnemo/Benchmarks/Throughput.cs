using System.Diagnostics;
using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>What a benchmark case times: a training step (cross-entropy), a SimCLR step (two views, NT-Xent), or an evaluation pass.</summary>
public enum BenchStep { Train, Simclr, Eval }

/// <summary>One network, input and batch to time; the same case is given to PyTorch (python/bench_pytorch.py).</summary>
public sealed record BenchCase(string Name, BenchStep Step, int Channels, int Size, int Width, int OutputDim, int Batch)
{
    /// <summary>Forward passes of one image a call costs per image: 3 per training view (2 views for SimCLR), 1 for evaluation.</summary>
    public double PassesPerImage => Step switch
    {
        BenchStep.Train => Flops.PassesPerTrainingView,
        BenchStep.Simclr => 2 * Flops.PassesPerTrainingView,
        _ => 1,
    };

    public double GflopsAt(double imagesPerSecond) => imagesPerSecond * PassesPerImage * Flops.Forward(Channels, Size, Size, Width, OutputDim) / 1e9;

    /// <summary>The paper's network (W = 64, 3x32x32) and the demo's (W = 8, 1x28x28), each step, batch 128.</summary>
    public static IReadOnlyList<BenchCase> Standard { get; } =
    [
        new("paper train", BenchStep.Train, 3, 32, 64, 10, 128),
        new("paper simclr", BenchStep.Simclr, 3, 32, 64, 128, 128),
        new("paper eval", BenchStep.Eval, 3, 32, 64, 10, 128),
        new("demo train", BenchStep.Train, 1, 28, 8, 10, 128),
        new("demo simclr", BenchStep.Simclr, 1, 28, 8, 128, 128),
        new("demo eval", BenchStep.Eval, 1, 28, 8, 10, 128),
    ];
}

/// <summary>
/// Images per second of Mnemo's own training and evaluation steps on random data (its kernels, its paradigms'
/// losses, its optimisers, one dispose scope a step, as training runs them), beside a float32 matrix-multiply
/// peak measured in the same process. Timings cover only the steps (after a warm-up call), never setup.
/// </summary>
public static class Throughput
{
    public static double ImagesPerSecond(BenchCase c, double seconds, Device device)
    {
        torch.manual_seed(0);
        using var model = new ResNet18(c.Channels, c.OutputDim, c.Width);
        model.to(device);
        using var x = randn(c.Batch, c.Channels, c.Size, c.Size, device: device);
        if (c.Step == BenchStep.Eval)
        {
            model.UseFastestLayout(device);
            model.eval();
            return Rate(seconds, c.Batch, device, () =>
            {
                using var noGrad = no_grad();
                using var kernels = NativeSetup.ForwardKernels(device);
                model.call(x).sum().item<float>();
            });
        }
        var paradigm = c.Step == BenchStep.Simclr ? (Paradigm)SimClr.Instance : Classification.Supervised;
        var settings = paradigm.Paper(c.OutputDim) with { OutputDim = c.OutputDim, LearningRate = 0.01 };
        using var optimizer = Optimizers.Create(model.parameters(), settings);
        model.UseFastestLayout(device);
        using var y = randint(0, c.OutputDim, [c.Batch], device: device);
        using var x2 = randn(c.Batch, c.Channels, c.Size, c.Size, device: device);
        Tensor[] views = paradigm.Views == 2 ? [x, x2] : [x];
        model.train();
        return Rate(seconds, c.Batch, device, () =>
        {
            Tensor loss;
            using (NativeSetup.ForwardKernels(device))
                (loss, _) = paradigm.Loss(model, views, y, settings);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        });
    }

    /// <summary>GFLOP/s of a float32 n x n matrix multiply.</summary>
    public static double MatmulGflops(int n, double seconds, Device device)
    {
        using var a = randn(n, n, device: device);
        using var b = randn(n, n, device: device);
        double rate = Rate(seconds, 1, device, () => a.matmul(b).sum().item<float>());
        return rate * 2.0 * n * n * n / 1e9;
    }

    // Items per second of `step` (in a dispose scope of its own), run until `seconds` have passed after one warm-up call.
    static double Rate(double seconds, int itemsPerCall, Device device, Action step)
    {
        void Scoped() { using var scope = NewDisposeScope(); step(); }
        Scoped();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds || calls < 2)
        {
            Scoped();
            calls++;
        }
        if (device.type == DeviceType.CUDA) cuda.synchronize();
        return calls * itemsPerCall / clock.Elapsed.TotalSeconds;
    }
}
