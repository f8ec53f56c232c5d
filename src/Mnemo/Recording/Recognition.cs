using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Recording;

/// <summary>
/// The recognition indicator I(model, epoch, x, m), its margin and its confidence, for one batch of views: the
/// paradigms give the logits and which column is right (a class, or SimCLR's positive view). Bits are 1 when the
/// top logit is the right one; the margin is the right logit minus the largest other, so it is positive
/// exactly when the bit is 1 (up to ties); the confidence is the softmax probability of the right column
/// (columns at -inf, such as SimCLR's view itself, get none), the quantity dataset cartography averages.
/// With c candidate columns and margin d it lies in [1 / (1 + (c - 1) e^-d), 1 / (1 + e^-d)], so a recognised
/// view has confidence at least 1 / c and an unrecognised one at most 1 / 2.
/// </summary>
public static class Recognition
{
    /// <summary>-inf as a Scalar that lives as long as the program (TorchSharp would let a GC free a temporary one mid-call).</summary>
    public static readonly Scalar MinusInfinity = float.NegativeInfinity;

    /// <summary>logits [n, c]; labels int64 [n]: the right column of each row.</summary>
    public static (byte[] Bits, Half[] Margins, Half[] Confidences) FromLogits(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var target = labels.to(logits.device).view(-1, 1);
        var right = logits.gather(1, target);
        var others = logits.masked_fill(nn.functional.one_hot(target.squeeze(1), logits.size(1)).to(ScalarType.Bool), MinusInfinity);
        var margin = (right.squeeze(1) - others.amax([1])).to(float32).cpu();
        var bits = (logits.argmax(1) == target.squeeze(1)).to(uint8).cpu();
        // In float32 whatever the logits' type: a half-precision softmax would lose the small probabilities.
        var confidence = logits.to(float32).softmax(1).gather(1, target).squeeze(1).cpu();
        return (bits.data<byte>().ToArray(), margin.data<float>().ToArray().Select(m => (Half)m).ToArray(),
                confidence.data<float>().ToArray().Select(p => (Half)p).ToArray());
    }
}
