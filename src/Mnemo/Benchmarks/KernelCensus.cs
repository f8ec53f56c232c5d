using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>One paradigm's census: training steps taken, and how many gave a non-finite loss or gradient.</summary>
public sealed record CensusResult(string Paradigm, int Steps, int NonFiniteLosses, int NonFiniteGradients);

/// <summary>
/// Are the CPU kernels sound on this machine? Mnemo's own training steps, as a run takes them (its augmentations
/// of real images, its losses, its optimisers, the kernels training uses, a dispose scope a step), on the demo's
/// network, counting the steps whose loss or any gradient is not finite. A fresh network every 100 steps, so both
/// fresh and trained weights are seen. oneDNN's convolution backward gave NaN gradients on round 1's machines
/// (AMD EPYC with AVX-512 in a VM; README, "Platform notes"); run this where you doubt a machine.
/// </summary>
public static class KernelCensus
{
    const int Width = 8, Batch = 64, FreshEvery = 100;

    public static IReadOnlyList<CensusResult> Run(int stepsPerParadigm, Device device, int seed = 0, Action<string>? say = null)
    {
        var images = Images();
        var normalization = Normalization.Measure(images);
        int[] shape = [images.Channels, images.Height, images.Width];
        using var pixels = tensor(images.Pixels, [images.Count, shape[0], shape[1], shape[2]], dtype: ScalarType.Byte, device: device);
        using var labels = tensor(images.Labels.Select(l => (long)l).ToArray(), device: device);
        var results = new List<CensusResult>();
        foreach (var paradigm in Paradigm.All)
        {
            var settings = paradigm.Cpu(10);
            var augmentation = Augmentation.For(settings, shape, normalization);
            int losses = 0, gradients = 0;
            ResNet18? model = null;
            TorchSharp.Modules.OptimizerHelper? optimizer = null;
            for (int step = 0; step < stepsPerParadigm; step++)
            {
                if (step % FreshEvery == 0)
                {
                    optimizer?.Dispose(); model?.Dispose();
                    manual_seed(Seeds.Derive(seed, $"census/{paradigm.Name}", step));
                    model = new ResNet18(shape[0], settings.OutputDim, Width, settings.Head);
                    model.to(device);
                    model.train();
                    optimizer = Optimizers.Create(model.parameters(), settings);
                    model.UseFastestLayout(device);
                    say?.Invoke($"census: {paradigm.Name}, steps {step}-{Math.Min(step + FreshEvery, stepsPerParadigm) - 1} of {stepsPerParadigm}");
                }
                using var scope = NewDisposeScope();
                var rng = new Random(Seeds.Derive(seed, $"census-batch/{paradigm.Name}", step));
                var batch = tensor(Enumerable.Range(0, Batch).Select(_ => (long)rng.Next(images.Count)).ToArray(), device: device);
                var x = pixels.index_select(0, batch).to(float32).div_(StudyData.PixelScale);
                var views = Enumerable.Range(0, paradigm.Views).Select(_ => augmentation.Apply(x, augmentation.Sample(Batch, rng))).ToArray();
                Tensor loss;
                using (NativeSetup.ForwardKernels(device))
                    (loss, _) = paradigm.Loss(model!, views, labels.index_select(0, batch), settings);
                optimizer!.zero_grad();
                loss.backward();
                if (!loss.isfinite().item<bool>()) losses++;
                if (!stack(model!.parameters().Select(p => p.grad!.isfinite().all()).ToArray()).all().item<bool>()) gradients++;
                optimizer.step();
            }
            optimizer?.Dispose(); model?.Dispose();
            results.Add(new CensusResult(paradigm.Name, stepsPerParadigm, losses, gradients));
        }
        return results;
    }

    // Fashion-MNIST's first 512 training images where Debian's package is installed, else synthetic images of that shape.
    static ImageSet Images()
    {
        var data = Directory.Exists(DataSource.FashionMnistFolder)
            ? DataSource.Load("fashion-mnist")
            : DataSource.Load("synthetic:train=512,test=10,size=28,channels=1,classes=10");
        return data.Train.Subset(Enumerable.Range(0, Math.Min(512, data.Train.Count)).ToArray());
    }
}
