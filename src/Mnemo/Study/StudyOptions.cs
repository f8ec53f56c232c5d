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
    /// <summary>Any paradigm setting, as "paradigm.key=value" with the key as in study.json
    /// (e.g. "simclr.learning_rate=0.003", "*.momentum=0.8"); applied after everything else.</summary>
    public string[]? Set { get; init; }

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
        foreach (var assignment in Set ?? [])
            ApplySetting(settings, assignment);
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

    static void ApplySetting(Dictionary<string, ParadigmSettings> settings, string assignment)
    {
        int dot = assignment.IndexOf('.'), eq = assignment.IndexOf('=');
        if (dot <= 0 || eq < dot + 2)
            throw new MnemoException($"--set: '{assignment}' is not paradigm.key=value (e.g. simclr.learning_rate=0.003)");
        string paradigm = assignment[..dot], key = assignment[(dot + 1)..eq].Trim(), value = assignment[(eq + 1)..].Trim();
        var targets = paradigm == "*" ? settings.Keys.ToArray()
            : settings.ContainsKey(paradigm) ? [paradigm]
            : throw new MnemoException($"--set: unknown paradigm '{paradigm}' in '{assignment}'");
        foreach (var name in targets)
        {
            var json = System.Text.Json.JsonSerializer.SerializeToNode(settings[name], StudyFolder.Json)!.AsObject();
            if (!json.ContainsKey(key))
                throw new MnemoException($"--set: '{key}' is not a paradigm setting (one of {string.Join(", ", json.Select(kv => kv.Key))})");
            // Numbers and booleans as JSON, anything else as a string; the record's types check the rest.
            json[key] = System.Text.Json.Nodes.JsonNode.Parse(value is "true" or "false" or "null" || double.TryParse(value,
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? value : System.Text.Json.JsonSerializer.Serialize(value));
            try { settings[name] = System.Text.Json.JsonSerializer.Deserialize<ParadigmSettings>(json, StudyFolder.Json)!; }
            catch (System.Text.Json.JsonException) { throw new MnemoException($"--set: '{value}' is not a valid value for {name}.{key}"); }
        }
    }
}
