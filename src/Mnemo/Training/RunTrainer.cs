using System.Diagnostics;
using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>Where a run is, for progress bars: Step of Steps within Epoch of Epochs.</summary>
public sealed record TrainProgress(string Run, int Epoch, int Epochs, int Step, int Steps, double? Loss, double? MeanRecognition);

/// <summary>
/// Trains one network (paradigm, seed) of a study and records what it recognises after every epoch.
/// A run stopped at any point (killed, or cancelled by a signal) restarts from its last checkpoint
/// and ends with the same records as a run that was never stopped.
/// </summary>
public static class RunTrainer
{
    public static RunStatus Train(StudyData data, StudyFolder folder, string paradigmName, int seed,
                                  Action<TrainProgress>? progress = null, CancellationToken cancel = default,
                                  Action<string>? warn = null)
    {
        var run = folder.Run(Paradigm.Get(paradigmName).Name, seed);
        if (run.IsDone) return run.ReadStatus()!;
        using var runLock = RunLock.Acquire(run);
        int epochs = data.Config.For(run.Paradigm).Epochs;
        void Mark(RunState state, string? error = null) => run.WriteStatus((run.ReadStatus() ?? new RunStatus()) with
        {
            State = state, Epochs = epochs, EpochsDone = Checkpoint.Read(run)?.EpochsDone ?? 0, Error = error,
            Host = Environment.MachineName, Updated = DateTimeOffset.UtcNow,
        });
        try
        {
            Mark(RunState.Running);
            return TrainLocked(data, folder, run, runLock, progress, cancel, warn);
        }
        catch (OperationCanceledException)
        {
            Mark(RunState.Stopped);
            throw;
        }
        catch (Exception e)
        {
            Mark(RunState.Failed, e.Message);
            throw;
        }
    }

    static RunStatus TrainLocked(StudyData data, StudyFolder folder, RunFolder run, RunLock runLock,
                                 Action<TrainProgress>? progress, CancellationToken cancel, Action<string>? warn)
    {
        var config = data.Config;
        var paradigm = Paradigm.Get(run.Paradigm);
        var s = config.For(paradigm.Name);
        int seed = run.Seed;

        // ---- setup: the network's initialisation is the only draw from torch's generator
        int runSeed = Seeds.Derive(config.Seed, $"run/{paradigm.Name}", seed);
        torch.manual_seed(runSeed);
        using var model = new ResNet18(data.Manifest.ImageShape[0], s.OutputDim, config.Width, s.Head);
        model.to(data.Device);
        using var optimizer = paradigm.CreateOptimizer(model, s);
        var augmentation = data.AugmentationFor(s);
        int[]? labelsByPosition = paradigm.TrainingLabels(data);
        using var evalLabels = labelsByPosition is null ? null : data.Labels(labelsByPosition, data.EvalPositions);
        var evalViews = data.EvalViews(paradigm.Name, paradigm.Views);
        var records = new RunRecords(run, config.Augmentations, config.EvalSize, hasReverse: paradigm.Views == 2);

        var state = Checkpoint.Load(run, model, optimizer);
        if (state is null)
        {
            records.Add(Evaluate() ?? throw new MnemoException($"{run.Name}: the initial network gives NaN outputs"),
                new EpochLog(0, null, null, s.LearningRate, 0, 0));
            records.Save();
            state = new CheckpointState { Tag = "e0" };
            Checkpoint.Save(run, model, optimizer, state);
        }
        else
        {
            records.Load(state.EpochsDone);
        }

        // ---- training: steps per epoch, B images each (the last, smaller batch is kept unless it has 1 image)
        int steps = RunCost.Of(config, data.Count, paradigm.Name).Steps;
        int scheduleEpochs = s.ScheduleEpochs ?? s.Epochs;
        int faults = 0;
        for (int epoch = state.EpochsDone + 1; epoch <= s.Epochs;)
        {
            // Cosine annealing stepped once per epoch, as PyTorch's CosineAnnealingLR.
            double lr = s.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / scheduleEpochs));
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            var order = Seeds.Permutation(data.Count, new Random(Seeds.Derive(runSeed, "order", epoch)));
            bool resuming = state.EpochsDone == epoch - 1 && state.Step > 0;
            double lossSum = resuming ? state.LossSum : 0, seconds = resuming ? state.Seconds : 0;
            long correct = resuming ? state.Correct : 0, seen = resuming ? state.Seen : 0;
            bool finite = true;
            var clock = Stopwatch.StartNew();

            model.train();
            string? nativeFault = null;
            try
            {
                for (int step = resuming ? state.Step : 0; step < steps && finite; step++)
                {
                    if (cancel.IsCancellationRequested)
                    {
                        // A safe point: between steps, so the checkpoint resumes this epoch exactly here.
                        Checkpoint.Save(run, model, optimizer, new CheckpointState
                        {
                            EpochsDone = epoch - 1, Step = step, LossSum = lossSum, Correct = correct, Seen = seen,
                            Seconds = seconds + clock.Elapsed.TotalSeconds, Tag = $"e{epoch}s{step}",
                        });
                        throw new OperationCanceledException($"{run.Name} stopped at epoch {epoch}, step {step}; checkpoint saved");
                    }
                    runLock.Heartbeat();
                    using var scope = NewDisposeScope();
                    int[] batch = order[(step * config.BatchSize)..Math.Min((step + 1) * config.BatchSize, data.Count)];
                    var images = data.Images(batch);
                    var views = Enumerable.Range(0, paradigm.Views).Select(v => augmentation.Apply(images,
                        augmentation.Sample(batch.Length, new Random(Seeds.Derive(runSeed, "augment", epoch, step, v))))).ToArray();
                    var labels = labelsByPosition is null ? null : data.Labels(labelsByPosition, batch);
                    Tensor loss; long right;
                    using (NativeSetup.ForwardKernels(data.Device))
                        (loss, right) = paradigm.Loss(model, views, labels, s);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    double lossValue = loss.item<float>();
                    finite = double.IsFinite(lossValue);
                    lossSum += lossValue * batch.Length;
                    correct += right;
                    seen += batch.Length * paradigm.Views;
                    progress?.Invoke(new TrainProgress(run.Name, epoch, s.Epochs, step + 1, steps, lossValue, null));
                }
            }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                // Besides real errors (which fail again below), a passing fault: TorchSharp 0.107 can free a
                // Scalar it handed to libtorch while libtorch reads it (see Optimizers.cs).
                nativeFault = e.Message.Split('\n')[0];
            }

            var recognition = nativeFault is null && finite && Finite(model) ? Evaluate() : null;
            if (recognition is null)
            {
                // Every draw comes from (seed, epoch, step), so redoing the epoch from the checkpoint
                // gives exactly what a pass without the fault gives; a real divergence or a real error fails again.
                if (++faults > MaxRetries)
                    throw new MnemoException(nativeFault is null
                        ? $"{run.Name}: loss or weights became NaN/infinite in epoch {epoch}, {MaxRetries} times from the same checkpoint; the learning rate is probably too high"
                        : $"{run.Name}: libtorch failed in epoch {epoch}, {MaxRetries} times from the same checkpoint: {nativeFault}");
                warn?.Invoke($"{run.Name}: {(nativeFault is null ? "non-finite loss or weights" : $"libtorch failed ({nativeFault})")} in epoch {epoch}; redoing it from the checkpoint (retry {faults} of {MaxRetries})");
                state = Checkpoint.Load(run, model, optimizer)!;
                continue;
            }
            seconds += clock.Elapsed.TotalSeconds;
            records.Add(recognition, new EpochLog(epoch, lossSum / Math.Max(1, seen / paradigm.Views),
                (double)correct / Math.Max(1, seen), lr, seconds, 0));
            records.Save();
            state = new CheckpointState { EpochsDone = epoch, Tag = $"e{epoch}" };
            Checkpoint.Save(run, model, optimizer, state);
            run.WriteStatus(StatusOf(RunState.Running, epoch, s.Epochs, records));
            progress?.Invoke(new TrainProgress(run.Name, epoch, s.Epochs, steps, steps, records.Log[^1].Loss, records.Log[^1].MeanRecognition));
            epoch++;
        }

        AtomicFile.WriteVia(run.ModelPath, path => model.save(path));
        var done = StatusOf(RunState.Done, s.Epochs, s.Epochs, records);
        run.WriteStatus(done);
        Checkpoint.Delete(run);
        foreach (var views in evalViews) foreach (var v in views) v.Dispose();
        return done;

        // Recognition with finite margins; a NaN there (a numeric fault of the machine, the weights
        // being finite) is measured again rather than recorded as "not recognised".
        RecognitionRecord? Evaluate()
        {
            model.eval();
            using var noGrad = torch.no_grad();
            using var kernels = NativeSetup.ForwardKernels(data.Device);
            for (int attempt = 0; attempt <= MaxRetries; attempt++)
            {
                var r = paradigm.Recognise(model, evalViews, evalLabels, config);
                if (!r.Margins.Any(Half.IsNaN) && !(r.ReverseMargins?.Any(Half.IsNaN) ?? false))
                    return r;
                warn?.Invoke($"{run.Name}: NaN in recognition margins; evaluating again");
            }
            return null;
        }
    }

    const int MaxRetries = 3;

    static bool Finite(ResNet18 model)
    {
        using var scope = NewDisposeScope();
        return model.parameters().All(p => p.isfinite().all().item<bool>());
    }

    static RunStatus StatusOf(RunState state, int epochsDone, int epochs, RunRecords records) => new()
    {
        State = state, EpochsDone = epochsDone, Epochs = epochs,
        LastLoss = records.Log[^1].Loss,
        SecondsPerEpoch = records.Log.Count > 1 ? records.Log.Skip(1).Average(l => l.Seconds) : 0,
        Host = Environment.MachineName,
    };
}
