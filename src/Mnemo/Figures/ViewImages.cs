using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Paradigms;
using static TorchSharp.torch;

namespace Mnemo.Figures;

/// <summary>
/// Evaluation images and their fixed views for display, [C, H, W] in [0, 1]. A view is drawn by the paradigm's
/// own training augmentation (<see cref="Augmentation.Apply"/>) from the saved parameters, on the whole batch of K
/// evaluation images as the recording did, and stops short of normalisation only: normalised, it is the very
/// tensor the networks were evaluated on.
/// </summary>
public static class ViewImages
{
    /// <summary>The evaluation images at <paramref name="positions"/> (record order), unaugmented.</summary>
    public static float[][] Originals(ImageSet evalImages, IReadOnlyList<int> positions) =>
        [.. positions.Select(k => evalImages.Pixels.AsSpan(k * evalImages.ImageSize, evalImages.ImageSize).ToArray().Select(b => b / 255f).ToArray())];

    /// <summary>One fixed view (<paramref name="draw"/>: one augmentation and view, for all K images) of every evaluation
    /// image, as float [K, C, H, W] on the CPU; the caller disposes it.</summary>
    public static Tensor Render(ImageSet evalImages, AugmentationParams draw, ParadigmSettings settings)
    {
        if (draw.Count != evalImages.Count)
            throw new ArgumentException($"{draw.Count} view parameters for {evalImages.Count} evaluation images");
        int[] shape = [evalImages.Channels, evalImages.Height, evalImages.Width];
        // Normalize off: the augmentation is then exactly the training one up to its final (x - mean) / std.
        var augmentation = Augmentation.For(settings with { Normalize = false }, shape, new Normalization([], []));
        using var bytes = tensor(evalImages.Pixels, [evalImages.Count, shape[0], shape[1], shape[2]], dtype: ScalarType.Byte);
        // As StudyData.Images converts them for the recording.
        using var images = bytes.to(float32).div_(StudyData.PixelScale);
        return augmentation.Apply(images, draw);
    }

    /// <summary>The rows of <paramref name="views"/> [K, C, H, W] at <paramref name="positions"/>, one float array each.</summary>
    public static float[][] Rows(Tensor views, IReadOnlyList<int> positions)
    {
        using var contiguous = views.contiguous();
        var all = contiguous.data<float>().ToArray();
        int size = (int)(views.numel() / views.size(0));
        return [.. positions.Select(k => all.AsSpan(k * size, size).ToArray())];
    }
}
