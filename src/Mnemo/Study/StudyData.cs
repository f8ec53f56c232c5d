using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Recording;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Study;

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

    StudyData(StudyManifest manifest, Device device, ImageSet train, int[] randomLabels, int[] evalPositions)
    {
        (Manifest, Device, TrueLabels, RandomLabels, EvalPositions) = (manifest, device, train.Labels, randomLabels, evalPositions);
        TrainImages = tensor(train.Pixels, [train.Count, train.Channels, train.Height, train.Width], dtype: ScalarType.Byte, device: device);
    }

    public static StudyData Open(StudyFolder folder, Device device)
    {
        var manifest = folder.ReadManifest();
        var dataset = DataSource.Load(manifest.Config.Data);
        if (dataset.Fingerprint() != manifest.DatasetFingerprint)
            throw new MnemoException(
                $"{folder.ManifestPath}: the data '{manifest.Config.Data}' differs from the data this study was created with (fingerprint mismatch)");
        var train = manifest.TrainIndices is null ? dataset.Train : dataset.Train.Subset(manifest.TrainIndices);
        var randomLabels = Npy.Read<int>(folder.RandomLabelsPath).Data;
        if (randomLabels.Length != train.Count)
            throw new MnemoException($"{folder.RandomLabelsPath}: {randomLabels.Length} labels for {train.Count} training images");
        return new StudyData(manifest, device, train, randomLabels, EvalPositionsOf(manifest));
    }

    static int[] EvalPositionsOf(StudyManifest m)
    {
        if (m.TrainIndices is null) return m.EvalIndices;
        var position = new Dictionary<int, int>();
        for (int i = 0; i < m.TrainIndices.Length; i++) position[m.TrainIndices[i]] = i;
        return m.EvalIndices.Select(i => position[i]).ToArray();
    }

    /// <summary>Images at <paramref name="positions"/> as float [B, C, H, W] in [0, 1].</summary>
    public Tensor Images(int[] positions) =>
        TrainImages.index_select(0, tensor(positions.Select(p => (long)p).ToArray(), device: Device)).to(float32).div_(255);

    public Tensor Labels(int[] labelsByPosition, int[] positions) =>
        tensor(positions.Select(p => (long)labelsByPosition[p]).ToArray(), device: Device);

    public Augmentation AugmentationFor(ParadigmSettings s) => new(
        s.Augmentation, Manifest.ImageShape[0], Manifest.ImageShape[1], Manifest.ImageShape[2],
        s.Normalize ? Manifest.NormalizeMean : null, s.Normalize ? Manifest.NormalizeStd : null,
        s.JitterStrength, s.Blur);

    /// <summary>
    /// The M fixed augmentations of paradigm <paramref name="paradigm"/> (params[m][view]), drawn once
    /// per study from the paradigm's own training distribution; every run and epoch sees the same ones.
    /// </summary>
    public AugmentationParams[][] EvalAugmentations(string paradigm, int views)
    {
        var augmentation = AugmentationFor(Config.For(paradigm));
        return Enumerable.Range(0, Config.Augmentations).Select(m =>
            Enumerable.Range(0, views).Select(v =>
                augmentation.Sample(EvalPositions.Length, new Random(Seeds.Derive(Config.Seed, $"eval-views/{paradigm}", m, v))))
            .ToArray()).ToArray();
    }

    /// <summary>The fixed evaluation views as tensors: [M][views] of [K, C, H, W].</summary>
    public Tensor[][] EvalViews(string paradigm, int views)
    {
        var augmentation = AugmentationFor(Config.For(paradigm));
        using var images = Images(EvalPositions);
        return EvalAugmentations(paradigm, views)
            .Select(pair => pair.Select(p => augmentation.Apply(images, p)).ToArray()).ToArray();
    }

    public void Dispose() => TrainImages.Dispose();
}
