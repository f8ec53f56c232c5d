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
        var (bits, margins) = Recognition.FromLogits(logits, labels);
        Assert.Equal(new byte[] { 1, 0, 1 }, bits);
        Assert.Equal(2f, (float)margins[0]);    // 3 - 1
        Assert.Equal(-3f, (float)margins[1]);   // 2 - 5
        Assert.Equal(3f, (float)margins[2]);    // 4 - 1
    }

    [Fact]
    public void Retrieval_finds_the_pair_among_2B_minus_1_views_in_both_directions()
    {
        // Three images; view 2 of image 0 sits next to its view 1, image 1's pair is far apart
        // (its view 2 is closest to image 2's view 1), image 2's pair coincides.
        using var z1 = tensor(new float[] { 1, 0, 0,   0, 1, 0,   0, 0, 1 }, [3, 3]);
        using var z2 = tensor(new float[] { 1, 0.1f, 0,   0, 0.05f, 1,   0, 0, 1 }, [3, 3]);
        var r = Recognition.Retrieval(z1, z2, temperature: 0.5);
        Assert.Equal(new byte[] { 1, 0, 1 }, r.Bits);
        // View 2 of image 1 ([0, .05, 1]) is nearest to view 1 of image 2 and to view 2 of image 2: wrong.
        // View 2 of image 2 ([0, 0, 1]) is identical to view 1 of image 2: right.
        Assert.Equal(new byte[] { 1, 0, 1 }, r.ReverseBits);
        Assert.True((float)r.Margins[0] > 0);
        Assert.True((float)r.Margins[1] < 0);
    }

    [Fact]
    public void Retrieval_never_counts_a_view_as_its_own_match()
    {
        // Every embedding identical: without masking the diagonal, each view would "find" itself.
        using var z = ones(4, 8);
        var r = Recognition.Retrieval(z, z, temperature: 1);
        // All 2B - 1 candidates tie; argmax takes the first, which is the pair only for view 2 of image 0.
        Assert.Equal(0, (float)r.Margins[0]);
        Assert.DoesNotContain(r.Margins, m => float.IsInfinity((float)m));
    }
}
