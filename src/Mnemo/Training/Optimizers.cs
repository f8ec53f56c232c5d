using Mnemo.Paradigms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Training;

// TorchSharp 0.107's SGD and Adam hand libtorch Scalars made on the fly from doubles (weight decay,
// momentum, step size) and keep no reference to them, so a garbage collection during the native call
// may finalize one while libtorch reads it. Once in 24 demo runs SGD's weight decay failed with
// "Expected false to be true ... toFloat" (a freed Scalar); a freed Scalar whose memory was reused
// would instead change an update silently. These two steps do the same arithmetic, in the same order,
// with Scalars that live until the step ends; their state is TorchSharp's, so checkpoints are unchanged.

/// <summary>The optimiser a paradigm's settings name.</summary>
public static class Optimizers
{
    public static OptimizerHelper Create(IEnumerable<Parameter> parameters, ParadigmSettings s) => s.Optimizer switch
    {
        OptimizerKind.Sgd => new ScalarSafeSgd(parameters, s.LearningRate, s.Momentum, s.WeightDecay),
        OptimizerKind.Adam => new ScalarSafeAdam(parameters, s.LearningRate, s.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(s), s.Optimizer, "no such optimizer"),
    };
}

/// <summary>SGD with momentum and L2 weight decay, as torch.optim.SGD (no dampening, no Nesterov).</summary>
public sealed class ScalarSafeSgd(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay)
    : SGD(parameters, lr, momentum, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double momentum = options.momentum!.Value, weightDecay = options.weight_decay!.Value;
        using Scalar decay = weightDecay.ToScalar(), keep = momentum.ToScalar(), one = 1.0.ToScalar(),
            descent = (-options.LearningRate!.Value).ToScalar();
        foreach (var param in group.Parameters)
        {
            if (param.grad is not Tensor grad) continue;
            var state = (State)_state[param.Handle];
            if (weightDecay != 0) grad = grad.add(param, decay);
            if (momentum != 0)
            {
                // NCHW whatever the gradient's layout, so that the state saves (TorchSharp writes a tensor's bytes in order).
                if (state.momentum_buffer is null)
                    state.momentum_buffer = (grad.is_contiguous() ? grad.clone() : grad.contiguous()).detach().DetachFromDisposeScope();
                else
                    state.momentum_buffer.mul_(keep).add_(grad, one);
                grad = state.momentum_buffer;
            }
            param.add_(grad, descent);
        }
    }, closure);
}

/// <summary>Adam with L2 weight decay, as torch.optim.Adam (no AMSGrad).</summary>
public sealed class ScalarSafeAdam(IEnumerable<Parameter> parameters, double lr, double weightDecay)
    : Adam(parameters, lr, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
        double lr = options.LearningRate!.Value;
        using Scalar decay = weightDecay.ToScalar(), b1 = beta1.ToScalar(), b2 = beta2.ToScalar(),
            rest1 = (1 - beta1).ToScalar(), rest2 = (1 - beta2).ToScalar(), eps = options.eps!.Value.ToScalar();
        foreach (var param in group.Parameters)
        {
            if (param.grad is not Tensor grad) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
            using Scalar root2 = Math.Sqrt(correction2).ToScalar(), size = (-lr / correction1).ToScalar();
            if (weightDecay != 0) grad = grad.add(param, decay);
            state.exp_avg.mul_(b1).add_(grad, rest1);
            state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, rest2);
            var denominator = state.exp_avg_sq.sqrt().div(root2).add_(eps, HeldScalars.One);
            param.addcdiv_(state.exp_avg, denominator, size);
        }
    }, closure);
}
