using static Mnemo.Analysis.Findings.MatchedThresholds;

namespace Mnemo.Analysis.Findings;

/// <summary>Finding 2: with one fixed augmentation, SimCLR's profiles depart strongly from binomial noise and look like supervised ones.</summary>
static class SimclrFixedDeparts
{
    public const string Id = "simclr-fixed-departs";
    public const double Factor = 1.5;

    static readonly string Statement =
        "With a fixed augmentation, SimCLR's profiles depart strongly from binomial noise (some image-augmentation pairs are much easier " +
        "than others) and look like supervised ones. Over the thresholds that SimCLR reaches in both variants and supervised reaches " +
        $"with a fixed augmentation, with MAEs averaged over them: holds when SimCLR's fixed MAE is at least {Format(Factor)} times its " +
        "averaged MAE, and closer to supervised's fixed MAE than to its own averaged MAE. Chi-square statistics are given beside.";

    public static Finding Evaluate(IReadOnlyDictionary<string, ParadigmAnalysis> paradigms, IReadOnlyList<double> thresholds)
    {
        if (!paradigms.TryGetValue(Simclr, out var simclr)) return Finding.NotMeasurable(Id, Statement, "no simclr runs in the study");
        if (!paradigms.TryGetValue(Supervised, out var supervised)) return Finding.NotMeasurable(Id, Statement, "no supervised runs in the study");
        var needs = new[] { (simclr, ProfileVariant.Averaged), (simclr, ProfileVariant.Fixed), (supervised, ProfileVariant.Fixed) };
        var matched = Where(thresholds, needs);
        if (matched.Count == 0) return Finding.NotMeasurable(Id, Statement, NoneShared(thresholds, needs));

        double averaged = MeanMae(simclr, ProfileVariant.Averaged, matched);
        double fixedMae = MeanMae(simclr, ProfileVariant.Fixed, matched);
        double supervisedFixed = MeanMae(supervised, ProfileVariant.Fixed, matched);
        bool departs = fixedMae >= Factor * averaged;
        bool likeSupervised = Math.Abs(fixedMae - supervisedFixed) < Math.Abs(fixedMae - averaged);
        string detail = $"at thresholds {List(matched)}: simclr fixed MAE {fixedMae:0.0000} vs its averaged {averaged:0.0000} " +
                        $"({(departs ? "at least" : "less than")} {Format(Factor)} times); supervised fixed {supervisedFixed:0.0000}, " +
                        $"so simclr fixed is {(likeSupervised ? "closer to supervised fixed" : "closer to its own averaged")}; " +
                        $"calibrated excess over equally hard pairs: {Contrast("simclr fixed", simclr, ProfileVariant.Fixed, matched)}, " +
                        $"{Contrast("simclr averaged", simclr, ProfileVariant.Averaged, matched)}, {Contrast("supervised fixed", supervised, ProfileVariant.Fixed, matched)}";
        var evidence = matched.Select(p =>
        {
            var simclrChi2 = simclr.At(ProfileVariant.Fixed, p)!.Chi2!;
            var supervisedChi2 = supervised.At(ProfileVariant.Fixed, p)!.Chi2!;
            var row = new Dictionary<string, double>
            {
                ["p"] = p,
                ["simclr_mae_averaged"] = Mae(simclr, ProfileVariant.Averaged, p),
                ["simclr_mae_fixed"] = Mae(simclr, ProfileVariant.Fixed, p),
                ["supervised_mae_fixed"] = Mae(supervised, ProfileVariant.Fixed, p),
                ["simclr_chi2"] = simclrChi2.Statistic,
                ["simclr_chi2_p_value"] = simclrChi2.PValue,
                ["supervised_chi2"] = supervisedChi2.Statistic,
                ["supervised_chi2_p_value"] = supervisedChi2.PValue,
            };
            AddContrast(row, "simclr_averaged", simclr, ProfileVariant.Averaged, p);
            AddContrast(row, "simclr_fixed", simclr, ProfileVariant.Fixed, p);
            AddContrast(row, "supervised_fixed", supervised, ProfileVariant.Fixed, p);
            return (IReadOnlyDictionary<string, double>)row;
        }).ToList();
        return new Finding(Id, departs && likeSupervised, Statement, detail, evidence);
    }
}
