namespace Mnemo.Data;

/// <summary>Turns a data spec (a study's <c>data</c> setting) into a loaded <see cref="Dataset"/>.</summary>
public static class DataSource
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the four gzipped IDX files.</summary>
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    static readonly string[] FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    const string AcceptedForms =
        "fashion-mnist, fashion-mnist:DIR, mnist:DIR, idx:DIR, cifar10:DIR, synthetic, or synthetic:train=N,test=N,size=N,channels=N,classes=N,seed=N";

    /// <summary>
    /// Loads <paramref name="spec"/>: <c>fashion-mnist</c> (Debian's package, or <c>fashion-mnist:DIR</c>),
    /// <c>mnist:DIR</c>, <c>idx:DIR</c> (IDX files, gzipped or plain), <c>cifar10:DIR</c> (the binary
    /// batches) or <c>synthetic[:key=value,...]</c>.
    /// </summary>
    /// <exception cref="MnemoException">The spec is not one of these, or its files are missing or malformed.</exception>
    public static Dataset Load(string spec)
    {
        string text = spec.Trim();
        int colon = text.IndexOf(':');
        string kind = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        string? argument = colon < 0 ? null : text[(colon + 1)..].Trim();

        if (kind == "synthetic") return SyntheticData.Generate(SyntheticData.Parse(argument));
        if (kind == "fashion-mnist" && argument is null) return LoadFashionMnist(FashionMnistFolder);
        if (kind is not ("fashion-mnist" or "mnist" or "idx" or "cifar10"))
            throw new MnemoException($"unknown data '{spec}'; accepted: {AcceptedForms}");

        if (string.IsNullOrEmpty(argument))
            throw new MnemoException($"data '{spec}' needs a folder: {kind}:DIR (accepted: {AcceptedForms})");
        string folder = Path.GetFullPath(argument);
        string name = $"{kind}:{folder}";
        return kind switch
        {
            "fashion-mnist" => IdxFolder.Load(folder, name, FashionMnistClasses),
            "mnist" => IdxFolder.Load(folder, name, Digits),
            "idx" => IdxFolder.Load(folder, name, classNames: null),
            _ => Cifar10Reader.Load(folder, name),
        };
    }

    internal static Dataset LoadFashionMnist(string folder)
    {
        if (!Directory.Exists(folder))
            throw DataFile.Error(folder,
                "folder not found; install Fashion-MNIST with `apt-get install dataset-fashion-mnist` (or run the project's ./setup.sh)");
        return IdxFolder.Load(folder, "fashion-mnist", FashionMnistClasses);
    }

    static readonly string[] Digits = Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray();
}
