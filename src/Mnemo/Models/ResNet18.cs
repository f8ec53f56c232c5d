using Mnemo.Paradigms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Mnemo.Models;

/// <summary>
/// The CIFAR ResNet-18 of the paper: a 3x3 stride-1 stem without max-pool, BasicBlocks [2, 2, 2, 2]
/// of widths W, 2W, 4W, 8W (W = 64 in the paper), global average pooling, and a head 8W -> d.
/// The penultimate features (8W wide, 512 in the paper) are what t-SNE and the linear probe read.
/// </summary>
public sealed class ResNet18 : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Module<Tensor, Tensor> fc;

    public int FeatureDim { get; }

    /// <param name="head">Linear (the authors': one layer) or Mlp (8W -> 8W -> ReLU -> d).</param>
    public ResNet18(int inChannels, int outputDim, int width = 64, HeadKind head = HeadKind.Linear) : base(nameof(ResNet18))
    {
        FeatureDim = 8 * width;
        conv1 = Conv2d(inChannels, width, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn1 = BatchNorm2d(width);
        layer1 = Stage(width, width, stride: 1);
        layer2 = Stage(width, 2 * width, stride: 2);
        layer3 = Stage(2 * width, 4 * width, stride: 2);
        layer4 = Stage(4 * width, 8 * width, stride: 2);
        fc = head switch
        {
            HeadKind.Linear => Linear(FeatureDim, outputDim),
            HeadKind.Mlp => Sequential(Linear(FeatureDim, FeatureDim), ReLU(), Linear(FeatureDim, outputDim)),
            _ => throw new ArgumentOutOfRangeException(nameof(head), head, "no such head"),
        };
        RegisterComponents();
    }

    static Sequential Stage(int inPlanes, int planes, int stride) =>
        Sequential(new BasicBlock(inPlanes, planes, stride), new BasicBlock(planes, planes, 1));

    /// <summary>Output of ResNet stage <paramref name="stage"/> (1..4): [B, W * 2^(stage-1), H', W'].</summary>
    public Tensor StageOutput(Tensor x, int stage)
    {
        x = functional.relu(Norm(bn1, conv1.call(x)), inplace: true);
        foreach (var layer in new[] { layer1, layer2, layer3, layer4 }.Take(stage))
            x = layer.call(x);
        return x;
    }

    /// <summary>
    /// Lays the 3x3 convolutions' weights out channels-last (NHWC) where that was measured faster: on the CPU with one
    /// thread (the default of a study's jobs: the demo and paper networks trained 1.05-1.2x and evaluated 1.1-1.3x as
    /// fast as NCHW, side by side) or with more threads for networks of width 16 or more (the paper network: 1.1x; the
    /// width-8 demo network trained 0.76-0.95x as fast on 2 threads, so it stays NCHW there). Not on a GPU (not
    /// measured). A channels-last weight makes libtorch run its convolution, and so every layer after it,
    /// channels-last. The 1x1 stride-2 shortcuts stay NCHW: oneDNN's NHWC backward for them writes past its workspace
    /// when the input has fewer channels than the ISA's block, 8 or 16 (oneDNN issue 6035: hangs, wrong gradients),
    /// as Mnemo's narrow networks have. Call it after the optimiser exists, whose state then stays NCHW.
    /// </summary>
    public void UseFastestLayout(Device device) =>
        SetChannelsLast(device.type == DeviceType.CPU && (get_num_threads() == 1 || FeatureDim / 8 >= 16));

    /// <summary>Whether the 3x3 convolutions' weights are laid out channels-last now.</summary>
    public bool ChannelsLast { get; private set; }

    public void SetChannelsLast(bool on)
    {
        if (on == ChannelsLast) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var conv in Convolutions3x3())
            conv.weight!.set_(on ? conv.weight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : conv.weight.contiguous());
        ChannelsLast = on;
    }

    /// <summary>NCHW weights until disposed: TorchSharp's save and load (and safetensors) read a tensor's bytes in order.</summary>
    public IDisposable InPyTorchLayout()
    {
        bool was = ChannelsLast;
        SetChannelsLast(false);
        return new Restore(() => SetChannelsLast(was));
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    IEnumerable<Conv2d> Convolutions3x3() =>
        new[] { layer1, layer2, layer3, layer4 }.SelectMany(stage => stage.children().Cast<BasicBlock>())
            .SelectMany(block => block.Convolutions3x3).Prepend(conv1);

    /// <summary>Penultimate features: [B, 8W].</summary>
    public Tensor Features(Tensor x) => functional.adaptive_avg_pool2d(StageOutput(x, 4), 1).flatten(1);

    /// <summary>Logits or embeddings: [B, d].</summary>
    public override Tensor forward(Tensor x) => fc.call(Features(x));

    /// <summary>
    /// What TorchSharp's BatchNorm2d.forward computes (count the batch, then batch_norm with the running statistics,
    /// momentum and eps of <paramref name="bn"/>), with the one difference that its count's 1 is a Scalar that stays
    /// alive: TorchSharp 0.107 makes it on the fly and a garbage collection on another thread could free it while
    /// libtorch reads it ("For integral input tensors, argument alpha must not be a floating point number").
    /// </summary>
    internal static Tensor Norm(BatchNorm2d bn, Tensor x)
    {
        if (bn.training) bn.num_batches_tracked!.add_(HeldScalars.One, HeldScalars.One);
        return functional.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, bn.training, bn.momentum ?? 0.1, bn.eps);
    }

    /// <summary>Receptive field (pixels) of one unit at the output of each stage, for figure labels.</summary>
    public static int ReceptiveField(int stage)
    {
        // stem 3x3 -> 3; each block adds two 3x3 convs; the first conv of stages 2-4 has stride 2.
        int rf = 3, jump = 1;
        for (int s = 1; s <= stage; s++)
            for (int conv = 0; conv < 4; conv++)
            {
                rf += 2 * jump;
                if (s > 1 && conv == 0) jump *= 2;
            }
        return rf;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose(); bn1.Dispose();
            layer1.Dispose(); layer2.Dispose(); layer3.Dispose(); layer4.Dispose();
            fc.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly Sequential? shortcut;

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            conv1 = Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
                shortcut = Sequential(Conv2d(inPlanes, planes, kernel_size: 1, stride: stride, bias: false), BatchNorm2d(planes));
            RegisterComponents();
        }

        public IEnumerable<Conv2d> Convolutions3x3 => [conv1, conv2];

        /// <remarks>ReLU and the residual sum work in place, as torchvision's do: batch norm's backward needs its input,
        /// not its output, and ReLU's its output, so autograd loses nothing and a training step two allocations per block.</remarks>
        public override Tensor forward(Tensor x)
        {
            var y = Norm(bn2, conv2.call(functional.relu(Norm(bn1, conv1.call(x)), inplace: true)));
            // The shortcut's modules are called one by one, so that its BatchNorm goes through Norm too; its 1x1 stride-2
            // convolution gets NCHW input (see UseFastestLayout; contiguous() is x itself when x is NCHW already).
            return y.add_(shortcut is null ? x : Norm((BatchNorm2d)shortcut[1], ((Conv2d)shortcut[0]).call(x.contiguous())), HeldScalars.One).relu_();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv1.Dispose(); bn1.Dispose(); conv2.Dispose(); bn2.Dispose();
                shortcut?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
