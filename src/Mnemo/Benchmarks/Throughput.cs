using System.Diagnostics;
using Mnemo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>One network's measured speed: images per second and the FLOP rate that implies.</summary>
public sealed record ThroughputResult(string Name, double TrainImagesPerSecond, double EvalImagesPerSecond,
                                      double TrainGflops, double EvalGflops);

/// <summary>
/// Throughput of training and evaluation steps on random data, beside a float32 matrix-multiply peak
/// measured in the same process, so the ratio says how much of the machine a network uses. Timings
/// cover only the steps (after warm-up), never setup.
/// </summary>
public static class Throughput
{
    public static ThroughputResult Network(string name, int channels, int size, int width, int outputDim,
                                           int batch, double seconds, Device device)
    {
        torch.manual_seed(0);
        using var model = new ResNet18(channels, outputDim, width);
        model.to(device);
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        using var x = randn(batch, channels, size, size, device: device);
        using var y = randint(0, outputDim, [batch], device: device);

        double trainRate = Rate(seconds, batch, () =>
        {
            using var scope = NewDisposeScope();
            model.train();
            Tensor loss;
            using (NativeSetup.ForwardKernels(device))
                loss = nn.functional.cross_entropy(model.call(x), y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }, device);
        double evalRate = Rate(seconds, batch, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var kernels = NativeSetup.ForwardKernels(device);
            model.eval();
            model.call(x).sum().item<float>();
        }, device);
        double forward = Flops.Forward(channels, size, size, width, outputDim);
        return new ThroughputResult(name, trainRate, evalRate, trainRate * 3 * forward / 1e9, evalRate * forward / 1e9);
    }

    /// <summary>GFLOP/s of a float32 n x n matrix multiply.</summary>
    public static double MatmulGflops(int n, double seconds, Device device)
    {
        using var a = randn(n, n, device: device);
        using var b = randn(n, n, device: device);
        double rate = Rate(seconds, 1, () =>
        {
            using var scope = NewDisposeScope();
            a.matmul(b).sum().item<float>();
        }, device);
        return rate * 2.0 * n * n * n / 1e9;
    }

    // Items per second of `step`, run until `seconds` have passed (after one warm-up call).
    static double Rate(double seconds, int itemsPerCall, Action step, Device device)
    {
        step();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds || calls < 2)
        {
            step();
            calls++;
        }
        if (device.type == DeviceType.CUDA) cuda.synchronize();
        return calls * itemsPerCall / clock.Elapsed.TotalSeconds;
    }
}
