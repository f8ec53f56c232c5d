using Mnemo.Analysis.Findings;

namespace Mnemo.Analysis;

/// <summary>The paper's analysis of a study's records: per paradigm, the profiles against binomial noise at
/// the threshold epochs, and the three findings checked on them.</summary>
public sealed class StudyAnalysis
{
    StudyAnalysis(StudyRecords records, IReadOnlyDictionary<string, ParadigmAnalysis> paradigms, IReadOnlyList<double> thresholds, IReadOnlyList<Finding> findings) =>
        (Records, Paradigms, Thresholds, Findings) = (records, paradigms, thresholds, findings);

    public StudyRecords Records { get; }
    /// <summary>Paradigms with at least one recorded run, in config order.</summary>
    public IReadOnlyDictionary<string, ParadigmAnalysis> Paradigms { get; }
    public IReadOnlyList<double> Thresholds { get; }
    public IReadOnlyList<Finding> Findings { get; }

    /// <param name="thresholds">Mean-p levels to align the paradigms at; default: the study's own.</param>
    public static StudyAnalysis Run(StudyRecords records, IProgress<string>? progress = null, IReadOnlyList<double>? thresholds = null)
    {
        var config = records.Config;
        thresholds ??= config.Thresholds is { Length: > 0 } t ? t : [0.25, 0.5, 0.75];
        var paradigms = new Dictionary<string, ParadigmAnalysis>();
        foreach (var (paradigm, counts) in records.Paradigms)
        {
            progress?.Report($"analysing {paradigm} (N = {counts.Runs}, epochs 0-{counts.Epochs})");
            var settings = config.For(paradigm);
            // Without augmentation the M views are one image: they add no independent trials.
            int independentViews = settings.Augmentation == Mnemo.Paradigms.AugmentationKind.None ? 1 : counts.Augmentations;
            paradigms[paradigm] = ParadigmAnalysis.Run(paradigm, counts, settings.Epochs, config.Models, independentViews, thresholds, config.Seed);
        }
        return new StudyAnalysis(records, paradigms, thresholds, PaperFindings.Evaluate(paradigms, thresholds));
    }
}
