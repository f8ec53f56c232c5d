using System.Diagnostics;
using System.Runtime.InteropServices;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;

namespace Mnemo.Training;

/// <summary>Where a run is, for progress bars: Step of Steps within Epoch of Epochs.</summary>
public sealed record TrainProgress(string Run, int Epoch, int Epochs, int Step, int Steps, double? Loss, double? MeanRecognition);

/// <summary>
/// Trains one network (paradigm, seed) of a study and records what it recognises after every epoch, around
/// <see cref="TrainingRun.TrainEpoch"/>: the lock, the checkpoint after every epoch and at a stop, run.json,
/// and redoing an epoch from its checkpoint after a fault. A run stopped at any point (killed, or cancelled
/// by a signal) restarts from its last checkpoint and ends with the same records as one never stopped.
/// </summary>
public static class RunTrainer
{
    /// <summary>Times an epoch is redone from its checkpoint after a fault before the run fails.</summary>
    public const int MaxRetries = 3;

    public static RunStatus Train(StudyData data, StudyFolder folder, Paradigm paradigm, int seed,
                                  Action<TrainProgress>? progress = null, CancellationToken cancel = default,
                                  Action<string>? warn = null)
    {
        var run = folder.Run(paradigm.Name, seed);
        if (run.IsDone) return run.ReadStatus()!;
        using var runLock = RunLock.Acquire(run);
        // Another process may have finished it between the check above and the lock.
        if (run.IsDone) return run.ReadStatus()!;
        run.RemoveLeftovers();
        int epochs = data.Config.For(paradigm.Name).Epochs;
        void Mark(RunState state, string? error = null) => run.WriteStatus((run.ReadStatus() ?? new RunStatus()) with
        {
            State = state, Epochs = epochs, EpochsDone = Checkpoint.Read(run)?.EpochsDone ?? 0, Error = error,
            Host = Environment.MachineName, Updated = DateTimeOffset.UtcNow,
        }, afterError: state != RunState.Running);
        try
        {
            Mark(RunState.Running);
            using var training = new TrainingRun(data, run, paradigm);
            return Drive(training, runLock, progress, cancel, warn);
        }
        catch (OperationCanceledException)
        {
            Mark(RunState.Stopped);
            throw;
        }
        catch (StorageException e)
        {
            // The disk, not the run: its last complete epoch is kept, and the same command resumes it.
            Mark(RunState.Stopped, e.Message);
            throw;
        }
        catch (Exception e)
        {
            Mark(RunState.Failed, e.Message);
            throw;
        }
    }

    static RunStatus Drive(TrainingRun run, RunLock runLock, Action<TrainProgress>? progress, CancellationToken cancel, Action<string>? warn)
    {
        var state = run.LoadCheckpoint();
        if (state is null)
        {
            // Epoch 0: the network at initialisation.
            run.Records.Add(run.Recognise(MaxRetries + 1, warn) ?? throw new MnemoException($"{run.Folder.Name}: the initial network gives NaN outputs"),
                new EpochLog(0, null, null, run.Settings.LearningRate, 0, 0));
            run.Records.Save();
            run.SaveCheckpoint(0);
            state = Checkpoint.Read(run.Folder)!;
        }
        else
        {
            run.Records.Load(state.EpochsDone);
        }
        var outputs = EpochOutputs.Start(run, state);
        CollectEpochGarbage();

        for (int epoch = state.EpochsDone + 1; epoch <= run.Epochs; epoch++)
        {
            var (totals, recognition, seconds) = Epoch(run, epoch, state, runLock, progress, cancel, warn);
            run.Records.Add(recognition, new EpochLog(epoch, totals.LossSum / Math.Max(1, totals.Seen / run.Paradigm.Views),
                (double)totals.Correct / Math.Max(1, totals.Seen), run.LearningRate(epoch), seconds, 0));
            run.Records.Save();
            run.SaveCheckpoint(epoch);
            state = Checkpoint.Read(run.Folder)!;
            outputs.After(epoch);
            run.Folder.WriteStatus(StatusOf(RunState.Running, epoch, run));
            CollectEpochGarbage();
            var last = run.Records.Log[^1];
            progress?.Invoke(new TrainProgress(run.Folder.Name, epoch, run.Epochs, run.Steps, run.Steps, last.Loss, last.MeanRecognition));
        }

        run.SaveModel();
        var done = StatusOf(RunState.Done, run.Epochs, run);
        run.Folder.WriteStatus(done);
        Checkpoint.Delete(run.Folder);
        return done;
    }

    /// <summary>
    /// One epoch, from <paramref name="resume"/> (its mid-epoch totals if a stop saved them there), and its
    /// recognition. A non-finite loss or weights, NaN margins or a libtorch error redo it from the checkpoint:
    /// every draw comes from (seed, epoch, step), so the redo gives exactly what a pass without the fault gives,
    /// and a real divergence or a real error fails again.
    /// </summary>
    static (EpochTotals Totals, RecognitionRecord Recognition, double Seconds) Epoch(TrainingRun run, int epoch, CheckpointState resume,
        RunLock runLock, Action<TrainProgress>? progress, CancellationToken cancel, Action<string>? warn)
    {
        bool fellBackHere = false;
        for (int attempt = 1; ; attempt++)
        {
            bool midEpoch = resume.EpochsDone == epoch - 1 && resume.Step > 0;
            var from = midEpoch ? new EpochTotals(resume.Step, resume.LossSum, resume.Correct, resume.Seen) : EpochTotals.None;
            double before = midEpoch ? resume.Seconds : 0;
            var clock = Stopwatch.StartNew();
            string fault;
            try
            {
                var totals = run.TrainEpoch(epoch, from, () => cancel.IsCancellationRequested, step =>
                {
                    runLock.Heartbeat();
                    progress?.Invoke(new TrainProgress(run.Folder.Name, epoch, run.Epochs, step, run.Steps, null, null));
                });
                if (totals.Finite && totals.Steps < run.Steps)
                {
                    // Stopped between two steps: the checkpoint resumes this epoch exactly here.
                    run.SaveCheckpoint(epoch - 1, totals, before + clock.Elapsed.TotalSeconds);
                    throw new OperationCanceledException($"{run.Folder.Name} stopped at epoch {epoch}, step {totals.Steps}; checkpoint saved");
                }
                if (totals.Finite && run.WeightsFinite() && run.Recognise(MaxRetries + 1, warn) is { } recognition)
                    return (totals, recognition, before + clock.Elapsed.TotalSeconds);
                fault = "non-finite loss or weights";
                // Round 1's machines gave NaN behind oneDNN's convolution backward, then in every later step of that
                // process: the redo and the rest of this process run the backward on ATen's kernels.
                if (run.OnCpu && NativeSetup.FallBackToAtenBackward())
                {
                    fellBackHere = true;
                    warn?.Invoke($"{run.Folder.Name}: non-finite values behind oneDNN's convolution backward ({NativeSetup.CpuDescription}); " +
                                 "this process runs backward passes on ATen's kernels from now on (MNEMO_ONEDNN=forward does so from the start)");
                }
            }
            catch (ExternalException e)
            {
                // Besides real errors, a passing fault: TorchSharp 0.107 can free a Scalar it handed to libtorch
                // while libtorch reads it (see Optimizers.cs).
                fault = $"libtorch failed ({e.Message.Split('\n')[0]})";
            }
            if (attempt > MaxRetries)
            {
                // Non-finite on ATen's kernels too: the run diverges of itself, so oneDNN is not to blame and the
                // process's other runs keep it (their records would otherwise depend on this run's failure).
                if (fellBackHere)
                {
                    NativeSetup.UndoFallBack();
                    warn?.Invoke($"{run.Folder.Name}: non-finite on ATen's kernels as well, so not oneDNN's fault; this process's other runs keep oneDNN");
                }
                throw new MnemoException(fault.StartsWith("libtorch", StringComparison.Ordinal)
                    ? $"{run.Folder.Name}: {fault} in epoch {epoch}, {MaxRetries} times from the same checkpoint"
                    : $"{run.Folder.Name}: loss or weights became NaN/infinite in epoch {epoch}, {MaxRetries} times from the same checkpoint; the learning rate is probably too high");
            }
            warn?.Invoke($"{run.Folder.Name}: {fault} in epoch {epoch}; redoing it from the checkpoint (retry {attempt} of {MaxRetries})");
            resume = run.LoadCheckpoint()!;
        }
    }

    /// <summary>
    /// A full collection between epochs. Each checkpoint leaves model- and optimiser-sized managed copies behind
    /// (TorchSharp's save goes through byte arrays), and the data's decoding leaves the whole data set; with little
    /// other managed allocation the GC let them pile up for tens of epochs, and glibc's heap grew around them: a demo
    /// SimCLR run's resident memory went from 695 to 994 MB over 14 epochs, against 549-641 MB with this (about 4 ms
    /// an epoch), and 455-461 MB from its third epoch under tcmalloc (README, "Platform notes").
    /// </summary>
    static void CollectEpochGarbage() => GC.Collect();

    static RunStatus StatusOf(RunState state, int epochsDone, TrainingRun run) => new()
    {
        State = state, EpochsDone = epochsDone, Epochs = run.Epochs,
        LastLoss = run.Records.Log[^1].Loss,
        SecondsPerEpoch = run.Records.Log.Count > 1 ? run.Records.Log.Skip(1).Average(l => l.Seconds) : 0,
        Host = Environment.MachineName,
    };
}
