using Mnemo.Models;
using Mnemo.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Training;

public class OptimizerTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void Mnemos_steps_update_exactly_as_TorchSharps(string name)
    {
        var ours = Train(parameters => name == "sgd"
            ? new ScalarSafeSgd(parameters, 0.05, 0.9, 1e-4) : new ScalarSafeAdam(parameters, 3e-3, 1e-4));
        var theirs = Train(parameters => name == "sgd"
            ? optim.SGD(parameters, 0.05, momentum: 0.9, weight_decay: 1e-4) : optim.Adam(parameters, 3e-3, weight_decay: 1e-4));
        Assert.Equal(theirs.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
            Assert.True(ours[i].eq(theirs[i]).all().item<bool>(), $"parameter {i} differs after 5 steps");
    }

    static Tensor[] Train(Func<IEnumerable<Parameter>, OptimizerHelper> create)
    {
        manual_seed(11);
        using var model = new ResNet18(1, 10, width: 4);
        using var optimizer = create(model.parameters());
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn(8, 1, 12, 12);
            var y = randint(0, 10, [8]);
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            optimizer.step();
        }
        return model.parameters().Select(p => p.detach().clone()).ToArray();
    }
}
