using System.Globalization;
using Mnemo.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Recording;

/// <summary>
/// A run's TensorBoard events, written by TorchSharp's own SummaryWriter into the run folder, so that
/// `tensorboard --logdir STUDY/runs` shows each run (paradigm/seed-k) as a run of its own. One step per epoch,
/// 0 being the initialisation (no loss or accuracy). Every value is one the run's records hold (log.csv, and
/// recognition.npy for the histogram), so the events are rebuilt from them whenever a run starts or resumes:
/// a resumed run's event file has every epoch once, with the values of an uninterrupted run; only the wall
/// times of the epochs before the resume are those of the resume.
/// </summary>
public sealed class TensorBoardLog
{
    public const string Loss = "train/loss";
    /// <summary>Training accuracy; SimCLR's is top-1 pair retrieval among the batch's views (log.csv's accuracy).</summary>
    public const string Accuracy = "train/accuracy";
    public const string LearningRate = "train/learning_rate";
    /// <summary>The run's mean recognition over its M x K evaluation views (log.csv's mean_recognition).</summary>
    public const string MeanRecognition = "recognition/mean_p";
    /// <summary>Histogram, over the K evaluation images, of this run's p_t(x): its bits averaged over the M views only
    /// (the report's p_t(x) also averages over the N runs).</summary>
    public const string ImageRecognition = "recognition/p_x_over_views";

    readonly TorchSharp.Modules.SummaryWriter writer;
    readonly RunRecords records;

    TensorBoardLog(RunFolder run, RunRecords records) =>
        (writer, this.records) = (torch.utils.tensorboard.SummaryWriter(run.Dir), records);

    /// <summary>Deletes the run's event files and writes the epochs its records hold (0..t) to a new one.</summary>
    public static TensorBoardLog Restart(RunFolder run, RunRecords records)
    {
        foreach (var file in EventFiles(run)) File.Delete(file);
        var log = new TensorBoardLog(run, records);
        for (int epoch = 0; epoch <= records.EpochsRecorded; epoch++) log.Write(epoch);
        return log;
    }

    /// <summary>Epoch <paramref name="epoch"/> of the records. SummaryWriter appends each value to the file and closes it,
    /// so a run killed at any point loses nothing it wrote before.</summary>
    public void Write(int epoch)
    {
        var e = records.Log[epoch];
        if (e.Loss is double loss) writer.add_scalar(Loss, AsLogged(loss), epoch);
        if (e.Accuracy is double accuracy) writer.add_scalar(Accuracy, AsLogged(accuracy), epoch);
        writer.add_scalar(LearningRate, AsLogged(e.LearningRate), epoch);
        writer.add_scalar(MeanRecognition, AsLogged(e.MeanRecognition), epoch);
        // add_histogram leaves its intermediate tensors to the caller's scope.
        using var scope = NewDisposeScope();
        writer.add_histogram(ImageRecognition, tensor(records.ImageRecognition(epoch)), epoch);
    }

    // The value as log.csv writes it (6 significant digits): epochs replayed on a resume come from log.csv, so every
    // epoch is written the same way whether or not the run was interrupted.
    static float AsLogged(double value) =>
        (float)double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string[] EventFiles(RunFolder run) =>
        Directory.Exists(run.Dir) ? Directory.GetFiles(run.Dir, "events.out.tfevents.*") : [];
}
