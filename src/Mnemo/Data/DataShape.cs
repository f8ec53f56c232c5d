namespace Mnemo.Data;

/// <summary>What the cost of a study depends on in its data: training images, image shape and classes.</summary>
public sealed record DataShape(int TrainImages, int Channels, int Height, int Width, int Classes)
{
    /// <summary>The shape of a data spec: known for CIFAR-10 and the MNISTs (so no files are needed), else loaded.</summary>
    public static DataShape Of(string spec)
    {
        string kind = spec.Split(':', 2)[0].Trim().ToLowerInvariant();
        switch (kind)
        {
            case "cifar10": return new(50_000, 3, 32, 32, 10);
            case "fashion-mnist" or "mnist": return new(60_000, 1, 28, 28, 10);
            case "synthetic":
                var o = SyntheticData.Parse(spec.Contains(':') ? spec.Split(':', 2)[1] : null);
                return new(o.Train, o.Channels, o.Size, o.Size, o.Classes);
        }
        var data = DataSource.Load(spec);
        var train = data.Train;
        return new(train.Count, train.Channels, train.Height, train.Width, data.Classes);
    }
}
