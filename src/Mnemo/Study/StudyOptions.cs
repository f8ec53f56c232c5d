using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Paradigms;

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
    /// <summary>settings.simclr.eval_batch: SimCLR retrieves among the 2B - 1 other views of B evaluation images.</summary>
    public int? SimclrEvalBatch { get; init; }
    public double[]? Thresholds { get; init; }
    /// <summary>E: keep each run's network every E epochs (and at epoch 0).</summary>
    public int? KeepModels { get; init; }
    /// <summary>Epochs per paradigm; the key "*" sets every paradigm.</summary>
    public Dictionary<string, int>? Epochs { get; init; }
    /// <summary>Any paradigm setting, as "paradigm.key=value" with the key as in study.json
    /// (e.g. "simclr.learning_rate=0.003", "*.momentum=0.8"); applied after everything else.</summary>
    public string[]? Set { get; init; }

    /// <exception cref="MnemoException">An unknown paradigm or key, or a value of the wrong type.</exception>
    public StudyConfig ApplyTo(StudyConfig c)
    {
        var settings = c.Settings.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (paradigm, epochs) in Epochs ?? [])
            foreach (var name in Targets(settings, paradigm, "--epochs"))
                settings[name] = settings[name] with { Epochs = epochs };
        if (SimclrEvalBatch is int batch)
            foreach (var name in Targets(settings, SimClr.Instance.Name, "--simclr-eval-batch"))
                settings[name] = settings[name] with { EvalBatch = batch };
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
            Thresholds = Thresholds ?? c.Thresholds,
            KeepModels = KeepModels ?? c.KeepModels,
            Settings = settings,
        };
    }

    static string[] Targets(Dictionary<string, ParadigmSettings> settings, string paradigm, string option) =>
        paradigm == "*" ? [.. settings.Keys]
        : settings.ContainsKey(paradigm) ? [paradigm]
        : throw new MnemoException($"{option}: unknown paradigm '{paradigm}' (use {string.Join(", ", settings.Keys)} or *)");

    static void ApplySetting(Dictionary<string, ParadigmSettings> settings, string assignment)
    {
        int dot = assignment.IndexOf('.'), eq = assignment.IndexOf('=');
        if (dot <= 0 || eq < dot + 2)
            throw new MnemoException($"--set: '{assignment}' is not paradigm.key=value (e.g. simclr.learning_rate=0.003)");
        string paradigm = assignment[..dot], key = assignment[(dot + 1)..eq].Trim(), value = assignment[(eq + 1)..].Trim();
        foreach (var name in Targets(settings, paradigm, "--set"))
        {
            var json = JsonSerializer.SerializeToNode(settings[name], StudyFolder.Json)!.AsObject();
            if (!json.ContainsKey(key))
                throw new MnemoException($"--set: '{key}' is not a paradigm setting (one of {string.Join(", ", json.Select(kv => kv.Key))})");
            // Numbers, booleans and null as JSON, anything else as a string; the record's types check the rest.
            bool literal = value is "true" or "false" or "null"
                || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            json[key] = JsonNode.Parse(literal ? value : JsonSerializer.Serialize(value));
            try { settings[name] = json.Deserialize<ParadigmSettings>(StudyFolder.Json)!; }
            catch (JsonException)
            {
                throw new MnemoException($"--set: '{value}' is not a valid value for {name}.{key} ({Expected(key)})");
            }
        }
    }

    // What a key takes, from the type of its property: "sgd or adam", "a whole number", ...
    static string Expected(string key)
    {
        var property = typeof(ParadigmSettings).GetProperties()
            .First(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == key);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        string expected = type.IsEnum ? string.Join(" or ", Enum.GetValues(type).Cast<Enum>().Select(SettingText.Of))
            : type == typeof(int) ? "a whole number"
            : type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type.Name;
        return Nullable.GetUnderlyingType(property.PropertyType) is null ? $"use {expected}" : $"use {expected}, or null";
    }
}
