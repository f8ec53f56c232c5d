using Mnemo.Augmentations;
using Mnemo.Paradigms;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Augmentations;

public class AugmentationTests
{
    static Tensor Images(int n, int channels = 3, int size = 16)
    {
        var g = new Generator(7);
        return rand([n, channels, size, size], generator: g);
    }

    [Theory]
    [InlineData(AugmentationKind.CropFlip)]
    [InlineData(AugmentationKind.Simclr)]
    public void Same_seed_gives_the_same_views_and_another_seed_other_views(AugmentationKind kind)
    {
        var aug = new Augmentation(kind, 3, 16, 16);
        using var x = Images(32);
        using var a = aug.Apply(x, aug.Sample(32, new Random(1)));
        using var b = aug.Apply(x, aug.Sample(32, new Random(1)));
        using var c = aug.Apply(x, aug.Sample(32, new Random(2)));
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        Assert.False(a.allclose(c));
    }

    [Fact]
    public void Every_image_draws_its_own_parameters()
    {
        var aug = new Augmentation(AugmentationKind.Simclr, 3, 16, 16);
        var p = aug.Sample(64, new Random(3));
        Assert.True(p.CropWidth.Distinct().Count() > 5);
        Assert.True(p.Flip.Count(f => f) is > 10 and < 54);
        Assert.True(p.Jitter.Count(j => j) is > 35 and < 64);     // p 0.8
        Assert.True(p.Grayscale.Count(g => g) is > 2 and < 30);   // p 0.2
        Assert.Equal(64, p.BlurSigma.Distinct().Count());
        // Identical input images come out different, image by image.
        using var same = Images(1).expand(64, 3, 16, 16).contiguous();
        using var views = aug.Apply(same, p);
        Assert.False(views[0].allclose(views[1]));
    }

    [Fact]
    public void Crop_flip_is_an_exact_pixel_shift_with_zero_padding()
    {
        var aug = new Augmentation(AugmentationKind.CropFlip, 1, 8, 8);
        using var x = arange(64, dtype: float32).reshape(1, 1, 8, 8) / 64;
        var p = new AugmentationParams(1, 8, 8);
        p.Top[0] = 2; p.Left[0] = -3;     // crop window starts 2 rows down and 3 columns left of the image
        using var y = aug.Apply(x, p);
        using var expected = zeros(1, 1, 8, 8);
        expected[0, 0, 0..6, 3..8] = x[0, 0, 2..8, 0..5];
        Assert.True(y.allclose(expected, atol: 1e-6));

        p.Flip[0] = true;
        using var flipped = aug.Apply(x, p);
        Assert.True(flipped.allclose(expected.flip(3), atol: 1e-6));
    }

    [Fact]
    public void None_returns_the_images_unchanged_and_normalisation_applies_per_channel()
    {
        using var x = Images(4);
        using var same = new Augmentation(AugmentationKind.None, 3, 16, 16).Apply(x, new AugmentationParams(4, 16, 16));
        Assert.True(same.allclose(x, rtol: 0, atol: 0));

        var norm = new Augmentation(AugmentationKind.None, 3, 16, 16, new Normalization([0.5f, 0.5f, 0.5f], [0.25f, 0.5f, 1f]));
        using var n = norm.Apply(x, new AugmentationParams(4, 16, 16));
        Assert.True(n[.., 0].allclose((x[.., 0] - 0.5) / 0.25, atol: 1e-5));
        Assert.True(n[.., 2].allclose(x[.., 2] - 0.5, atol: 1e-5));
    }

    [Fact]
    public void Simclr_views_stay_in_the_unit_range_and_grayscale_images_work()
    {
        var aug = new Augmentation(AugmentationKind.Simclr, 1, 16, 16);
        using var x = Images(32, channels: 1);
        using var v = aug.Apply(x, aug.Sample(32, new Random(5)));
        Assert.Equal(x.shape, v.shape);
        Assert.True(v.min().item<float>() >= 0 && v.max().item<float>() <= 1);
        Assert.False(v.isnan().any().item<bool>());
    }
}
