using Mnemo.Study;

namespace Mnemo.Paradigms;

/// <summary>
/// Random labels with the supervised crop-and-flip augmentation: memorising a label that must survive
/// augmentation, the classification analogue of SimCLR's task. Needs far more epochs (500 in the paper).
/// </summary>
public sealed class RandomLabelsAug : ClassificationParadigm
{
    public override string Name => "random-labels-aug";

    public override ParadigmSettings Defaults(int classes) => new()
    {
        Epochs = 500,
        Optimizer = "sgd", LearningRate = 3e-4, Momentum = 0.9, WeightDecay = 1e-4,
        Temperature = 1, OutputDim = classes,
        Augmentation = "crop-flip", Normalize = true,
    };

    public override int[] TrainingLabels(StudyData data) => data.RandomLabels;
}
