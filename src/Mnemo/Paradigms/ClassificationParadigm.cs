using Mnemo.Models;
using Mnemo.Recording;
using Mnemo.Study;
using static TorchSharp.torch;

namespace Mnemo.Paradigms;

/// <summary>
/// The three classification paradigms share their loss (cross-entropy on logits / tau) and their
/// recognition (argmax of the logits equals the label the model trains with); they differ in labels,
/// augmentation and length, which their own files set.
/// </summary>
public abstract class ClassificationParadigm : Paradigm
{
    public override (Tensor Loss, long Correct) Loss(ResNet18 model, Tensor[] views, Tensor? labels, ParadigmSettings s)
    {
        var logits = model.call(views[0]) / s.Temperature;
        var loss = nn.functional.cross_entropy(logits, labels!);
        long correct = (logits.argmax(1) == labels!).sum().item<long>();
        return (loss, correct);
    }

    public override RecognitionRecord Recognise(ResNet18 model, Tensor[][] evalViews, Tensor? evalLabels, StudyConfig config)
    {
        var bits = new List<byte>();
        var margins = new List<Half>();
        foreach (var views in evalViews)
        {
            using var scope = NewDisposeScope();
            var (b, m) = Recognition.FromLogits(ForwardInChunks(model, views[0]), evalLabels!);
            bits.AddRange(b);
            margins.AddRange(m);
        }
        return new RecognitionRecord(bits.ToArray(), margins.ToArray());
    }
}
