namespace Mnemo.Data;

// A folder laid out like MNIST's download: train and t10k images and labels as IDX files, each
// either gzipped or plain.
internal static class IdxFolder
{
    // Known class names bound the labels; without them, classes run from 0 to the largest label.
    public static Dataset Load(string folder, string name, string[]? classNames)
    {
        if (!Directory.Exists(folder))
            throw DataFile.Error(folder, "folder not found");
        var train = LoadSplit(folder, "train");
        var test = LoadSplit(folder, "t10k");
        if ((train.Set.Height, train.Set.Width) != (test.Set.Height, test.Set.Width))
            throw DataFile.Error(test.ImagesPath,
                $"images are {test.Set.Height}x{test.Set.Width} but the training images are {train.Set.Height}x{train.Set.Width}");
        if (train.Set.Count == 0)
            throw DataFile.Error(train.ImagesPath, "holds no images");

        if (classNames is null)
        {
            int classes = 1 + train.Set.Labels.Concat(test.Set.Labels).DefaultIfEmpty(0).Max();
            classNames = Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray();
        }
        foreach (var split in new[] { train, test })
            CheckLabels(split.LabelsPath, split.Set.Labels, classNames.Length);
        return new Dataset(name, train.Set, test.Set, classNames);
    }

    sealed record Split(ImageSet Set, string ImagesPath, string LabelsPath);

    static Split LoadSplit(string folder, string prefix)
    {
        string imagesPath = Find(folder, $"{prefix}-images", "idx3-ubyte");
        string labelsPath = Find(folder, $"{prefix}-labels", "idx1-ubyte");
        var images = IdxReader.ReadImages(imagesPath);
        int[] labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
            throw DataFile.Error(labelsPath, $"holds {labels.Length} labels but {Path.GetFileName(imagesPath)} holds {images.Count} images");
        return new Split(new ImageSet(images.Pixels, labels, 1, images.Height, images.Width), imagesPath, labelsPath);
    }

    // Some mirrors spell the names stem.kind; any of them may be gzipped or plain.
    static string Find(string folder, string stem, string kind)
    {
        string[] names = [$"{stem}-{kind}", $"{stem}-{kind}.gz", $"{stem}.{kind}", $"{stem}.{kind}.gz"];
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path)) return path;
        }
        throw DataFile.Error(Path.Combine(folder, names[1]), $"file not found (nor {string.Join(", ", names.Where(n => n != names[1]))})");
    }

    static void CheckLabels(string path, int[] labels, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classes)
                throw DataFile.Error(path, $"label {labels[i]} of item {i} is out of range: {classes} classes (0..{classes - 1})");
    }
}
