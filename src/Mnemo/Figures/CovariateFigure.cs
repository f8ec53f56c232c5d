using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using ScottPlot;

namespace Mnemo.Figures;

/// <summary>What makes a pair hard: p~ of one paradigm's image-augmentation pairs against each parameter of their views
/// that varies, in quantile bins with 95% Wilson intervals, each panel titled with the regression's coefficient.</summary>
public static class CovariateFigure
{
    public static string[] Write(string basePath, string paradigm, int networks, PairAnalysis pairs)
    {
        if (pairs.Bins.Count == 0) throw new ArgumentException($"{paradigm}: no parameter varies");
        var colour = FigureStyle.ForParadigm(paradigm);
        // One y range for every panel, so the panels' slopes compare at a glance.
        double low = pairs.Bins.Min(s => s.Bins.Min(b => b.WilsonLower)), high = pairs.Bins.Max(s => s.Bins.Max(b => b.WilsonUpper));
        double pad = Math.Max(0.02, 0.08 * (high - low));
        var panels = pairs.Bins.Select(series => Panel(series, pairs.Fit, colour, Math.Max(0, low - pad), Math.Min(1, high + pad))).ToList();
        string when = pairs.ThresholdReached
            ? $"epoch {pairs.Epoch}, where mean p\u209c first reaches {MnemoFormat.P(pairs.Threshold)}"
            : $"epoch {pairs.Epoch}, the last analysed (mean p\u209c never reaches {MnemoFormat.P(pairs.Threshold)})";
        string title = $"What makes a pair hard, {paradigm}: p\u0303 of its {pairs.Covariates.Augmentations * pairs.Covariates.Images} image-augmentation pairs (N = {networks})\n" +
                       $"against each parameter of the views, at {when}; quantile bins, 95% Wilson intervals\n" +
                       "titles: the regression's change of logit per sd of the parameter, image difficulty as offset (quasi: z / sqrt(dispersion))";
        int columns = Math.Min(4, panels.Count);
        // At least 1,200 pixels wide, so the three title lines stay legible above two panels.
        return FigureGrid.Save(basePath, title, panels, columns, panelWidth: Math.Max(360, 1200 / columns), panelHeight: 300);
    }

    static Plot Panel(CovariateSeries series, OffsetRegressionFit? fit, Color colour, double low, double high)
    {
        var plot = new Plot();
        plot.Font.Set(FigureCanvas.FontFamily);
        var coefficient = fit?.Coefficients.FirstOrDefault(c => c.Name == series.Name);
        double scale = Math.Sqrt(Math.Max(1, fit?.Dispersion ?? 1));
        string effect = coefficient is null ? "" :
            $"\n{coefficient.PerSd:+0.00;-0.00} \u00b1 {coefficient.PerSdError:0.00} per sd (z {coefficient.Z:0.0}, quasi {coefficient.Z / scale:0.0})";
        plot.Title(series.Name + effect, size: 13);
        plot.XLabel(series.Name, size: 12);
        plot.YLabel("p\u0303 of the bin's pairs", size: 12);
        double[] x = [.. series.Bins.Select(b => b.CovariateMean)], y = [.. series.Bins.Select(b => b.MeanP)];
        var bars = plot.Add.ErrorBar(x, y, [.. series.Bins.Select(b => b.WilsonUpper - b.MeanP)]);
        bars.YErrorNegative = [.. series.Bins.Select(b => b.MeanP - b.WilsonLower)];
        bars.Color = colour;
        var line = plot.Add.ScatterLine(x, y, colour);
        line.LineWidth = 1.5f;
        line.MarkerSize = 6;
        line.MarkerShape = MarkerShape.FilledCircle;
        double span = x[^1] - x[0], margin = span > 0 ? 0.06 * span : 0.5;
        plot.Axes.SetLimits(x[0] - margin, x[^1] + margin, low, high);
        return plot;
    }
}
