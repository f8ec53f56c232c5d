using System.Globalization;

namespace Mnemo.Analysis;

/// <summary>Numbers as the report, the figures and the CSV print them: invariant culture, no trailing zeros for thresholds.</summary>
public static class MnemoFormat
{
    public static string P(double threshold) => threshold.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A Monte Carlo p-value (1 + hits) / (draws + 1): at its floor, when no draw reached the statistic, a bound.</summary>
    public static string MonteCarloP(double p, int draws) => p <= 1.0 / (draws + 1) ? "<= " + PValue(1.0 / (draws + 1)) : PValue(p);

    /// <summary>A p-value: fixed-point when readable, scientific when small, a bound when it underflows.</summary>
    public static string PValue(double p) => p switch
    {
        0 => "< 1e-300",
        < 1e-3 => p.ToString("0.00e+0", CultureInfo.InvariantCulture),
        _ => p.ToString("0.0000", CultureInfo.InvariantCulture),
    };
}
