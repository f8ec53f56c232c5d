using ScottPlot;

namespace Mnemo.Figures;

/// <summary>Epochs 0..last as colours, for lines coloured by epoch and their colour bar.</summary>
sealed class EpochColorAxis(int lastEpoch) : IHasColorAxis
{
    public IColormap Colormap { get; } = new DarkenedViridis();
    public ScottPlot.Range GetRange() => new(0, Math.Max(1, lastEpoch));
    public Color ColorOf(int epoch) => Colormap.GetColor(epoch / (double)Math.Max(1, lastEpoch));

    // Viridis without its last, pale yellow tenth, which vanishes on a white background.
    sealed class DarkenedViridis : IColormap
    {
        readonly IColormap viridis = new ScottPlot.Colormaps.Viridis();
        public string Name => "viridis (0-0.88)";
        public Color GetColor(double position) => viridis.GetColor(Math.Clamp(position, 0, 1) * 0.88);
    }
}
