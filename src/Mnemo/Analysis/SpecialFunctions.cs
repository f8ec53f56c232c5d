namespace Mnemo.Analysis;

/// <summary>The gamma-function pieces a chi-square p-value needs, written here to avoid a maths package.</summary>
public static class SpecialFunctions
{
    // Lanczos approximation, g = 7, n = 9: about 15 significant digits for x > 0.
    static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    public static double LogGamma(double x)
    {
        if (x <= 0) throw new ArgumentOutOfRangeException(nameof(x), $"log-gamma of {x}");
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        x -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): the upper tail of a gamma distribution, so a chi-square
    /// statistic s with d degrees of freedom has p-value Q(d / 2, s / 2).</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (a <= 0) throw new ArgumentOutOfRangeException(nameof(a), $"incomplete gamma with a = {a}");
        if (x < 0 || double.IsNaN(x)) throw new ArgumentOutOfRangeException(nameof(x), $"incomplete gamma at x = {x}");
        if (x == 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        // The series converges fast below a + 1 and the continued fraction above it.
        return x < a + 1 ? 1 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    const int MaxIterations = 10_000;
    const double Epsilon = 1e-16;

    // P(a, x) = x^a e^-x / Γ(a + 1) * Σ x^n / ((a + 1)...(a + n)).
    static double LowerSeries(double a, double x)
    {
        double term = 1 / a, sum = term;
        for (int n = 1; n < MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon) break;
        }
        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    // Q(a, x) by the continued fraction 1 / (x + 1 - a - 1(1 - a) / (x + 3 - a - ...)), Lentz's method.
    static double UpperContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < MaxIterations; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }
}
