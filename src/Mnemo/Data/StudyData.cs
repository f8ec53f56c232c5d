using Mnemo.Augmentations;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Data;

/// <summary>
/// A study's data as the runs of one process use it: the training images on the device (uint8, so a
/// CIFAR-sized set costs 150 MB, not 600), the labels each paradigm trains on, and the evaluation set X.
/// Positions are indices into the study's training set (the subset it trains on), in manifest order.
/// </summary>
public sealed class StudyData : IDisposable
{
    public StudyManifest Manifest { get; }
    public StudyConfig Config => Manifest.Config;
    public Device Device { get; }
    /// <summary>uint8 [n, C, H, W] on <see cref="Device"/>.</summary>
    public Tensor TrainImages { get; }
    public int[] TrueLabels { get; }
    public int[] RandomLabels { get; }
    /// <summary>Position in the training set of each of the K evaluation images.</summary>
    public int[] EvalPositions { get; }
    public int Count => TrueLabels.Length;
    public int Classes => Manifest.ClassNames.Length;

    StudyData(StudyManifest manifest, Device device, ImageSet train, int[] randomLabels)
    {
        (Manifest, Device, TrueLabels, RandomLabels) = (manifest, device, train.Labels, randomLabels);
        EvalPositions = manifest.EvalPositions();
        TrainImages = tensor(train.Pixels, [train.Count, train.Channels, train.Height, train.Width], dtype: ScalarType.Byte, device: device);
    }

    public static StudyData Open(StudyFolder folder, Device device)
    {
        var manifest = folder.ReadManifest();
        var train = StudyImages.Load(folder, manifest).Train;
        var randomLabels = Npy.Read<int>(folder.RandomLabelsPath).Data;
        if (randomLabels.Length != train.Count)
            throw new MnemoException($"{folder.RandomLabelsPath}: {randomLabels.Length} labels for {train.Count} training images");
        return new StudyData(manifest, device, train, randomLabels);
    }

    /// <summary>Images at <paramref name="positions"/> as float [B, C, H, W] in [0, 1].</summary>
    public Tensor Images(int[] positions) =>
        TrainImages.index_select(0, tensor(positions.Select(p => (long)p).ToArray(), device: Device)).to(float32).div_(PixelScale);

    /// <summary>255 as a Scalar that lives as long as the program (TorchSharp would let a GC free a temporary one mid-call).</summary>
    public static readonly Scalar PixelScale = 255;

    public Tensor Labels(int[] labelsByPosition, int[] positions) =>
        tensor(positions.Select(p => (long)labelsByPosition[p]).ToArray(), device: Device);

    /// <summary>The training augmentation of a paradigm's settings, for this study's images.</summary>
    public Augmentation AugmentationFor(ParadigmSettings s) => Augmentation.For(s, Manifest.ImageShape, Manifest.Normalization);

    public void Dispose() => TrainImages.Dispose();
}
