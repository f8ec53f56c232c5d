using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Mnemo.Analysis.Representations;

/// <summary>Settings of the linear probe: softmax regression by Adam on frozen features.</summary>
public sealed record LinearProbeOptions
{
    public int Epochs { get; init; } = 10;
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 256;
    /// <summary>
    /// Small training sets get more epochs, up to this many Adam steps in all: the paper's 50,000 images
    /// take ~2,000 steps in 10 epochs, while a CPU study's 1,024 would take 40 and stop far from the optimum.
    /// </summary>
    public int MinSteps { get; init; } = 1000;
    /// <summary>Seeds the batch order; the weights start at zero.</summary>
    public int Seed { get; init; }
}

/// <summary>Accuracy of a probe on the features it was trained on and on held-out ones.</summary>
public sealed record ProbeAccuracy(double Train, double Test, int Epochs);

/// <summary>
/// A linear classifier on frozen features: how linearly decodable the classes are from a representation.
/// Features are standardised with the training set's mean and standard deviation first; a linear layer
/// could absorb that, but Adam's fixed step size reaches the optimum only when scales are comparable.
/// </summary>
public static class LinearProbe
{
    /// <summary>trainX: [nTrain, dim] row-major, testX: [nTest, dim]; labels in 0..classes-1.</summary>
    public static ProbeAccuracy Fit(float[] trainX, int[] trainY, float[] testX, int[] testY, int dim, int classes,
                                    LinearProbeOptions options, Device device)
    {
        int n = trainY.Length;
        if (trainX.Length != (long)n * dim || testX.Length != (long)testY.Length * dim)
            throw new ArgumentException($"features do not match labels: {trainX.Length} and {testX.Length} values for {n} and {testY.Length} rows of {dim}");
        if (n == 0) throw new MnemoException("linear probe: no training examples");

        using var scope = NewDisposeScope();
        var x = tensor(trainX, [n, dim], device: device);
        var mean = x.mean([0], keepdim: true);
        using Scalar floor = 1e-6;   // held: TorchSharp would let a GC free a temporary one mid-call
        var std = x.std([0], keepdim: true).clamp_min(floor);
        x = (x - mean) / std;
        var y = tensor(trainY.Select(v => (long)v).ToArray(), device: device);
        var testInput = (tensor(testX, [testY.Length, dim], device: device) - mean) / std;

        using var layer = Linear(dim, classes, device: device);
        using (no_grad()) { layer.weight!.zero_(); layer.bias!.zero_(); }
        using var adam = new Training.ScalarSafeAdam(layer.parameters(), options.LearningRate, weightDecay: 0);
        int steps = (n + options.BatchSize - 1) / options.BatchSize;
        int epochs = Math.Max(options.Epochs, (options.MinSteps + steps - 1) / steps);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var order = Seeds.Permutation(n, new Random(Seeds.Derive(options.Seed, "probe-order", epoch)));
            for (int step = 0; step < steps; step++)
            {
                using var stepScope = NewDisposeScope();
                var batch = tensor(order[(step * options.BatchSize)..Math.Min(n, (step + 1) * options.BatchSize)].Select(i => (long)i).ToArray(), device: device);
                adam.zero_grad();
                functional.cross_entropy(layer.call(x.index_select(0, batch)), y.index_select(0, batch)).backward();
                adam.step();
            }
        }
        return new ProbeAccuracy(Accuracy(layer, x, trainY), Accuracy(layer, testInput, testY), epochs);
    }

    static double Accuracy(Module<Tensor, Tensor> layer, Tensor x, int[] labels)
    {
        if (labels.Length == 0) return double.NaN;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var predicted = layer.call(x).argmax(1).cpu().data<long>().ToArray();
        return predicted.Where((p, i) => p == labels[i]).Count() / (double)labels.Length;
    }
}
