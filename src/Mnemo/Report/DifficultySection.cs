using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Figures;
using static Mnemo.Analysis.MnemoFormat;

namespace Mnemo.Report;

/// <summary>The report's part beyond the paper: which images and augmentations are hard, and how sure the study is of it.</summary>
static class DifficultySection
{
    public static IEnumerable<Block> Build(StudyAnalysis analysis, StudyDifficulty difficulty, DifficultyFigureSet figures)
    {
        yield return new Heading(2, "Example difficulty (beyond the paper)");
        yield return new Paragraph(
            "Per evaluation image, per network, over epochs 1..T (epoch 0, the initialisation, is left out), then mean and sd over networks " +
            "(examples.csv): first-learned epoch and the epoch from which it stays learned (means over the views that were learned; " +
            "undefined if none), forgetting events (1 -> 0 transitions between consecutive epochs, over the views ever learned: " +
            "never-learned views are counted apart, as the never-learned fraction, not as zero forgettings), learning speed (the share of " +
            "epochs and views recognised, the cheap proxy of C-scores), area under the margin (AUM: mean margin, the right logit minus " +
            "the best other; SimCLR: the positive's cosine / tau minus the best negative's), and dataset cartography's confidence (mean " +
            "probability of the right answer: of the label, or for SimCLR of view 2 among the 2B - 1 candidates) and variability (its sd over epochs).");
        if (difficulty.Missing.Count > 0 || figures.Skipped.Count > 0)
        {
            yield return new Paragraph("Not computed, and why:");
            yield return new Bullets([.. difficulty.Missing, .. figures.Skipped]);
        }
        if (difficulty.Paradigms.Count == 0) yield break;

        yield return new Heading(3, "The measures at a glance");
        var names = ExampleMeasures.Names;
        yield return new Table(["paradigm", "N", "epochs", .. names.Select(n => n.Replace('_', ' '))],
            [.. difficulty.Paradigms.Values.Select(p => (IReadOnlyList<string>)
            [
                p.Paradigm, p.Measures.Runs.ToString(), p.Measures.Epochs.ToString(),
                .. p.Measures.Named.Select(m => m.Values is null ? "not recorded" : MeanOverImages(m.Values)),
            ])]);
        yield return new Paragraph("Each cell: the mean over images of the per-image mean over networks (images where no network defines it left out), " +
            "and in brackets the mean over images of the sd over networks, how much the networks disagree.");

        yield return new Heading(3, "How reliable the difficulty is");
        yield return new Paragraph(
            $"Split-half agreement: the N networks are split at random into two halves ({SplitHalfReliability.DefaultSplits} splits), each half's " +
            "learning speeds are averaged per image, and the halves' Spearman correlation r is corrected to N networks by Spearman-Brown, " +
            "2r / (1 + r). Near 1: the networks agree which images are hard; near 0: difficulty is noise. This tests 'some images are easier " +
            "than others' without the binomial assumption.");
        yield return new Table(["paradigm", "N (per half)", "split-half r' (mean +/- sd)", "2.5% - 97.5%", "r before correction", "splits used"],
            [.. difficulty.Paradigms.Values.Select(p => p.Reliability is { Undefined: { } why }
                ? (IReadOnlyList<string>)[p.Paradigm, $"{p.Reliability.Networks} ({p.Reliability.HalfSize})", $"undefined: {why}", "", "", $"{p.Reliability.SplitsUsed} / {p.Reliability.Splits}"]
                : [p.Paradigm, $"{p.Reliability.Networks} ({p.Reliability.HalfSize})", $"{Number(p.Reliability.Mean, "0.000")} +/- {Number(p.Reliability.Std, "0.000")}",
                   $"{Number(p.Reliability.Lower, "0.000")} - {Number(p.Reliability.Upper, "0.000")}", Number(p.Reliability.MeanUncorrected, "0.000"),
                   $"{p.Reliability.SplitsUsed} / {p.Reliability.Splits}"])]);

        if (difficulty.Correlations is { } c)
        {
            yield return new Heading(3, "Is an image that is easy for one paradigm easy for another?");
            yield return new Paragraph($"Spearman correlations of the K = {c.Images} images' learning speeds between paradigms " +
                "(p-values: Fisher z with variance 1.06 / (K - 3), approximate).");
            yield return new Table(["", .. c.Names],
                [.. c.Names.Select((row, r) => (IReadOnlyList<string>)[row, .. c.Names.Select((_, col) =>
                    r == col ? "1" : $"{Number(c.Rho[r, col], "0.000")} (p {PValue(c.PValue[r, col])})")])]);
        }

        var fitted = difficulty.Paradigms.Values.Where(p => p.Pairs is not null).ToList();
        if (fitted.Count > 0)
        {
            yield return new Heading(3, "What makes an image-augmentation pair hard");
            yield return new Paragraph(
                "A binomial regression per paradigm: the networks (of N) recognising each pair at one epoch, on the parameters of its views " +
                "(crop area fraction, log aspect ratio, crop centre offset, flip, jitter applied and each jitter factor's distance from " +
                "identity, grayscale, blur sigma; for SimCLR both views, v1 the query and v2 the view retrieved, and the IoU and area " +
                "difference of their crops), with the image's own difficulty as a leave-one-out offset (logit of its other M - 1 pairs' " +
                "rate), so a coefficient measures the augmentation beyond the image. Coefficients per sd of the parameter (logit units), " +
                "sorted by |z|; SEs and z from the Fisher information, not scaled by the dispersion; the quasi-binomial z divides z by the square root of the dispersion when it is above 1 (pairs varying more than binomially, as a noisy offset makes them), and is the one to trust; " +
                "parameters that never vary are dropped. Each pair's parameters and p\u0303 at each threshold epoch are in pairs.csv.");
            foreach (var p in fitted)
            {
                var pairs = p.Pairs!;
                string when = pairs.ThresholdReached ? $"epoch {pairs.Epoch} (mean p_t first reaches {P(pairs.Threshold)})"
                                                     : $"epoch {pairs.Epoch} (the last analysed; mean p_t never reaches {P(pairs.Threshold)})";
                if (pairs.Fit is not { } fit)
                {
                    yield return new Paragraph($"{p.Paradigm}, {when}: no regression, {pairs.NoFit}.");
                    continue;
                }
                yield return new Paragraph($"{p.Paradigm}, {when}: {fit.Observations} pairs of N = {fit.Trials}; deviance explained " +
                    $"{Number(fit.DevianceExplained, "0.000")} (deviance {Number(fit.Deviance, "0.0")} of {Number(fit.NullDeviance, "0.0")} with the offset " +
                    $"and intercept alone), dispersion {Number(fit.Dispersion, "0.00")}{(fit.Converged ? "" : ", NOT converged")}" +
                    (fit.Dropped.Length > 0 ? $"; dropped (constant): {string.Join(", ", fit.Dropped)}" : "") +
                    (pairs.NotApplied.Length > 0 ? $"; left out, as they do not change a single-channel image: {string.Join(", ", pairs.NotApplied)}" : "") + ".");
                double scale = Math.Sqrt(Math.Max(1, fit.Dispersion));
                yield return new Table(["parameter", "per sd (+/- SE)", "per unit (+/- SE)", "z", "quasi z (z / sqrt(dispersion))", "p-value of z", "mean", "sd"],
                    [.. fit.Coefficients.OrderByDescending(r => Math.Abs(r.Z)).Select(r => (IReadOnlyList<string>)
                        [r.Name, $"{Number(r.PerSd, "+0.000;-0.000")} +/- {Number(r.PerSdError, "0.000")}", $"{Number(r.Raw, "+0.000;-0.000")} +/- {Number(r.RawError, "0.000")}",
                         Number(r.Z, "0.0"), Number(r.Z / scale, "0.0"), PValue(r.PValue), Number(r.CovariateMean, "0.000"), Number(r.CovariateSd, "0.000")])]);
            }
        }

        foreach (var figure in figures.Figures)
            yield return new Figure(Path.GetFileName(figure.Png), figure.Caption);
    }

    static string MeanOverImages(MeasureAcrossNetworks values)
    {
        var summary = DifficultySummary.Summarise(values);
        if (summary.ImagesDefined == 0) return "undefined";
        return Number(summary.Mean, "0.000") + (double.IsNaN(summary.MeanSdOverNetworks) ? "" : $" ({Number(summary.MeanSdOverNetworks, "0.000")})");
    }
}
