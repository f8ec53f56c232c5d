using Mnemo.Analysis.Representations;

namespace Mnemo.Report;

/// <summary>The report's part on what the networks learned: figures 6 and 7 and the linear probe.</summary>
static class RepresentationSection
{
    public static IEnumerable<Block> Build(RepresentationResult r)
    {
        yield return new Heading(2, "What the networks learned");
        yield return new Paragraph(
            $"One network per paradigm (its run of the chosen seed{(r.ModelsAt is int epoch ? $", as kept after epoch {epoch}" : "")}) beside a randomly initialised one: t-SNE of the penultimate features of " +
            $"{r.TsnePoints} class-balanced training images (perplexity {r.Perplexity:0.#}), activation maximisation of a few channels per " +
            "ResNet stage, and a linear probe on the frozen features (trained on the study's training images, scored on the test split)." +
            (r.Skipped.Count > 0 ? $" Not shown, as {(r.ModelsAt is int at ? $"they kept no network after epoch {at}" : "their model is not saved yet")}: {string.Join(", ", r.Skipped)}." : "") +
            (r.Warnings.Count > 0 ? " Warnings: " + string.Join("; ", r.Warnings) + "." : ""));
        yield return new Figure(Path.GetFileName(r.Fig6Png), "Figure 6. t-SNE of penultimate features, coloured by class.");
        yield return new Figure(Path.GetFileName(r.Fig7Png),
            "Figure 7. Activation maximisation: rows are ResNet stages (receptive field in brackets), columns are networks; " +
            "each image normalised to zero mean and unit variance, then passed through a logistic function.");
        yield return new Table(["network", "train accuracy", "test accuracy", "features", "train images", "test images"],
            r.Probe.Select(p => (IReadOnlyList<string>)[p.Network, $"{p.TrainAccuracy:0.000}", $"{p.TestAccuracy:0.000}",
                p.FeatureDim.ToString(), p.TrainImages.ToString(), p.TestImages.ToString()]).ToList());
        yield return new Paragraph("The paper (CIFAR-10, width 64): SimCLR 0.819 / 0.806, supervised 1.000 / 0.953, random labels 0.337 / 0.325, " +
            "random labels + aug 0.440 / 0.428, random init 0.289 / 0.298, raw pixels 0.423 / 0.377 (train / test).");
    }
}
