namespace Mnemo.Report;

/// <summary>One row of probe.csv: linear-probe accuracy on one network's penultimate features (or on raw pixels).</summary>
public sealed record ProbeRow(string Network, double TrainAccuracy, double TestAccuracy, int TrainImages, int TestImages,
                              int FeatureDim, int Epochs);

/// <summary>How one channel of figure 7 responded: its mean activation on the starting noise and on the final image.</summary>
public sealed record ActivationRecord(string Network, int Stage, int Channel, double Initial, double Final);

/// <summary>Wall-clock seconds of one step; Network is empty for steps that are not per network.</summary>
public sealed record StepTime(string Step, string Network, double Seconds);

/// <summary>What <see cref="RepresentationReport.Write"/> produced, for the report and summary.json.</summary>
public sealed record RepresentationResult
{
    /// <summary>The networks read, in figure order: each paradigm with a finished model, then random-init.</summary>
    public required IReadOnlyList<string> Networks { get; init; }
    /// <summary>Paradigms of the study whose model of the chosen seed has not been saved (run unfinished or not started).</summary>
    public required IReadOnlyList<string> Skipped { get; init; }
    /// <summary>The epoch whose snapshots were read (--models-at), or null for the final models.</summary>
    public int? ModelsAt { get; init; }
    /// <summary>What went wrong without stopping the report: networks left out for non-finite features, ascents that diverged.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>One row per network, then raw-pixels.</summary>
    public required IReadOnlyList<ProbeRow> Probe { get; init; }
    public required IReadOnlyList<ActivationRecord> Activations { get; init; }
    /// <summary>Channels shown in figure 7, per stage (index 0 = stage 1).</summary>
    public required IReadOnlyList<int[]> Channels { get; init; }
    public required int TsnePoints { get; init; }
    /// <summary>The perplexity used: the option, lowered to (points - 1) / 3 for few points.</summary>
    public required double Perplexity { get; init; }
    public required string Fig6Png { get; init; }
    public required string Fig6Svg { get; init; }
    public required string Fig7Png { get; init; }
    public required string Fig7Svg { get; init; }
    public required string ProbeCsv { get; init; }
    public required IReadOnlyList<StepTime> Timings { get; init; }
}
