using Mnemo.Study;

namespace Mnemo.Paradigms;

/// <summary>
/// Random labels (Zhang et al. 2017) without augmentation: the network can only memorise. The labels
/// are the study's one permutation of the true labels, shared by all N networks, so p_t(x) averages
/// over networks that all try to learn the same label for x.
/// </summary>
public sealed class RandomLabels : ClassificationParadigm
{
    public override string Name => "random-labels";

    public override ParadigmSettings Defaults(int classes) => new()
    {
        Epochs = 20,
        Optimizer = "sgd", LearningRate = 3e-4, Momentum = 0.9, WeightDecay = 1e-4,
        Temperature = 1, OutputDim = classes,
        Augmentation = "none", Normalize = false,
    };

    public override int[] TrainingLabels(StudyData data) => data.RandomLabels;
}
