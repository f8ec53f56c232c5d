using Mnemo.Recording;

namespace Mnemo.Training;

/// <summary>
/// What a run writes after each epoch's checkpoint besides its records: the network snapshot that --keep-models asks
/// for (models/epoch-&lt;t&gt;.safetensors) and the TensorBoard events. Both are rebuilt from the checkpoint and the
/// records when a run starts or resumes, so a resumed run ends with the files of an uninterrupted one.
/// </summary>
sealed class EpochOutputs(TrainingRun run, TensorBoardLog board)
{
    /// <param name="state">The checkpoint the run goes on from, its weights and records already restored.</param>
    public static EpochOutputs Start(TrainingRun run, CheckpointState state)
    {
        // A run killed after its checkpoint but before the snapshot resumes from a checkpoint at that epoch's end
        // (Step 0), with exactly the weights the snapshot would have had. A checkpoint within an epoch is only
        // written later than the snapshot of the epoch before it.
        int epoch = state.EpochsDone;
        if (state.Step == 0 && ModelFiles.SnapshotDue(run.KeepModels, epoch) && !File.Exists(run.Folder.SnapshotPath(epoch)))
            run.SaveSafetensors(run.Folder.SnapshotPath(epoch));
        return new EpochOutputs(run, TensorBoardLog.Restart(run.Folder, run.Records));
    }

    public void After(int epoch)
    {
        if (ModelFiles.SnapshotDue(run.KeepModels, epoch))
            run.SaveSafetensors(run.Folder.SnapshotPath(epoch));
        board.Write(epoch);
    }
}
