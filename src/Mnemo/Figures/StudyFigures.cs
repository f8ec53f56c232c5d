using Mnemo.Analysis;

namespace Mnemo.Figures;

/// <summary>The paper's figures 1-4 for a study, each as PNG and SVG.</summary>
public static class StudyFigures
{
    /// <summary>Figure 4 shows every this-many-th image of the sorted profile, as the paper.</summary>
    public const int AugmentationStride = 25;

    /// <summary>Writes fig1..fig4 (.png and .svg) into <paramref name="dir"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(StudyAnalysis analysis, string dir, IProgress<string>? progress = null)
    {
        Recording.StorageException.Guard(dir, () => Directory.CreateDirectory(dir));
        var files = new List<string>();
        (string Name, Func<StudyAnalysis, string, string[]> Draw)[] figures =
        [
            ("fig1", ProfilesFigure.Write),
            ("fig2", BinomialFigure.Write),
            ("fig3", ParadigmOverlayFigure.Write),
            ("fig4", AugmentationFigure.Write),
        ];
        foreach (var (name, draw) in figures)
        {
            progress?.Report($"drawing {name}");
            files.AddRange(draw(analysis, Path.Combine(dir, name)));
        }
        return files;
    }
}
