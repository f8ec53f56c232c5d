using Mnemo.Augmentations;
using Mnemo.Models;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Analysis.Representations;

/// <summary>
/// A network whose representations are read: a paradigm's trained model or a random initialisation,
/// with the input normalisation it was trained with (the crop-flip recipes normalise, SimCLR's and
/// plain random labels' do not). Always in eval mode: BatchNorm uses its running statistics.
/// </summary>
public sealed class StudyNetwork : IDisposable
{
    public string Name { get; }
    public ResNet18 Model { get; }
    readonly Normalization? normalization;

    public StudyNetwork(string name, ResNet18 model, Normalization? normalization = null)
    {
        (Name, Model, this.normalization) = (name, model, normalization);
        Model.eval();
    }

    /// <summary>A paradigm's final weights (runs/&lt;paradigm&gt;/seed-&lt;k&gt;/model.bin), or with <paramref name="epoch"/> its
    /// snapshot after that epoch (models/epoch-&lt;t&gt;.safetensors); null when the run has no such file (yet).</summary>
    public static StudyNetwork? Trained(StudyFolder folder, StudyManifest manifest, string paradigm, int modelSeed, Device device, int? epoch = null)
    {
        var run = folder.Run(paradigm, modelSeed);
        var path = epoch is int t ? run.SnapshotPath(t) : run.ModelPath;
        if (!File.Exists(path)) return null;
        var model = ModelFiles.Load(manifest, paradigm, path);
        model.to(device);
        model.UseFastestLayout(device);
        return new StudyNetwork(paradigm, model, manifest.Config.For(paradigm).Normalize ? manifest.Normalization : null);
    }

    /// <summary>The supervised architecture before any training, seeded from the study seed; it reads normalised
    /// input, as the supervised baseline does.</summary>
    public static StudyNetwork RandomInit(StudyManifest manifest, int modelSeed, Device device, string name = "random-init")
    {
        var s = manifest.Config.Settings.GetValueOrDefault(Classification.Supervised.Name) ?? Classification.Supervised.Paper(manifest.ClassNames.Length);
        torch.manual_seed(Seeds.Derive(manifest.Config.Seed, "random-init", modelSeed));
        var model = new ResNet18(manifest.ImageShape[0], s.OutputDim, manifest.Config.Width, s.Head);
        model.to(device);
        model.UseFastestLayout(device);
        return new StudyNetwork(name, model, manifest.Normalization);
    }

    /// <summary>pixels: float [B, C, H, W] in [0, 1]; returns what the network was trained on.</summary>
    public Tensor Input(Tensor pixels) => normalization is null ? pixels.alias() : normalization.Apply(pixels);

    public void Dispose() => Model.Dispose();
}
