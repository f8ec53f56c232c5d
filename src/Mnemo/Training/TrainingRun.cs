using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>What an epoch's steps have added up: the loss times the images of each batch, the views the network
/// got right, the views seen. A stop mid-epoch saves it with the checkpoint.</summary>
public sealed record EpochTotals(int Steps, double LossSum, long Correct, long Seen)
{
    public static readonly EpochTotals None = new(0, 0, 0, 0);

    public bool Finite => double.IsFinite(LossSum);
}

/// <summary>
/// One network of a study being trained: its model, optimiser, training data and augmentation, fixed
/// evaluation views and records. Every random draw is derived from (study seed, paradigm, run, epoch, step),
/// so an epoch redone from its checkpoint draws exactly what it drew the first time.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    public RunFolder Folder { get; }
    public Paradigm Paradigm { get; }
    public ParadigmSettings Settings { get; }
    public RunRecords Records { get; }
    /// <summary>Steps per epoch: B images each; the last, smaller batch is kept unless it has 1 image (BatchNorm needs 2).</summary>
    public int Steps { get; }
    public int Epochs => Settings.Epochs;
    public bool OnCpu => data.Device.type == DeviceType.CPU;

    readonly StudyData data;
    readonly ResNet18 model;
    readonly TorchSharp.Modules.OptimizerHelper optimizer;
    readonly Augmentation augmentation;
    readonly int[]? labels;
    readonly Tensor? evalLabels;
    readonly Tensor[][] evalViews;
    readonly int runSeed;

    public TrainingRun(StudyData data, RunFolder folder, Paradigm paradigm)
    {
        (this.data, Folder, Paradigm, Settings) = (data, folder, paradigm, data.Config.For(paradigm.Name));
        var config = data.Config;
        // The network's initialisation is the only draw from torch's own generator.
        runSeed = Seeds.Derive(config.Seed, $"run/{paradigm.Name}", folder.Seed);
        torch.manual_seed(runSeed);
        model = new ResNet18(data.Manifest.ImageShape[0], Settings.OutputDim, config.Width, Settings.Head);
        model.to(data.Device);
        optimizer = Optimizers.Create(model.parameters(), Settings);
        model.UseFastestLayout(data.Device);
        augmentation = data.AugmentationFor(Settings);
        labels = paradigm.TrainingLabels(data);
        evalLabels = labels is null ? null : data.Labels(labels, data.EvalPositions);
        evalViews = EvalViews.Tensors(data, paradigm);
        Records = new RunRecords(folder, config.Augmentations, config.EvalSize, hasReverse: paradigm.Views == 2);
        Steps = RunCost.Of(config, data.Count, paradigm.Name).Steps;
    }

    /// <summary>Cosine annealing stepped once per epoch, as PyTorch's CosineAnnealingLR.</summary>
    public double LearningRate(int epoch) =>
        Settings.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / (Settings.ScheduleEpochs ?? Settings.Epochs)));

    /// <summary>
    /// The steps of epoch <paramref name="epoch"/> from <paramref name="done"/> (a fresh epoch, or what a stop saved)
    /// to its end, or to the step before which <paramref name="stop"/> says so; <paramref name="afterStep"/> gets
    /// the steps done. The loss and the correct views are added up on the device and read once, at the end:
    /// reading them every step would make the host wait for the device every step.
    /// </summary>
    public EpochTotals TrainEpoch(int epoch, EpochTotals done, Func<bool> stop, Action<int>? afterStep = null)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = LearningRate(epoch);
        var order = Seeds.Permutation(data.Count, new Random(Seeds.Derive(runSeed, "order", epoch)));
        int b = data.Config.BatchSize, step = done.Steps;
        using var lossSum = tensor(done.LossSum, float64, data.Device);
        using var correctSum = tensor(done.Correct, int64, data.Device);
        long seen = done.Seen;
        model.train();
        for (; step < Steps && !stop(); step++)
        {
            using var scope = NewDisposeScope();
            int[] batch = order[(step * b)..Math.Min((step + 1) * b, data.Count)];
            var images = data.Images(batch);
            var views = Enumerable.Range(0, Paradigm.Views).Select(v => augmentation.Apply(images,
                augmentation.Sample(batch.Length, new Random(Seeds.Derive(runSeed, "augment", epoch, step, v))))).ToArray();
            var batchLabels = labels is null ? null : data.Labels(labels, batch);
            Tensor loss, correct;
            using (NativeSetup.ForwardKernels(data.Device))
                (loss, correct) = Paradigm.Loss(model, views, batchLabels, Settings);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            using Scalar batchSize = batch.Length;   // held: TorchSharp would let a GC free a temporary one mid-call
            lossSum.add_(loss.detach().to(float64).mul_(batchSize), HeldScalars.One);
            correctSum.add_(correct, HeldScalars.One);
            seen += (long)batch.Length * Paradigm.Views;
            afterStep?.Invoke(step + 1);
        }
        return new EpochTotals(step, lossSum.item<double>(), correctSum.item<long>(), seen);
    }

    /// <summary>Recognition of the fixed views; null when its margins stay NaN (a numeric fault of the machine,
    /// the weights being finite), which is measured again rather than recorded as "not recognised".</summary>
    public RecognitionRecord? Recognise(int attempts, Action<string>? warn)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using var kernels = NativeSetup.ForwardKernels(data.Device);
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            var r = Paradigm.Recognise(model, evalViews, evalLabels, Settings);
            if (!r.Margins.Any(Half.IsNaN) && !(r.ReverseMargins?.Any(Half.IsNaN) ?? false))
                return r;
            warn?.Invoke($"{Folder.Name}: NaN in recognition margins; evaluating again");
        }
        return null;
    }

    public bool WeightsFinite()
    {
        using var scope = NewDisposeScope();
        return stack(model.parameters().Select(p => p.isfinite().all()).ToArray()).all().item<bool>();
    }

    /// <summary>Weights, optimiser and position; <paramref name="midEpoch"/> when stopped between two steps.</summary>
    public void SaveCheckpoint(int epochsDone, EpochTotals? midEpoch = null, double seconds = 0) =>
        Checkpoint.Save(Folder, model, optimizer, new CheckpointState
        {
            EpochsDone = epochsDone, Step = midEpoch?.Steps ?? 0, LossSum = midEpoch?.LossSum ?? 0,
            Correct = midEpoch?.Correct ?? 0, Seen = midEpoch?.Seen ?? 0, Seconds = seconds,
            Tag = midEpoch is null ? $"e{epochsDone}" : $"e{epochsDone + 1}s{midEpoch.Steps}",
        });

    /// <summary>Restores weights and optimiser from the checkpoint; null when the run has none.</summary>
    public CheckpointState? LoadCheckpoint() => Checkpoint.Load(Folder, model, optimizer);

    /// <summary>model.bin and, for PyTorch, model.safetensors.</summary>
    public void SaveModel()
    {
        using (model.InPyTorchLayout())
            AtomicFile.WriteVia(Folder.ModelPath, path => model.save(path));
        SaveSafetensors(Folder.SafetensorsPath);
        Checksums.Record(Folder.Dir, [Folder.ModelPath, Folder.SafetensorsPath]);
    }

    public void SaveSafetensors(string path) => ModelFiles.WriteSafetensors(model, path);

    /// <summary>E of --keep-models: the network is kept after every E-th epoch; null: only the final one.</summary>
    public int? KeepModels => data.Config.KeepModels;

    public void Dispose()
    {
        foreach (var views in evalViews) foreach (var v in views) v.Dispose();
        evalLabels?.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }
}
