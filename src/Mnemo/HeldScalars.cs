using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo;

/// <summary>
/// TorchSharp 0.107 makes the alpha of <c>a + b</c>, <c>a.add_(b)</c> and <c>1 - a</c> (a 1) as a Scalar nothing holds,
/// so a garbage collection on another thread can free it while libtorch reads it (README, "Platform notes"). These do
/// TorchSharp's arithmetic with a 1 that lives as long as the program; ScalarTemporaryTests finds any call that
/// still hands libtorch a temporary.
/// </summary>
public static class HeldScalars
{
    /// <summary>An integral 1: the alpha libtorch accepts for integral tensors as well as floating ones.</summary>
    public static readonly Scalar One = 1;

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);

    /// <summary><c>b - a</c>, as TorchSharp computes it: <c>-a + b</c>.</summary>
    public static Tensor From(this Tensor a, Scalar b) => a.negative().add(b, One);
}
