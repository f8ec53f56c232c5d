using Mnemo.Models;
using Mnemo.Study;
using Mnemo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Representations;

/// <summary>
/// A network whose representations are read: a paradigm's trained model or a random initialisation,
/// with the input normalisation it was trained with (the crop-flip recipes normalise, SimCLR's and
/// plain random labels' do not). Always in eval mode: BatchNorm uses its running statistics.
/// </summary>
public sealed class StudyNetwork : IDisposable
{
    public string Name { get; }
    public ResNet18 Model { get; }
    readonly float[]? mean, std;

    public StudyNetwork(string name, ResNet18 model, float[]? normalizeMean = null, float[]? normalizeStd = null)
    {
        (Name, Model, mean, std) = (name, model, normalizeMean, normalizeStd);
        Model.eval();
    }

    /// <summary>A paradigm's final weights (runs/&lt;paradigm&gt;/seed-&lt;k&gt;/model.bin), or null when that run has not finished.</summary>
    public static StudyNetwork? Trained(StudyFolder folder, StudyManifest manifest, string paradigm, int modelSeed, Device device)
    {
        var path = folder.Run(paradigm, modelSeed).ModelPath;
        if (!File.Exists(path)) return null;
        var s = manifest.Config.For(paradigm);
        var model = new ResNet18(manifest.ImageShape[0], s.OutputDim, manifest.Config.Width, s.Head);
        model.load(path);
        model.to(device);
        return s.Normalize
            ? new StudyNetwork(paradigm, model, manifest.NormalizeMean, manifest.NormalizeStd)
            : new StudyNetwork(paradigm, model);
    }

    /// <summary>The same architecture before any training, seeded from the study seed; it reads normalised input, as the supervised baseline does.</summary>
    public static StudyNetwork RandomInit(StudyManifest manifest, int modelSeed, Device device, string name = "random-init")
    {
        var s = manifest.Config.Settings.GetValueOrDefault("supervised") ?? new ParadigmSettings { OutputDim = manifest.ClassNames.Length };
        torch.manual_seed(Seeds.Derive(manifest.Config.Seed, "random-init", modelSeed));
        var model = new ResNet18(manifest.ImageShape[0], s.OutputDim, manifest.Config.Width, s.Head);
        model.to(device);
        return new StudyNetwork(name, model, manifest.NormalizeMean, manifest.NormalizeStd);
    }

    /// <summary>pixels: float [B, C, H, W] in [0, 1]; returns what the network was trained on.</summary>
    public Tensor Input(Tensor pixels) => mean is null || std is null
        ? pixels.alias()
        : (pixels - tensor(mean, device: pixels.device).view(1, -1, 1, 1)) / tensor(std, device: pixels.device).view(1, -1, 1, 1);

    public void Dispose() => Model.Dispose();
}
