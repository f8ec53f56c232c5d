namespace Mnemo.Study;

/// <summary>
/// The study settings a user gave explicitly (null: not given). A new study applies them over its
/// preset; an existing study applies them over its saved config and refuses if anything changes.
/// </summary>
public sealed record StudyOptions
{
    public string? Preset { get; init; }
    public string? Data { get; init; }
    public int? TrainSize { get; init; }
    public int? Seed { get; init; }
    public string[]? Paradigms { get; init; }
    public int? Models { get; init; }
    public int? Augmentations { get; init; }
    public int? EvalSize { get; init; }
    public int? Width { get; init; }
    public int? BatchSize { get; init; }
    public int? SimclrEvalBatch { get; init; }
    public double[]? Thresholds { get; init; }
    /// <summary>Epochs per paradigm; the key "*" sets every paradigm.</summary>
    public Dictionary<string, int>? Epochs { get; init; }

    public StudyConfig ApplyTo(StudyConfig c)
    {
        var settings = c.Settings.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (paradigm, epochs) in Epochs ?? [])
        {
            if (paradigm == "*")
                foreach (var key in settings.Keys.ToArray()) settings[key] = settings[key] with { Epochs = epochs };
            else if (settings.TryGetValue(paradigm, out var s))
                settings[paradigm] = s with { Epochs = epochs };
            else
                throw new MnemoException($"--epochs: unknown paradigm '{paradigm}'");
        }
        return c with
        {
            Data = Data ?? c.Data,
            TrainSize = TrainSize is null ? c.TrainSize : TrainSize == 0 ? null : TrainSize,
            Seed = Seed ?? c.Seed,
            Paradigms = Paradigms ?? c.Paradigms,
            Models = Models ?? c.Models,
            Augmentations = Augmentations ?? c.Augmentations,
            EvalSize = EvalSize ?? c.EvalSize,
            Width = Width ?? c.Width,
            BatchSize = BatchSize ?? c.BatchSize,
            SimclrEvalBatch = SimclrEvalBatch ?? c.SimclrEvalBatch,
            Thresholds = Thresholds ?? c.Thresholds,
            Settings = settings,
        };
    }
}
