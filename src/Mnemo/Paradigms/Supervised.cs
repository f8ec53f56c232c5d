using Mnemo.Study;

namespace Mnemo.Paradigms;

/// <summary>Supervised learning: true labels, the CIFAR crop-and-flip recipe, SGD.</summary>
public sealed class Supervised : ClassificationParadigm
{
    public override string Name => "supervised";

    // The authors trained 50 epochs on a cosine schedule laid out for 200.
    public override ParadigmSettings Defaults(int classes) => new()
    {
        Epochs = 50, ScheduleEpochs = 200,
        Optimizer = "sgd", LearningRate = 3e-4, Momentum = 0.9, WeightDecay = 1e-4,
        Temperature = 1, OutputDim = classes,
        Augmentation = "crop-flip", Normalize = true,
    };

    public override int[] TrainingLabels(StudyData data) => data.TrueLabels;
}
