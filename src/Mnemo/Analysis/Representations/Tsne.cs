using System.Numerics;

namespace Mnemo.Analysis.Representations;

/// <summary>Settings of a t-SNE embedding; the defaults are the reference implementation's schedule.</summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours; lowered to (n - 1) / 3 when there are too few points.</summary>
    public double Perplexity { get; init; } = 30;
    public int Iterations { get; init; } = 1000;
    /// <summary>Early exaggeration: P is multiplied by <see cref="Exaggeration"/> and momentum is 0.5 for this
    /// many iterations, then P is itself and momentum 0.8.</summary>
    public int ExaggerationIterations { get; init; } = 250;
    public double Exaggeration { get; init; } = 12;
    /// <summary>null: max(200, n / 12), the rule of Belkina et al. 2019 that openTSNE uses.</summary>
    public double? LearningRate { get; init; }
    /// <summary>Seeds the initial layout, the only random draw.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton 2008) into two dimensions: O(n^2) time and memory per
/// iteration, meant for a few thousand points. Deterministic: every row's sums are computed by one
/// thread in a fixed order and written to that row's own slot, so a seed gives the same bits.
/// </summary>
public static class Tsne
{
    /// <summary>The most points <see cref="Embed"/> accepts: P alone is n^2 floats (400 MB at this size).</summary>
    public const int MaxPoints = 10_000;

    /// <summary>Embeds n points of <paramref name="dim"/> dimensions (row-major in <paramref name="x"/>);
    /// returns [n, 2] row-major, centred at the origin.</summary>
    public static float[] Embed(float[] x, int n, int dim, TsneOptions options)
    {
        if (n < 4 || n > MaxPoints) throw new MnemoException($"t-SNE needs 4 to {MaxPoints} points (got {n})");
        if (x.Length != (long)n * dim) throw new ArgumentException($"{x.Length} values are not {n} points of {dim} dimensions");
        if (!(options.Perplexity > 0)) throw new MnemoException($"t-SNE perplexity must be positive (got {options.Perplexity})");
        if (options.Iterations < 1) throw new MnemoException($"t-SNE needs at least 1 iteration (got {options.Iterations})");

        var p = SquaredDistances(x, n, dim);
        ConditionalAffinities(p, n, EffectivePerplexity(options.Perplexity, n));
        Symmetrise(p, n);
        return Optimise(p, n, options);
    }

    /// <summary>The perplexity used for n points: at most (n - 1) / 3, so each point has enough neighbours to spread over.</summary>
    public static double EffectivePerplexity(double perplexity, int n) => Math.Min(perplexity, (n - 1) / 3.0);

    // [n, n] squared Euclidean distances; each pair is computed once, by the thread of its lower row.
    static float[] SquaredDistances(float[] x, int n, int dim)
    {
        var d = new float[n * n];
        Parallel.For(0, n, i =>
        {
            var xi = x.AsSpan(i * dim, dim);
            for (int j = i + 1; j < n; j++)
            {
                float s = SquaredDistance(xi, x.AsSpan(j * dim, dim));
                d[i * n + j] = s;
                d[j * n + i] = s;
            }
        });
        return d;
    }

    static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int width = Vector<float>.Count, k = 0;
        var acc = Vector<float>.Zero;
        for (; k <= a.Length - width; k += width)
        {
            var diff = new Vector<float>(a[k..]) - new Vector<float>(b[k..]);
            acc += diff * diff;
        }
        float s = Vector.Sum(acc);
        for (; k < a.Length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
        return s;
    }

    // Row i of distances becomes p_{j|i} = exp(-beta_i d_ij) / sum, with beta_i found by bisection so
    // that the row's entropy is log(perplexity). Each row is read and written only by its own thread.
    static void ConditionalAffinities(float[] d, int n, double perplexity)
    {
        double target = Math.Log(perplexity);
        Parallel.For(0, n, i =>
        {
            var row = d.AsSpan(i * n, n);
            // Shifting by the nearest distance changes no probability but keeps exp() from underflowing.
            double nearest = double.MaxValue, mean = 0;
            for (int j = 0; j < n; j++)
                if (j != i) { nearest = Math.Min(nearest, row[j]); mean += row[j]; }
            mean = mean / (n - 1) - nearest;
            var shifted = new double[n];
            for (int j = 0; j < n; j++) shifted[j] = j == i ? 0 : row[j] - nearest;

            var prob = new double[n];
            double beta = mean > 0 ? 1 / mean : 1, lo = 0, hi = double.PositiveInfinity;
            for (int attempt = 0; attempt < 100; attempt++)
            {
                double sum = 0, weighted = 0;
                for (int j = 0; j < n; j++)
                {
                    prob[j] = j == i ? 0 : Math.Exp(-beta * shifted[j]);
                    sum += prob[j];
                    weighted += prob[j] * shifted[j];
                }
                for (int j = 0; j < n; j++) prob[j] /= sum;
                double entropy = Math.Log(sum) + beta * weighted / sum, gap = entropy - target;
                if (Math.Abs(gap) < 1e-5) break;
                // Too flat (entropy too high): sharpen, i.e. raise beta.
                if (gap > 0) { lo = beta; beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2; }
                else { hi = beta; beta = (beta + lo) / 2; }
            }
            for (int j = 0; j < n; j++) row[j] = (float)prob[j];
        });
    }

    // p_ij = (p_{j|i} + p_{i|j}) / 2n, floored as in the reference so that log(p) stays finite.
    static void Symmetrise(float[] p, int n)
    {
        Parallel.For(0, n, i =>
        {
            for (int j = i + 1; j < n; j++)
            {
                float s = Math.Max((p[i * n + j] + p[j * n + i]) / (2f * n), 1e-12f);
                p[i * n + j] = s;
                p[j * n + i] = s;
            }
            p[i * n + i] = 0;
        });
    }

    static float[] Optimise(float[] p, int n, TsneOptions o)
    {
        var rng = new Random(o.Seed);
        float[] yx = new float[n], yy = new float[n];
        for (int i = 0; i < n; i++) (yx[i], yy[i]) = (1e-4f * Gaussian(rng), 1e-4f * Gaussian(rng));
        float[] ux = new float[n], uy = new float[n], gainX = new float[n], gainY = new float[n];
        Array.Fill(gainX, 1f);
        Array.Fill(gainY, 1f);
        // Per row: attraction sum_j p_ij q_ij (y_i - y_j), repulsion sum_j q_ij^2 (y_i - y_j) and
        // sum_j q_ij, with q_ij = 1 / (1 + |y_i - y_j|^2) unnormalised; Z is only known after all rows.
        float[] ax = new float[n], ay = new float[n], rx = new float[n], ry = new float[n];
        double[] rowZ = new double[n];
        float rate = (float)(o.LearningRate ?? Math.Max(200, n / 12.0));

        for (int iteration = 0; iteration < o.Iterations; iteration++)
        {
            bool early = iteration < o.ExaggerationIterations;
            float exaggeration = early ? (float)o.Exaggeration : 1f, momentum = early ? 0.5f : 0.8f;
            Parallel.For(0, n, i => RowForces(p, yx, yy, n, i, ax, ay, rx, ry, rowZ));
            double z = -n; // the n terms q_ii = 1 are not pairs
            for (int i = 0; i < n; i++) z += rowZ[i];
            float invZ = (float)(1 / z);

            for (int i = 0; i < n; i++)
            {
                float gx = 4 * (exaggeration * ax[i] - invZ * rx[i]), gy = 4 * (exaggeration * ay[i] - invZ * ry[i]);
                gainX[i] = Gain(gainX[i], gx, ux[i]);
                gainY[i] = Gain(gainY[i], gy, uy[i]);
                ux[i] = momentum * ux[i] - rate * gainX[i] * gx;
                uy[i] = momentum * uy[i] - rate * gainY[i] * gy;
                yx[i] += ux[i];
                yy[i] += uy[i];
            }
            Centre(yx);
            Centre(yy);
        }

        var y = new float[2 * n];
        for (int i = 0; i < n; i++) (y[2 * i], y[2 * i + 1]) = (yx[i], yy[i]);
        return y;
    }

    static void RowForces(float[] p, float[] yx, float[] yy, int n, int i,
                          float[] ax, float[] ay, float[] rx, float[] ry, double[] rowZ)
    {
        int width = Vector<float>.Count, j = 0;
        var pRow = p.AsSpan(i * n, n);
        Vector<float> xi = new(yx[i]), yi = new(yy[i]);
        Vector<float> sax = default, say = default, srx = default, sry = default, sz = default;
        for (; j <= n - width; j += width)
        {
            var dx = xi - new Vector<float>(yx.AsSpan(j));
            var dy = yi - new Vector<float>(yy.AsSpan(j));
            var q = Vector<float>.One / (Vector<float>.One + dx * dx + dy * dy);
            var pq = new Vector<float>(pRow[j..]) * q;
            var qq = q * q;
            sax += pq * dx; say += pq * dy;
            srx += qq * dx; sry += qq * dy;
            sz += q;
        }
        float tax = Vector.Sum(sax), tay = Vector.Sum(say), trx = Vector.Sum(srx), tryy = Vector.Sum(sry), tz = Vector.Sum(sz);
        for (; j < n; j++)
        {
            float dx = yx[i] - yx[j], dy = yy[i] - yy[j];
            float q = 1 / (1 + dx * dx + dy * dy), pq = pRow[j] * q;
            tax += pq * dx; tay += pq * dy;
            trx += q * q * dx; tryy += q * q * dy;
            tz += q;
        }
        (ax[i], ay[i], rx[i], ry[i], rowZ[i]) = (tax, tay, trx, tryy, tz);
    }

    // Delta-bar-delta gains of the reference: grow where the step keeps its direction, shrink where it flips.
    static float Gain(float gain, float gradient, float update) =>
        Math.Max((gradient > 0) != (update > 0) ? gain + 0.2f : gain * 0.8f, 0.01f);

    static void Centre(float[] v)
    {
        double sum = 0;
        foreach (float a in v) sum += a;
        float mean = (float)(sum / v.Length);
        for (int i = 0; i < v.Length; i++) v[i] -= mean;
    }

    static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
