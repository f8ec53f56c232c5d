using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Data;
using Mnemo.Paradigms;

namespace Mnemo.Figures;

/// <summary>A written figure and what it shows.</summary>
public sealed record CaptionedFigure(string Png, string Svg, string Caption);

/// <summary>The figures of the per-example analyses, each as PNG and SVG, and what was left out and why.</summary>
public sealed record DifficultyFigureSet(IReadOnlyList<CaptionedFigure> Figures, IReadOnlyList<string> Skipped)
{
    public IEnumerable<string> Files => Figures.SelectMany(f => new[] { f.Png, f.Svg });
}

/// <summary>
/// Draws the figures of <see cref="StudyDifficulty"/>: the correlation matrix, the data maps, p~ against each
/// parameter, and galleries of the easiest and hardest images and pairs and of the images two paradigms disagree on.
/// </summary>
public static class DifficultyFigures
{
    /// <summary>Images per gallery section; pairs per section of the pair galleries.</summary>
    public const int GalleryImages = 16, GalleryPairs = 8;

    /// <param name="evalImages">The K evaluation images in record order, for the galleries; null skips them, for the reason given.</param>
    public static DifficultyFigureSet Write(StudyAnalysis analysis, StudyDifficulty difficulty, ImageSet? evalImages, string? noImages,
                                            string dir, IProgress<string>? progress = null)
    {
        Directory.CreateDirectory(dir);
        var figures = new List<CaptionedFigure>();
        var skipped = new List<string>();
        void Add(string[] files, string caption) => figures.Add(new CaptionedFigure(files[0], files[1], caption));
        string Base(string name) => Path.Combine(dir, name);
        var paradigms = difficulty.Paradigms.Values.ToList();
        if (paradigms.Count == 0) return new DifficultyFigureSet(figures, ["no paradigm has a training epoch recorded: no per-example figures"]);

        if (difficulty.Correlations is { } correlations)
        {
            progress?.Report("drawing correlations");
            Add(CorrelationFigure.Write(Base("correlations"), correlations,
                    $"Spearman correlations of the K = {correlations.Images} images' {StudyDifficulty.RankedBy} (share of networks, views and epochs 1..T recognising them)"),
                "Rank correlations of the images' learning speed between paradigms (p: Fisher z, approximate). Near 1: the same images are easy in both.");
        }

        var mapped = paradigms.Where(p => p.Measures.Confidence is not null).ToList();
        var unmapped = paradigms.Where(p => p.Measures.Confidence is null).Select(p => p.Paradigm).ToList();
        if (unmapped.Count > 0) skipped.Add($"data map: no confidence records for {string.Join(", ", unmapped)}");
        if (mapped.Count > 0)
        {
            progress?.Report("drawing data maps");
            Add(DataMapFigure.Write(Base("datamap"), [.. mapped.Select(p => p.Measures)], [.. mapped.Select(p => p.Paradigm)],
                    "Data maps: each evaluation image at its variability and confidence over epochs 1..T (means over networks and views), coloured by learning speed"),
                "Data maps (dataset cartography): confidence, the mean probability of the right answer over epochs, against variability, its standard " +
                "deviation; colour: learning speed. Top left: easy to learn; bottom left: hard; right: ambiguous, learned and forgotten.");
        }

        foreach (var p in paradigms)
        {
            if (p.Pairs is not { } pairs) continue;
            if (pairs.Bins.Count == 0) { skipped.Add($"{p.Paradigm}: no parameter of its views varies, no covariate figure"); continue; }
            progress?.Report($"drawing covariates of {p.Paradigm}");
            Add(CovariateFigure.Write(Base($"covariates-{p.Paradigm}"), p.Paradigm, p.Measures.Runs, pairs),
                $"{p.Paradigm}: p\u0303 of its image-augmentation pairs at epoch {pairs.Epoch} against each parameter of their views, in quantile bins " +
                "with 95% Wilson intervals (which treat every trial as independent, so they are narrower than the spread between pairs); " +
                "panel titles give the regression's effect per standard deviation, the image's own difficulty held fixed.");
        }

        if (evalImages is null)
        {
            skipped.Add($"galleries: the study's images cannot be read ({noImages})");
            return new DifficultyFigureSet(figures, skipped);
        }
        var manifest = analysis.Records.Manifest;
        int[] shape = manifest.ImageShape;
        string Class(int k) => manifest.EvalLabels[k] is var label && label >= 0 && label < manifest.ClassNames.Length ? manifest.ClassNames[label] : $"class {manifest.EvalLabels[k]}";
        foreach (var p in paradigms)
        {
            progress?.Report($"drawing the gallery of {p.Paradigm}");
            var speed = p.Measures.LearningSpeed.Mean;
            GalleryCell Cell(int k) => new([.. ViewImages.Originals(evalImages, [k])], Class(k), $"p\u0304 {speed[k]:0.00}  #{manifest.EvalIndices[k]}");
            var tie = TieBreak(analysis, $"gallery/{p.Paradigm}", speed.Length);
            var order = Enumerable.Range(0, speed.Length).OrderByDescending(k => speed[k]).ThenBy(k => tie[k]).ToList();
            int n = Math.Min(GalleryImages, speed.Length / 2);
            Add(GalleryFigure.Write(Base($"gallery-{p.Paradigm}"), $"{p.Paradigm}: the {n} easiest and {n} hardest evaluation images",
                    $"by learning speed p\u0304, the share of networks, views and epochs 1-{p.Measures.Epochs} recognising the image (N = {p.Measures.Runs}); ties in random order; #: training-split index",
                    [new GallerySection("easiest", [.. order.Take(n).Select(Cell)]), new GallerySection("hardest", [.. order.TakeLast(n).Reverse().Select(Cell)])],
                    shape, columns: 8),
                $"{p.Paradigm}: the {n} easiest and the {n} hardest evaluation images by learning speed p\u0304 (hardest first in its row), with class and training-split index.");
        }

        foreach (var p in paradigms.Where(p => Paradigm.Get(p.Paradigm).Views == 2))
        {
            if (p.Pairs is not { } pairs) { skipped.Add($"{p.Paradigm}: pair gallery needs augmentations/{p.Paradigm}.csv"); continue; }
            progress?.Report($"drawing the pair gallery of {p.Paradigm}");
            Add(PairGallery(Base($"pairs-{p.Paradigm}"), p, pairs, evalImages, analysis.Records.Config.For(p.Paradigm), Class, manifest.EvalIndices,
                    TieBreak(analysis, $"pair-gallery/{p.Paradigm}", p.PairSpeed.Length)),
                $"{p.Paradigm}: the easiest and hardest image-augmentation pairs by learning speed, each as the image and its two views, drawn " +
                "by the training augmentation from the parameters saved in augmentations/; view 1 is the query, view 2 the view it must retrieve.");
        }

        if (difficulty.Paradigms.TryGetValue(Classification.Supervised.Name, out var supervised) &&
            difficulty.Paradigms.TryGetValue(SimClr.Instance.Name, out var simclr))
        {
            progress?.Report("drawing the disagreement gallery");
            Add(Disagreement(Base("disagreement"), supervised, simclr, evalImages, shape, Class, manifest.EvalIndices),
                "The images on which supervised learning and SimCLR disagree most: the largest differences between their learning-speed percentiles, both ways.");
        }
        else skipped.Add("disagreement gallery: needs both supervised and simclr");
        return new DifficultyFigureSet(figures, skipped);
    }

    static string[] PairGallery(string basePath, ParadigmDifficulty p, PairAnalysis pairs, ImageSet evalImages, ParadigmSettings settings,
                                Func<int, string> Class, int[] indices, double[] tie)
    {
        int k = p.Measures.Images;
        var order = Enumerable.Range(0, p.PairSpeed.Length).OrderByDescending(c => p.PairSpeed[c]).ThenBy(c => tie[c]).ToList();
        int n = Math.Min(GalleryPairs, order.Count / 2);
        var chosen = order.Take(n).Concat(order.TakeLast(n).Reverse()).ToList();
        // Each augmentation's two views rendered once, for the whole evaluation batch as the recording did.
        var view = new Dictionary<(int M, int V, int Image), float[]>();
        foreach (var group in chosen.GroupBy(pair => pair / k))
            for (int v = 0; v < 2; v++)
            {
                using var rendered = ViewImages.Render(evalImages, pairs.Draws[group.Key][v], settings);
                int[] images = [.. group.Select(pair => pair % k)];
                var rows = ViewImages.Rows(rendered, images);
                for (int i = 0; i < images.Length; i++) view[(group.Key, v, images[i])] = rows[i];
            }
        GalleryCell Cell(int pair)
        {
            int m = pair / k, image = pair % k;
            return new GalleryCell([ViewImages.Originals(evalImages, [image])[0], view[(m, 0, image)], view[(m, 1, image)]],
                Class(image), $"m {m}: p\u0304 {p.PairSpeed[pair]:0.00}  #{indices[image]}");
        }
        return GalleryFigure.Write(basePath, $"{p.Paradigm}: the {n} easiest and {n} hardest image-augmentation pairs",
            $"each: the image, view 1, view 2 (drawn from augmentations/{p.Paradigm}.csv); p\u0304: share of networks and epochs 1-{p.Measures.Epochs} retrieving view 2 from view 1; ties in random order",
            [new GallerySection("easiest pairs", [.. chosen.Take(n).Select(Cell)]), new GallerySection("hardest pairs", [.. chosen.Skip(n).Select(Cell)])],
            [evalImages.Channels, evalImages.Height, evalImages.Width], columns: 4);
    }

    // Random keys that order equally easy images: the first of K by index would favour one augmentation or one end of the data.
    static double[] TieBreak(StudyAnalysis analysis, string purpose, int count)
    {
        var rng = new Random(Seeds.Derive(analysis.Records.Config.Seed, purpose));
        return [.. Enumerable.Range(0, count).Select(_ => rng.NextDouble())];
    }

    static string[] Disagreement(string basePath, ParadigmDifficulty a, ParadigmDifficulty b, ImageSet evalImages, int[] shape,
                                 Func<int, string> Class, int[] indices)
    {
        double[] speedA = a.Measures.LearningSpeed.Mean, speedB = b.Measures.LearningSpeed.Mean;
        // Percentiles, so that two paradigms learning at different paces compare.
        double[] rankA = Spearman.Ranks(speedA), rankB = Spearman.Ranks(speedB);
        int k = speedA.Length;
        var order = Enumerable.Range(0, k).OrderByDescending(i => rankA[i] - rankB[i]).ThenBy(i => i).ToList();
        int n = Math.Min(GalleryImages, k / 2);
        GalleryCell Cell(int i) => new([.. ViewImages.Originals(evalImages, [i])], Class(i),
            $"{speedA[i]:0.00} / {speedB[i]:0.00}  #{indices[i]}");
        return GalleryFigure.Write(basePath, $"Where {a.Paradigm} and {b.Paradigm} disagree",
            $"the {n} images with the largest difference of learning-speed percentile each way; captions: p\u0304 {a.Paradigm} / p\u0304 {b.Paradigm}, training-split index",
            [new GallerySection($"easy for {a.Paradigm}, hard for {b.Paradigm}", [.. order.Take(n).Select(Cell)]),
             new GallerySection($"easy for {b.Paradigm}, hard for {a.Paradigm}", [.. order.TakeLast(n).Reverse().Select(Cell)])],
            shape, columns: 8);
    }
}
