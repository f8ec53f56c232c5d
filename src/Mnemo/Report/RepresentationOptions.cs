using Mnemo.Analysis.Representations;

namespace Mnemo.Report;

/// <summary>Settings of the representation analyses (figures 6 and 7, linear probe); the defaults are the ones the report uses.</summary>
public sealed record RepresentationOptions
{
    /// <summary>Training images in the t-SNE (class-balanced, drawn from the study seed); fewer if the training set is smaller.</summary>
    public int TsnePoints { get; init; } = 2000;
    public double Perplexity { get; init; } = 30;
    public int TsneIterations { get; init; } = 1000;
    /// <summary>Channels shown per ResNet stage in figure 7, drawn from the study seed, the same for every network.</summary>
    public int ChannelsPerStage { get; init; } = 3;
    /// <summary>Adam steps of activation maximisation (lr 0.05).</summary>
    public int ActivationSteps { get; init; } = 200;
    public int ProbeEpochs { get; init; } = 10;
    public double ProbeLearningRate { get; init; } = 1e-3;
    /// <summary>Small training sets get more probe epochs, up to this many Adam steps (batch 256); see <see cref="LinearProbeOptions.MinSteps"/>.</summary>
    public int ProbeMinSteps { get; init; } = 1000;
    /// <summary>Test images the probe is scored on (class-balanced, drawn from the study seed); fewer if the test split is smaller.</summary>
    public int ProbeTestImages { get; init; } = 10_000;
    /// <summary>Which run of each paradigm is read: runs/&lt;paradigm&gt;/seed-&lt;ModelSeed&gt;/model.bin.</summary>
    public int ModelSeed { get; init; }
    /// <summary>Read the snapshots kept after this epoch (--keep-models) instead of the final models:
    /// runs/&lt;paradigm&gt;/seed-&lt;ModelSeed&gt;/models/epoch-&lt;ModelsAt&gt;.safetensors.</summary>
    public int? ModelsAt { get; init; }
    /// <summary>Images per forward pass when reading features.</summary>
    public int BatchSize { get; init; } = 256;

    /// <exception cref="MnemoException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(TsnePoints is >= 4 and <= Tsne.MaxPoints, $"t-SNE points must be 4..{Tsne.MaxPoints} (got {TsnePoints})");
        Check(Perplexity > 0, $"perplexity must be positive (got {Perplexity})");
        Check(TsneIterations >= 1, $"t-SNE iterations must be at least 1 (got {TsneIterations})");
        Check(ChannelsPerStage >= 1, $"channels per stage must be at least 1 (got {ChannelsPerStage})");
        Check(ActivationSteps >= 1, $"activation-maximisation steps must be at least 1 (got {ActivationSteps})");
        Check(ProbeEpochs >= 1, $"probe epochs must be at least 1 (got {ProbeEpochs})");
        Check(ProbeLearningRate > 0, $"probe learning rate must be positive (got {ProbeLearningRate})");
        Check(ProbeMinSteps >= 0, $"probe minimum steps must not be negative (got {ProbeMinSteps})");
        Check(ProbeTestImages >= 1, $"probe test images must be at least 1 (got {ProbeTestImages})");
        Check(ModelSeed >= 0, $"model seed must not be negative (got {ModelSeed})");
        Check(ModelsAt is null or >= 0, $"the epoch of the models must not be negative (got {ModelsAt})");
        Check(BatchSize >= 1, $"batch size must be at least 1 (got {BatchSize})");
        static void Check(bool ok, string message) { if (!ok) throw new MnemoException($"representations: {message}"); }
    }
}
