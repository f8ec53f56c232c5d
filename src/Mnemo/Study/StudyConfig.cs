using System.Text.Json.Serialization;
using Mnemo.Paradigms;

namespace Mnemo.Study;

/// <summary>The resolved settings of a study, saved in study.json; a study is resumed with exactly these.</summary>
public sealed record StudyConfig
{
    public string Preset { get; init; } = "demo";
    /// <summary>Data spec: fashion-mnist, mnist:DIR, idx:DIR, cifar10:DIR or synthetic.</summary>
    public string Data { get; init; } = "fashion-mnist";
    /// <summary>Training images used, drawn once from the study seed; null means the whole training split.</summary>
    public int? TrainSize { get; init; }
    public int Seed { get; init; }
    public string[] Paradigms { get; init; } = [];
    /// <summary>N: networks per paradigm, identical but for their seed.</summary>
    public int Models { get; init; }
    /// <summary>M: fixed augmentations per evaluation image (pairs of views for SimCLR).</summary>
    public int Augmentations { get; init; }
    /// <summary>K: evaluation images, drawn without replacement from the training images.</summary>
    public int EvalSize { get; init; }
    /// <summary>Channels of the ResNet's first stage (64 in the paper; stages are W, 2W, 4W, 8W).</summary>
    public int Width { get; init; } = 64;
    /// <summary>B: training batch size, all paradigms.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Mean-p levels at which paradigms are aligned (threshold epochs).</summary>
    public double[] Thresholds { get; init; } = [0.25, 0.5, 0.75];
    /// <summary>E of --keep-models: each run keeps its network after epochs 0, E, 2E, ... (runs/&lt;paradigm&gt;/seed-&lt;k&gt;/models/);
    /// null keeps only the final one. Written as null too, so that resuming a study with another value is refused.</summary>
    public int? KeepModels { get; init; }
    /// <summary>Every paradigm's settings (also those the study does not train, so that --paradigms can add them back).</summary>
    public Dictionary<string, ParadigmSettings> Settings { get; init; } = [];

    /// <summary>Where studies made before SimCLR's evaluation batch became a paradigm setting kept it; reading a
    /// study moves it to settings.simclr.eval_batch (<see cref="Upgraded"/>), so it is never written.</summary>
    [JsonPropertyName("simclr_eval_batch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LegacySimclrEvalBatch { get; init; }

    public ParadigmSettings For(string paradigm) =>
        Settings.TryGetValue(paradigm, out var s) ? s : throw new MnemoException($"study has no settings for paradigm '{paradigm}'");

    /// <summary>This config in the current form (see <see cref="LegacySimclrEvalBatch"/>).</summary>
    public StudyConfig Upgraded()
    {
        if (LegacySimclrEvalBatch is not int batch) return this;
        string simclr = SimClr.Instance.Name;
        var settings = new Dictionary<string, ParadigmSettings>(Settings);
        if (settings.TryGetValue(simclr, out var s) && s.EvalBatch is null) settings[simclr] = s with { EvalBatch = batch };
        return this with { Settings = settings, LegacySimclrEvalBatch = null };
    }
}
