using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Figures;
using static Mnemo.Analysis.MnemoFormat;

namespace Mnemo.Report;

/// <summary>What report.md and report.html say, as blocks: the study, missing runs, findings, tables and figures.</summary>
static class ReportContent
{
    public static string Title(StudyAnalysis analysis) => $"Mnemo report: {Path.GetFileName(analysis.Records.Folder.Root)}";

    public static List<Block> Build(StudyAnalysis analysis, IReadOnlyList<string> figureFiles, StudyDifficulty difficulty,
                                    DifficultyFigureSet difficultyFigures, RepresentationResult? representations)
    {
        var blocks = new List<Block> { new Heading(1, Title(analysis)) };
        blocks.AddRange(Study(analysis));
        blocks.AddRange(MissingRuns(analysis, difficulty));
        blocks.AddRange(Findings(analysis));
        blocks.AddRange(Thresholds(analysis));
        blocks.AddRange(Figures(analysis, figureFiles));
        blocks.AddRange(DifficultySection.Build(analysis, difficulty, difficultyFigures));
        if (representations is not null)
            blocks.AddRange(RepresentationSection.Build(representations));
        blocks.AddRange(Files());
        return blocks;
    }

    static IEnumerable<Block> Study(StudyAnalysis analysis)
    {
        var records = analysis.Records;
        var config = records.Config;
        yield return new Paragraph(
            $"Study folder {records.Folder.Root}: data {records.Manifest.DatasetName}, preset {config.Preset}, study seed {config.Seed}. " +
            $"K = {config.EvalSize} evaluation images drawn from the training images, M = {config.Augmentations} fixed augmentations per image " +
            $"(pairs of views for SimCLR), N = {config.Models} models planned per paradigm, thresholds {string.Join(", ", analysis.Thresholds.Select(P))}" +
            (analysis.Thresholds.SequenceEqual(config.Thresholds) ? ". " : $" (chosen for this report; the study's own are {string.Join(", ", config.Thresholds.Select(P))}). ") +
            "SimCLR recognition is view 1 -> view 2, the primary measure (recognition_reverse.npy is not analysed here).");
        int incomplete = records.Incomplete.Count(), damaged = records.Damaged.Count(), unverified = records.Unverified.Count();
        yield return new Paragraph(incomplete + damaged == 0
            ? "The study is complete: every planned run has recorded every epoch."
            : $"The study is partial: {incomplete + damaged} of {records.Runs.Count} planned runs are missing, unfinished or damaged (listed below). " +
              "Each paradigm is analysed with the runs that have intact records, at the epochs all of them have; N below is the number of runs used.");
        if (unverified > 0)
            yield return new Paragraph($"{unverified} of {records.Runs.Count} runs have no checksums.sha256 (made by a Mnemo that did not write checksums): " +
                                       "their values were checked, their bytes could not be.");
        yield return new Heading(2, "Paradigms");
        yield return new Table(
            ["paradigm", "N used / planned", "epochs analysed / planned", "training augmentation", "mean p_t at last epoch (averaged / fixed)"],
            analysis.Paradigms.Values.Select(p => (IReadOnlyList<string>)
            [
                p.Paradigm, $"{p.N} / {p.RunsPlanned}", $"{p.EpochsAnalysed} / {p.EpochsPlanned}", Mnemo.Paradigms.SettingText.Of(config.For(p.Paradigm).Augmentation),
                $"{Number(p.MeanAveraged[^1], "0.000")} / {Number(p.MeanFixed[^1], "0.000")}",
            ]).ToList());
        var absent = config.Paradigms.Where(p => !analysis.Paradigms.ContainsKey(p)).ToList();
        if (absent.Count > 0)
            yield return new Paragraph($"Not analysed, no run has records: {string.Join(", ", absent)}.");
    }

    static IEnumerable<Block> MissingRuns(StudyAnalysis analysis, StudyDifficulty difficulty)
    {
        yield return new Heading(2, "Missing or unfinished runs");
        var incomplete = analysis.Records.Incomplete.Select(r => r.Describe()).ToList();
        yield return incomplete.Count == 0 ? new Paragraph("None.") : new Bullets(incomplete);
        if (difficulty.Missing.Count > 0)
        {
            yield return new Paragraph("Missing for the per-example analyses (section \"Example difficulty\"):");
            yield return new Bullets(difficulty.Missing);
        }
        var damaged = analysis.Records.Damaged.Select(r => r.Describe()).ToList();
        if (damaged.Count == 0) yield break;
        yield return new Heading(2, "Damaged runs, not analysed");
        yield return new Paragraph("A file of each of these runs is missing, differs from its checksum or holds values a run cannot record " +
                                   "(mnemo verify checks them; mnemo run --retrain-damaged trains them again).");
        yield return new Bullets(damaged);
    }

    static IEnumerable<Block> Findings(StudyAnalysis analysis)
    {
        yield return new Heading(2, "Findings of the paper, checked on this study");
        int number = 1;
        foreach (var finding in analysis.Findings)
        {
            string verdict = finding.Holds switch { true => "holds", false => "does not hold", null => "not measurable" };
            yield return new Heading(3, $"{number++}. {finding.Id}: {verdict}");
            yield return new Paragraph(finding.Statement);
            yield return new Paragraph((finding.Holds is null ? "Why not: " : "Numbers: ") + finding.Detail + ".");
        }
    }

    static IEnumerable<Block> Thresholds(StudyAnalysis analysis)
    {
        yield return new Heading(2, "Threshold epochs and departure from binomial noise");
        yield return new Paragraph(
            "Threshold epoch: the first epoch whose mean p_t is at least the threshold, per paradigm and variant. " +
            "MAE: mean absolute error between the sorted profile and K sorted values of Bin(N, p^)/N, p^ the profile's mean, over " +
            $"{BinomialReference.Draws} draws (mean +/- std); n = N for both variants, as the authors. Null MAE: the MAE this comparison gives " +
            "when every image-augmentation pair is equally hard (independent bits). For the averaged variant it is above zero, because p_t(x) " +
            "averages N x M trials (N for a paradigm without augmentation) while the reference has N: the profile of equally hard images is " +
            "flatter than the reference. Differences between images or augmentations spread the profile towards the reference first, so an " +
            "averaged MAE below the null MAE still means images differ, and the averaged MAE is not monotone in how much they differ. " +
            $"Outside envelope: share of the profile outside the pointwise 2.5%-97.5% band of {BinomialEnvelope.Draws} sorted binomial curves. " +
            $"Chi-square (fixed variant): counts of N p~ over 0..N against K Bin(N, p^), adjacent bins pooled until each expects at least {ChiSquareTest.MinExpected}, " +
            "dof = bins - 2 (at least 1). Calibrated excess (beyond the paper): the mean distance D of the sorted profile from the expected sorted " +
            "profile of equally hard image-augmentation pairs, less D's mean under that null, where the null is simulated with this study's N, M " +
            $"and K and the observed number of recognitions ({CalibratedContrast.DefaultDraws} draws for the curve, {CalibratedContrast.DefaultDraws} " +
            "for D's distribution); n0 independent trials per image (N x M averaged, N fixed, N for a paradigm without augmentation). Unlike the " +
            "MAE it is about 0 when images and augmentations are equally hard, whatever N and M; calibrated p: (1 + #{D_null >= D}) / (draws + 1).");
        foreach (var variant in new[] { ProfileVariant.Averaged, ProfileVariant.Fixed })
        {
            bool isFixed = variant == ProfileVariant.Fixed;
            yield return new Heading(3, isFixed ? "Fixed augmentation (m = 0)" : "Averaged over augmentations");
            var header = new List<string> { "paradigm", "threshold", "epoch", "mean p", "MAE", "null MAE", "outside envelope", "calibrated excess (in null sd)", "calibrated p" };
            if (isFixed) header.AddRange(["chi-square", "dof", "p-value"]);
            var rows = new List<IReadOnlyList<string>>();
            foreach (var paradigm in analysis.Paradigms.Values)
                foreach (var threshold in paradigm.For(variant))
                    rows.Add(Row(paradigm, variant, threshold, header.Count));
            yield return new Table(header, rows);
        }
    }

    static List<string> Row(ParadigmAnalysis paradigm, ProfileVariant variant, ThresholdResult threshold, int columns)
    {
        var row = new List<string> { paradigm.Paradigm, P(threshold.P) };
        if (threshold.Reached is not { } r)
        {
            double best = paradigm.MeanByEpoch(variant).Max();
            row.Add($"not reached by epoch {paradigm.EpochsAnalysed} (highest mean p {Number(best, "0.000")})");
            while (row.Count < columns) row.Add("");
            return row;
        }
        row.AddRange([r.Epoch.ToString(), Number(r.MeanP, "0.000"), $"{Number(r.MaeMean)} +/- {Number(r.MaeStd)}", Number(r.MaeNull), Number(r.EnvelopeOutside, "0.000"),
                      $"{Number(r.Contrast.Excess)} ({Number(r.Contrast.ExcessInNullSd, "0.0")})", MonteCarloP(r.Contrast.PValue, r.Contrast.Draws)]);
        if (r.Chi2 is { } c) row.AddRange([Number(c.Statistic, "0.0"), c.Dof.ToString(), PValue(c.PValue)]);
        return row;
    }

    static IEnumerable<Block> Figures(StudyAnalysis analysis, IReadOnlyList<string> figureFiles)
    {
        yield return new Heading(2, "Figures");
        string[] captions =
        [
            "Figure 1. Memorization profiles over epochs, averaged over augmentations, one panel per paradigm.",
            "Figure 2. Profiles (solid) against sorted binomial noise (dotted) at the threshold epochs: averaged (left), fixed augmentation (right).",
            "Figure 3. The paradigms overlaid at each threshold: averaged (top row), fixed augmentation (bottom row).",
            $"Figure 4. p~ of each augmentation (points) around p_t(x) (line), every {Mnemo.Figures.StudyFigures.AugmentationStride}th image of the sorted profile.",
        ];
        var pngs = figureFiles.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();
        for (int i = 0; i < pngs.Count; i++)
            yield return new Figure(Path.GetFileName(pngs[i]), i < captions.Length ? captions[i] : Path.GetFileNameWithoutExtension(pngs[i]));
        yield return new Paragraph("Each figure is also written as SVG beside its PNG.");
    }

    static IEnumerable<Block> Files()
    {
        yield return new Heading(2, "Files");
        yield return new Bullets(
        [
            "summary.json: every number above, per paradigm, variant and threshold, with the findings and the missing and damaged runs.",
            $"examples.csv: per evaluation image (by training-split index) its class and, per paradigm, p_t(x) at each threshold epoch " +
            $"(averaged) and the first epoch at which p_t(x) >= {P(ExamplesCsv.LearnedAt)}, then each per-example measure's mean and sd over networks " +
            $"({string.Join(", ", ExampleMeasures.Names)}; empty where undefined or not recorded).",
            "pairs.csv: per paradigm and (image, augmentation) pair, the parameters of its view(s) from augmentations/<paradigm>.csv, " +
            "its learning speed and p~ at each threshold epoch.",
        ]);
    }
}
