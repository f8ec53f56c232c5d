using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Paradigms;
using static TorchSharp.torch;

namespace Mnemo.Recording;

/// <summary>
/// The M fixed augmentations recognition is measured on: drawn once per study from each paradigm's own
/// training augmentation, so every run sees the same views at every epoch; their parameters are saved in
/// augmentations/&lt;paradigm&gt;.csv. For SimCLR each is a pair of views.
/// </summary>
public static class EvalViews
{
    /// <summary>Parameters [m][view] of the K evaluation images.</summary>
    public static AugmentationParams[][] Draw(StudyData data, Paradigm paradigm)
    {
        var augmentation = data.AugmentationFor(data.Config.For(paradigm.Name));
        return Enumerable.Range(0, data.Config.Augmentations).Select(m =>
            Enumerable.Range(0, paradigm.Views).Select(v =>
                augmentation.Sample(data.EvalPositions.Length, new Random(Seeds.Derive(data.Config.Seed, $"eval-views/{paradigm.Name}", m, v))))
            .ToArray()).ToArray();
    }

    /// <summary>The views as tensors [m][view] of [K, C, H, W]; the caller disposes them.</summary>
    public static Tensor[][] Tensors(StudyData data, Paradigm paradigm)
    {
        var augmentation = data.AugmentationFor(data.Config.For(paradigm.Name));
        using var images = data.Images(data.EvalPositions);
        return Draw(data, paradigm).Select(pair => pair.Select(p => augmentation.Apply(images, p)).ToArray()).ToArray();
    }
}
