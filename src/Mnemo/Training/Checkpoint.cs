using System.Text.Json;
using Mnemo.Models;
using Mnemo.Recording;
using Mnemo.Study;
using TorchSharp;

namespace Mnemo.Training;

/// <summary>
/// Where a run can restart: weights, optimiser state and the position in training (epochs done,
/// and the step within the next epoch when stopped by a signal). Nothing else is needed because
/// every random draw is derived from (seed, epoch, step): see <see cref="Seeds"/>.
/// </summary>
public sealed record CheckpointState
{
    public int EpochsDone { get; init; }
    /// <summary>Steps of epoch EpochsDone + 1 already taken (non-zero only after an interruption).</summary>
    public int Step { get; init; }
    public double LossSum { get; init; }
    public long Correct { get; init; }
    public long Seen { get; init; }
    public double Seconds { get; init; }
    public required string Tag { get; init; }
}

public static class Checkpoint
{
    static string StatePath(RunFolder run) => Path.Combine(run.CheckpointDir, "state.json");
    static string ModelPath(RunFolder run, string tag) => Path.Combine(run.CheckpointDir, $"model-{tag}.bin");
    static string OptimizerPath(RunFolder run, string tag) => Path.Combine(run.CheckpointDir, $"optimizer-{tag}.bin");

    /// <summary>
    /// Weights and optimiser go to files named by a fresh tag; state.json, renamed over the old one,
    /// is what makes them current. A crash before that rename leaves the previous checkpoint intact.
    /// </summary>
    public static void Save(RunFolder run, ResNet18 model, TorchSharp.Modules.OptimizerHelper optimizer, CheckpointState state)
    {
        StorageException.Guard(run.CheckpointDir, () => Directory.CreateDirectory(run.CheckpointDir));
        var previous = Read(run);
        using var layout = model.InPyTorchLayout();
        AtomicFile.WriteVia(ModelPath(run, state.Tag), path => model.save(path));
        AtomicFile.WriteVia(OptimizerPath(run, state.Tag), optimizer.save_state_dict);
        AtomicFile.WriteAllText(StatePath(run), JsonSerializer.Serialize(state, StudyFolder.Json));
        if (previous is not null && previous.Tag != state.Tag)
            StorageException.Guard(run.CheckpointDir, () =>
            {
                File.Delete(ModelPath(run, previous.Tag));
                File.Delete(OptimizerPath(run, previous.Tag));
            });
    }

    public static CheckpointState? Read(RunFolder run)
    {
        if (!File.Exists(StatePath(run))) return null;
        try { return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(StatePath(run)), StudyFolder.Json); }
        catch (JsonException e) { throw new MnemoException($"{StatePath(run)}: unreadable checkpoint ({e.Message})"); }
    }

    /// <summary>Restores the model and optimiser; returns the state, or null when the run starts afresh.</summary>
    public static CheckpointState? Load(RunFolder run, ResNet18 model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var state = Read(run);
        if (state is null) return null;
        using var layout = model.InPyTorchLayout();
        model.load(ModelPath(run, state.Tag));
        optimizer.load_state_dict(OptimizerPath(run, state.Tag));
        return state;
    }

    public static void Delete(RunFolder run)
    {
        if (Directory.Exists(run.CheckpointDir)) Directory.Delete(run.CheckpointDir, recursive: true);
    }
}
