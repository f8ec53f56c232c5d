using static TorchSharp.torch;

namespace Mnemo.Recording;

/// <summary>
/// The recognition indicator I(model, epoch, x, m) of METHOD.md and its margin, for one batch of views.
/// Bits are 1 when the network's top logit is the right one; the margin is the right logit minus
/// the largest other, so it is positive exactly when the bit is 1 (up to ties).
/// </summary>
public static class Recognition
{
    /// <summary>Classification: logits [n, classes], labels int64 [n].</summary>
    public static (byte[] Bits, Half[] Margins) FromLogits(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var target = labels.to(logits.device).view(-1, 1);
        var right = logits.gather(1, target);
        var others = logits.masked_fill(nn.functional.one_hot(target.squeeze(1), logits.size(1)).to(ScalarType.Bool), float.NegativeInfinity);
        var margin = (right.squeeze(1) - others.amax([1])).to(float32).cpu();
        var bits = (logits.argmax(1) == target.squeeze(1)).to(uint8).cpu();
        return (bits.data<byte>().ToArray(), margin.data<float>().ToArray().Select(m => (Half)m).ToArray());
    }

    /// <summary>
    /// SimCLR: z1, z2 [n, d] are the embeddings of view 1 and view 2 of the same n images (one fixed
    /// evaluation batch). All 2n embeddings are L2-normalised; each view's logits are its cosine
    /// similarities / tau to the 2n - 1 other views, and it is recognised when its top logit is the
    /// other view of its own image. Forward: view 1 -> view 2; reverse: view 2 -> view 1.
    /// </summary>
    public static (byte[] Bits, Half[] Margins, byte[] ReverseBits, Half[] ReverseMargins) Retrieval(Tensor z1, Tensor z2, double temperature)
    {
        using var scope = NewDisposeScope();
        long n = z1.size(0);
        var z = nn.functional.normalize(cat([z1, z2], 0).to(float32), dim: 1);
        var logits = z.matmul(z.t()) / temperature;
        logits = logits.masked_fill(eye(2 * n, dtype: ScalarType.Bool, device: logits.device), float.NegativeInfinity);
        // Row i (view 1 of image i) is right at column n + i; row n + i at column i.
        var positives = cat([arange(n, n * 2), arange(0, n)]).to(logits.device);
        var (bits, margins) = FromLogits(logits, positives);
        return (bits[..(int)n], margins[..(int)n], bits[(int)n..], margins[(int)n..]);
    }
}
