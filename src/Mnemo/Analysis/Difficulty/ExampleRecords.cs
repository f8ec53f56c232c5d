using Mnemo.Recording;
using Mnemo.Study;

namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// The records the per-example measures need beyond the summed bits (each run's own bits, margins and
/// confidences), read for the runs <see cref="StudyRecords"/> chose, one run at a time, over the epochs it
/// analyses. A run without margins.npy or confidence.npy (recorded before Mnemo wrote confidence, or written
/// by another tool) still gives every measure it can, and what it lacks is named.
/// </summary>
public static class ExampleRecords
{
    /// <summary>A run whose margins.npy or confidence.npy could not be used: absent (<paramref name="Problem"/> null), or why not.</summary>
    public sealed record Gap(int Seed, string? Problem);

    /// <summary>The measures of a paradigm over its analysed runs and epochs 1..T, and the runs that lacked margins or confidences.</summary>
    public sealed record Result(ExampleMeasures Measures, IReadOnlyList<Gap> NoMargins, IReadOnlyList<Gap> NoConfidence);

    /// <exception cref="MnemoException">A run's recognition.npy cannot be read (StudyRecords read it a moment ago).</exception>
    public static Result Read(StudyRecords records, string paradigm)
    {
        var counts = records.Paradigms[paradigm];
        int epochs = counts.Epochs, m = counts.Augmentations, k = counts.Images;
        int length = checked((epochs + 1) * m * k);
        var accumulator = new ExampleMeasureAccumulator(epochs, m, k);
        var noMargins = new List<Gap>();
        var noConfidence = new List<Gap>();
        Half[]? unknownMargins = null;
        // One run's arrays, refilled for the next: 30 runs of the paper's random-labels-aug are 3 x 750 MB.
        byte[]? bits = null;
        Half[]? marginBuffer = null, confidenceBuffer = null;
        foreach (int seed in records.SeedsAnalysed[paradigm])
        {
            var run = records.Folder.Run(paradigm, seed);
            bits = Npy.Read(run.RecognitionPath, bits).Data;
            if (bits.Length < length)
                throw new MnemoException($"{run.RecognitionPath}: {bits.Length} bits, fewer than epochs 0-{epochs} of [{m}, {k}] (changed while the report ran?)");
            var margins = Optional(run, run.MarginsPath, epochs, m, k, noMargins, marginBuffer);
            marginBuffer = margins ?? marginBuffer;
            // A NaN margin is an undefined AUM, which the measures leave out of the mean over networks.
            margins ??= unknownMargins ??= Enumerable.Repeat(Half.NaN, length).ToArray();
            var confidences = Optional(run, run.ConfidencePath, epochs, m, k, noConfidence, confidenceBuffer);
            confidenceBuffer = confidences ?? confidenceBuffer;
            if (confidences is null) accumulator.Add(bits.AsSpan(0, length), margins.AsSpan(0, length));
            else accumulator.Add(bits.AsSpan(0, length), margins.AsSpan(0, length), confidences.AsSpan(0, length));
        }
        return new Result(accumulator.Result(), noMargins, noConfidence);
    }

    // The record's first T + 1 rows, or null with the reason noted when it is absent, unreadable or of another shape.
    static Half[]? Optional(RunFolder run, string path, int epochs, int m, int k, List<Gap> gaps, Half[]? reuse)
    {
        if (!File.Exists(path))
        {
            gaps.Add(new Gap(run.Seed, null));
            return null;
        }
        NdArray<Half> record;
        try { record = Npy.Read(path, reuse); }
        catch (MnemoException e)
        {
            gaps.Add(new Gap(run.Seed, e.Message));
            return null;
        }
        int[] shape = record.Shape;
        if (shape.Length != 3 || shape[0] < epochs + 1 || shape[1] != m || shape[2] != k)
        {
            gaps.Add(new Gap(run.Seed, $"{path}: shape ({string.Join(", ", shape)}), not (at least {epochs + 1}, {m}, {k})"));
            return null;
        }
        return record.Data;
    }
}
