namespace Mnemo.Analysis.Difficulty;

/// <summary>One covariate's coefficient on the logit scale, per standard deviation of the covariate and per raw unit.</summary>
/// <param name="PerSd">Change of the logit per standard deviation (population) of the covariate.</param>
/// <param name="Raw">Change of the logit per unit of the covariate: PerSd / CovariateSd.</param>
/// <param name="Z">Coefficient over its standard error (the same on both scales).</param>
/// <param name="PValue">Two-sided normal p-value of Z.</param>
public sealed record RegressionCoefficient(
    string Name, double PerSd, double PerSdError, double Raw, double RawError, double Z, double PValue, double CovariateMean, double CovariateSd);

/// <summary>A binomial regression with offset, logit P(success) = offset + b0 + x·b, fitted by Newton's method (IRLS).</summary>
/// <param name="Intercept">b0 in raw units (all covariates 0).</param>
/// <param name="InterceptAtMeans">The intercept with every covariate at its mean (the standardised fit's).</param>
/// <param name="Dropped">Covariates left out because they are constant over the pairs (e.g. jitter in crop-flip).</param>
/// <param name="NullDeviance">Deviance of offset + intercept only.</param>
/// <param name="Deviance">Deviance of the model.</param>
/// <param name="DevianceExplained">1 - Deviance / NullDeviance; NaN when NullDeviance is 0.</param>
/// <param name="Dispersion">Pearson chi-square over residual degrees of freedom: about 1 when the binomial model holds.
/// Above 1, pairs vary more than binomially (a leave-one-out offset is itself noisy: about 1.1 to 1.2 at N = 30,
/// M = 10), and standard errors scaled by sqrt(Dispersion) are the quasi-binomial ones; those reported are not scaled.</param>
/// <param name="Converged">Whether the model's Newton steps converged (the null fit's too) within <see cref="OffsetBinomialRegression.MaxIterations"/>.</param>
public sealed record OffsetRegressionFit(
    int Observations, int Trials, double Intercept, double InterceptError, double InterceptAtMeans, double InterceptAtMeansError,
    RegressionCoefficient[] Coefficients, string[] Dropped, double NullDeviance, double Deviance, double DevianceExplained,
    double Dispersion, bool Converged, int Iterations)
{
    /// <summary>The coefficient of the covariate named <paramref name="name"/>; throws if it was dropped or never given.</summary>
    public RegressionCoefficient this[string name] =>
        Coefficients.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no coefficient '{name}'" +
            (Dropped.Contains(name) ? " (dropped: constant)" : ""));
}

/// <summary>
/// Binomial regression with a known offset: y_i successes out of n, logit P = o_i + b0 + x_i·b. Covariates are
/// standardised to z-scores before fitting, so the tiny ridge (on every coefficient, intercept included) acts
/// alike on all and only keeps the Newton system invertible under separation or collinearity; standard
/// errors come from the inverse of the (ridged) Fisher information at the estimate.
/// </summary>
public static class OffsetBinomialRegression
{
    public const double DefaultRidge = 1e-6;
    public const int MaxIterations = 100;

    /// <param name="successes">[P]: y_i, 0..<paramref name="trials"/>.</param>
    /// <param name="trials">n: trials behind each observation.</param>
    /// <param name="offset">[P]: o_i on the logit scale.</param>
    /// <param name="covariates">Per covariate, [P] values, named by <paramref name="names"/>.</param>
    public static OffsetRegressionFit Fit(ReadOnlySpan<int> successes, int trials, ReadOnlySpan<double> offset,
        IReadOnlyList<string> names, IReadOnlyList<double[]> covariates, double ridge = DefaultRidge)
    {
        int count = successes.Length;
        if (count == 0 || offset.Length != count || names.Count != covariates.Count || covariates.Any(c => c.Length != count))
            throw new ArgumentException($"binomial regression: {count} observations, {offset.Length} offsets, {names.Count} names for {covariates.Count} covariates of lengths {string.Join("/", covariates.Select(c => c.Length).Distinct())}");
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), $"binomial regression: {trials} trials");
        if (!(ridge >= 0)) throw new ArgumentOutOfRangeException(nameof(ridge), $"binomial regression: ridge {ridge}");
        var y = successes.ToArray();
        foreach (int s in y)
            if ((uint)s > (uint)trials) throw new ArgumentOutOfRangeException(nameof(successes), $"binomial regression: {s} successes out of {trials}");
        var o = offset.ToArray();
        if (o.Any(v => !double.IsFinite(v))) throw new ArgumentException("binomial regression: an offset is not finite");

        // Column 0 is the intercept; then the non-constant covariates as z-scores.
        var columns = new List<double[]> { Enumerable.Repeat(1.0, count).ToArray() };
        var kept = new List<(string Name, double Mean, double Sd)>();
        var dropped = new List<string>();
        for (int j = 0; j < covariates.Count; j++)
        {
            var x = covariates[j];
            if (x.Any(v => !double.IsFinite(v))) throw new ArgumentException($"binomial regression: covariate '{names[j]}' is not finite everywhere");
            double mean = Moments.Mean(x), sd = Moments.Std(x, ddof: 0);
            // Relative test: a covariate stored as float and widened may wobble in its last bits.
            if (!(sd > 1e-9 * Math.Max(1, Math.Abs(mean)))) { dropped.Add(names[j]); continue; }
            kept.Add((names[j], mean, sd));
            columns.Add(x.Select(v => (v - mean) / sd).ToArray());
        }

        var nullFit = Newton(y, trials, o, [columns[0]], ridge);
        var fit = Newton(y, trials, o, columns, ridge);
        var covariance = Invert(Information(y.Length, trials, o, columns, fit.Beta, ridge))
            ?? throw new InvalidOperationException("binomial regression: Fisher information not positive definite");

        int p = columns.Count;
        var coefficients = new RegressionCoefficient[kept.Count];
        // Raw intercept b0 - sum_j b_j mean_j / sd_j, a linear map a of the standardised coefficients.
        var a = new double[p];
        a[0] = 1;
        double intercept = fit.Beta[0];
        for (int j = 1; j < p; j++)
        {
            var (name, mean, sd) = kept[j - 1];
            double b = fit.Beta[j], se = Math.Sqrt(covariance[j, j]);
            coefficients[j - 1] = new RegressionCoefficient(name, b, se, b / sd, se / sd, b / se, Moments.TwoSidedNormalP(b / se), mean, sd);
            a[j] = -mean / sd;
            intercept += a[j] * b;
        }
        double interceptVariance = 0;
        for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++) interceptVariance += a[r] * covariance[r, c] * a[c];

        return new OffsetRegressionFit(count, trials, intercept, Math.Sqrt(interceptVariance), fit.Beta[0], Math.Sqrt(covariance[0, 0]),
            coefficients, [.. dropped], nullFit.Deviance, fit.Deviance,
            nullFit.Deviance > 0 ? 1 - fit.Deviance / nullFit.Deviance : double.NaN,
            PearsonDispersion(y, trials, o, columns, fit.Beta), fit.Converged && nullFit.Converged, fit.Iterations);
    }

    sealed record NewtonFit(double[] Beta, double Deviance, bool Converged, int Iterations);

    // Maximises the ridged log-likelihood, i.e. minimises deviance + ridge·|b|², halving a step that would raise it.
    static NewtonFit Newton(int[] y, int n, double[] o, IReadOnlyList<double[]> columns, double ridge)
    {
        int p = columns.Count, count = y.Length;
        var beta = new double[p];
        // Start the intercept at the pooled rate, less the mean offset: fewer steps, the same optimum.
        double pooled = (y.Sum(v => (double)v) + 0.5) / ((double)n * count + 1);
        beta[0] = Math.Log(pooled / (1 - pooled)) - o.Average();
        double objective = Objective(y, n, o, columns, beta, ridge);
        var eta = new double[count];
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            Predict(o, columns, beta, eta);
            var gradient = new double[p];
            for (int i = 0; i < count; i++)
            {
                double residual = y[i] - n * Sigmoid(eta[i]);
                for (int j = 0; j < p; j++) gradient[j] += columns[j][i] * residual;
            }
            for (int j = 0; j < p; j++) gradient[j] -= ridge * beta[j];
            var step = Solve(Information(count, n, o, columns, beta, ridge), gradient);
            if (step is null) return new NewtonFit(beta, Deviance(y, n, o, columns, beta), false, iteration);

            var trial = new double[p];
            double scale = 1, next;
            while (true)
            {
                for (int j = 0; j < p; j++) trial[j] = beta[j] + scale * step[j];
                next = Objective(y, n, o, columns, trial, ridge);
                if (next <= objective + 1e-12 * Math.Abs(objective) || scale < 1e-10) break;
                scale /= 2;
            }
            double largest = 0;
            for (int j = 0; j < p; j++) largest = Math.Max(largest, Math.Abs(trial[j] - beta[j]));
            (beta, trial) = (trial, beta);
            double change = objective - next;
            objective = next;
            // Converged when the step no longer moves a standardised coefficient, or the objective has stopped falling.
            if (largest < 1e-9 || Math.Abs(change) <= 1e-13 * Math.Max(1, Math.Abs(objective)))
                return new NewtonFit(beta, Deviance(y, n, o, columns, beta), true, iteration);
        }
        return new NewtonFit(beta, Deviance(y, n, o, columns, beta), false, MaxIterations);
    }

    // Z^T W Z + ridge·I with W = n·mu·(1 - mu): minus the Hessian of the ridged log-likelihood, [p, p].
    static double[,] Information(int count, int n, double[] o, IReadOnlyList<double[]> columns, double[] beta, double ridge)
    {
        int p = columns.Count;
        var eta = new double[count];
        Predict(o, columns, beta, eta);
        var h = new double[p, p];
        var row = new double[p];
        for (int i = 0; i < count; i++)
        {
            double mu = Sigmoid(eta[i]), w = n * mu * (1 - mu);
            for (int j = 0; j < p; j++) row[j] = columns[j][i];
            for (int r = 0; r < p; r++)
            {
                double wr = w * row[r];
                for (int c = r; c < p; c++) h[r, c] += wr * row[c];
            }
        }
        for (int r = 0; r < p; r++)
        {
            h[r, r] += ridge;
            for (int c = 0; c < r; c++) h[r, c] = h[c, r];
        }
        return h;
    }

    static void Predict(double[] o, IReadOnlyList<double[]> columns, double[] beta, double[] eta)
    {
        Array.Copy(o, eta, o.Length);
        for (int j = 0; j < columns.Count; j++)
        {
            var x = columns[j];
            double b = beta[j];
            for (int i = 0; i < eta.Length; i++) eta[i] += b * x[i];
        }
    }

    static double Objective(int[] y, int n, double[] o, IReadOnlyList<double[]> columns, double[] beta, double ridge)
    {
        double penalty = 0;
        foreach (double b in beta) penalty += b * b;
        return Deviance(y, n, o, columns, beta) + ridge * penalty;
    }

    // 2 sum [y ln(y / (n mu)) + (n - y) ln((n - y) / (n (1 - mu)))], 0 ln 0 = 0, with ln mu from the logit
    // so that |eta| of tens (images never or always recognised) loses nothing.
    static double Deviance(int[] y, int n, double[] o, IReadOnlyList<double[]> columns, double[] beta)
    {
        var eta = new double[y.Length];
        Predict(o, columns, beta, eta);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double logMu = -Softplus(-eta[i]), logOneMinus = -Softplus(eta[i]);
            int s = y[i], f = n - y[i];
            if (s > 0) sum += s * (Math.Log(s / (double)n) - logMu);
            if (f > 0) sum += f * (Math.Log(f / (double)n) - logOneMinus);
        }
        return 2 * sum;
    }

    static double PearsonDispersion(int[] y, int n, double[] o, IReadOnlyList<double[]> columns, double[] beta)
    {
        int dof = y.Length - columns.Count;
        if (dof < 1) return double.NaN;
        var eta = new double[y.Length];
        Predict(o, columns, beta, eta);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double mu = Sigmoid(eta[i]), variance = n * mu * (1 - mu);
            // A fitted probability of exactly 0 or 1 (|eta| > ~37) has no variance; its residual is then 0 too.
            if (variance > 0) sum += (y[i] - n * mu) * (y[i] - n * mu) / variance;
        }
        return sum / dof;
    }

    static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
    static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    // Cholesky factor L (lower) of a symmetric positive definite matrix; null if it is not.
    static double[,]? Cholesky(double[,] a)
    {
        int p = a.GetLength(0);
        var l = new double[p, p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double sum = a[r, c];
                for (int q = 0; q < c; q++) sum -= l[r, q] * l[c, q];
                if (r == c)
                {
                    if (!(sum > 0)) return null;
                    l[r, r] = Math.Sqrt(sum);
                }
                else l[r, c] = sum / l[c, c];
            }
        }
        return l;
    }

    static double[]? Solve(double[,] a, double[] b) => Cholesky(a) is { } l ? Substitute(l, b) : null;

    // Solves L L^T x = b.
    static double[] Substitute(double[,] l, double[] b)
    {
        int p = b.Length;
        var x = (double[])b.Clone();
        for (int r = 0; r < p; r++)
        {
            for (int q = 0; q < r; q++) x[r] -= l[r, q] * x[q];
            x[r] /= l[r, r];
        }
        for (int r = p - 1; r >= 0; r--)
        {
            for (int q = r + 1; q < p; q++) x[r] -= l[q, r] * x[q];
            x[r] /= l[r, r];
        }
        return x;
    }

    static double[,]? Invert(double[,] a)
    {
        if (Cholesky(a) is not { } l) return null;
        int p = a.GetLength(0);
        var inverse = new double[p, p];
        for (int c = 0; c < p; c++)
        {
            var unit = new double[p];
            unit[c] = 1;
            var column = Substitute(l, unit);
            for (int r = 0; r < p; r++) inverse[r, c] = column[r];
        }
        return inverse;
    }
}
