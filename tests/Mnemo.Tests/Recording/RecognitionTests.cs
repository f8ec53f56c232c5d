using Mnemo.Paradigms;
using Mnemo.Recording;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Recording;

public class RecognitionTests
{
    [Fact]
    public void Classification_bit_is_argmax_equals_label_and_margin_is_right_minus_best_other()
    {
        using var logits = tensor(new float[] { 3, 1, 0,   0, 2, 5,   1, 1, 4 }, [3, 3]);
        using var labels = tensor(new long[] { 0, 1, 2 });
        var (bits, margins, _) = Recognition.FromLogits(logits, labels);
        Assert.Equal(new byte[] { 1, 0, 1 }, bits);
        Assert.Equal(2f, (float)margins[0]);    // 3 - 1
        Assert.Equal(-3f, (float)margins[1]);   // 2 - 5
        Assert.Equal(3f, (float)margins[2]);    // 4 - 1
    }

    [Fact]
    public void Classification_confidence_is_the_softmax_probability_of_the_label()
    {
        using var logits = tensor(new float[] { 3, 1, 0,   0, 2, 5,   1, 1, 4 }, [3, 3]);
        using var labels = tensor(new long[] { 0, 1, 2 });
        var (_, _, confidences) = Recognition.FromLogits(logits, labels);
        double Softmax(double right, params double[] others) => 1 / (1 + others.Sum(o => Math.Exp(o - right)));
        Assert.Equal(Softmax(3, 1, 0), (double)confidences[0], tolerance: 1e-3);   // 0.844, within float16 rounding
        Assert.Equal(Softmax(2, 0, 5), (double)confidences[1], tolerance: 1e-3);   // 0.047
        Assert.Equal(Softmax(4, 1, 1), (double)confidences[2], tolerance: 1e-3);   // 0.910
    }

    [Fact]
    public void Retrieval_finds_the_pair_among_2B_minus_1_views_in_both_directions()
    {
        // Three images; view 2 of image 0 sits next to its view 1, image 1's pair is far apart
        // (its view 2 is closest to image 2's view 1), image 2's pair coincides.
        using var z1 = tensor(new float[] { 1, 0, 0,   0, 1, 0,   0, 0, 1 }, [3, 3]);
        using var z2 = tensor(new float[] { 1, 0.1f, 0,   0, 0.05f, 1,   0, 0, 1 }, [3, 3]);
        var r = SimClr.Retrieve(z1, z2, temperature: 0.5);
        Assert.Equal(new byte[] { 1, 0, 1 }, r.Bits);
        // View 2 of image 1 ([0, .05, 1]) is nearest to view 1 of image 2 and to view 2 of image 2: wrong.
        // View 2 of image 2 ([0, 0, 1]) is identical to view 1 of image 2: right.
        Assert.Equal(new byte[] { 1, 0, 1 }, r.ReverseBits);
        Assert.True((float)r.Margins[0] > 0);
        Assert.True((float)r.Margins[1] < 0);
    }

    [Fact]
    public void Retrieval_confidence_is_the_positives_share_among_the_2B_minus_1_other_views()
    {
        using var z1 = tensor(new float[] { 1, 0, 0,   0, 1, 0,   0, 0, 1 }, [3, 3]);
        using var z2 = tensor(new float[] { 1, 0.1f, 0,   0, 0.05f, 1,   0, 0, 1 }, [3, 3]);
        const double tau = 0.5;
        var r = SimClr.Retrieve(z1, z2, tau);
        float[][] views = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0.1f, 0], [0, 0.05f, 1], [0, 0, 1]];
        double Cosine(float[] a, float[] b) =>
            a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
        // Row i's candidates are the five other views; its own is no candidate.
        double Expected(int row, int positive) =>
            Math.Exp(Cosine(views[row], views[positive]) / tau) /
            Enumerable.Range(0, 6).Where(j => j != row).Sum(j => Math.Exp(Cosine(views[row], views[j]) / tau));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Expected(i, i + 3), (double)r.Confidences[i], tolerance: 1e-3);
            Assert.Equal(Expected(i + 3, i), (double)r.ReverseConfidences[i], tolerance: 1e-3);
        }
    }

    [Fact]
    public void Retrieval_never_counts_a_view_as_its_own_match()
    {
        // Each pair close but not equal, and far from the other pairs: a view's most similar candidate other
        // than itself is its pair. Unmasked, its own similarity (1 / tau, the largest possible) would win:
        // no bit would be 1 and every margin would be negative.
        using var z1 = tensor(new float[] { 1, 0.1f, 0,   0, 1, 0.1f,   0.1f, 0, 1 }, [3, 3]);
        using var z2 = tensor(new float[] { 1, -0.1f, 0,   0, 1, -0.1f,   -0.1f, 0, 1 }, [3, 3]);
        var r = SimClr.Retrieve(z1, z2, temperature: 0.5);
        Assert.Equal(new byte[] { 1, 1, 1 }, r.Bits);
        Assert.Equal(new byte[] { 1, 1, 1 }, r.ReverseBits);
        Assert.All(r.Margins.Concat(r.ReverseMargins), m => Assert.True((float)m > 0, $"margin {(float)m}"));
        // The margin is the pair's logit minus the best other pair's, not minus the view's own 1 / tau.
        double pair = 2 * (1 - 0.01) / (1 + 0.01), best = 2 * 0.1 / Math.Sqrt(1.01) / Math.Sqrt(1.01);
        Assert.Equal(pair - best, (float)r.Margins[0], 2);
    }
}
