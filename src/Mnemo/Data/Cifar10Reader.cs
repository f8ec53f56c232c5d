namespace Mnemo.Data;

// CIFAR-10's binary version: cifar-10-batches-bin/ with data_batch_1..5.bin (training)
// and test_batch.bin, each a run of records of 1 label byte + 3072 pixel bytes (3x32x32, channel-major).
internal static class Cifar10Reader
{
    const int Side = 32;
    const int ImageBytes = 3 * Side * Side;
    const int RecordBytes = 1 + ImageBytes;
    const string BatchesFolder = "cifar-10-batches-bin";

    static readonly string[] StandardClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    // Users point at either the folder the archive was unpacked in or the batches folder itself.
    public static Dataset Load(string folder, string name)
    {
        if (!Directory.Exists(folder))
            throw DataFile.Error(folder, "folder not found");
        string batches = Path.Combine(folder, BatchesFolder);
        if (!Directory.Exists(batches))
        {
            if (!File.Exists(Path.Combine(folder, "data_batch_1.bin")))
                throw DataFile.Error(folder, $"holds neither {BatchesFolder}/ nor data_batch_1.bin (CIFAR-10's binary version)");
            batches = folder;
        }

        var train = ReadBatches(Enumerable.Range(1, 5).Select(i => Path.Combine(batches, $"data_batch_{i}.bin")));
        var test = ReadBatches([Path.Combine(batches, "test_batch.bin")]);
        return new Dataset(name, train, test, ClassNames(Path.Combine(batches, "batches.meta.txt")));
    }

    static ImageSet ReadBatches(IEnumerable<string> paths)
    {
        var files = paths.Select(path => (Path: path, Data: ReadBatch(path))).ToList();
        int count = files.Sum(f => f.Data.Length / RecordBytes);
        if ((long)count * ImageBytes > Array.MaxLength)
            throw DataFile.Error(Path.GetDirectoryName(files[0].Path)!, $"its batches hold {count} images, more than one array can hold");
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new int[count];
        int n = 0;
        foreach (var (path, data) in files)
        {
            var bytes = data.Span;
            for (int r = 0; r < bytes.Length / RecordBytes; r++, n++)
            {
                var record = bytes.Slice(r * RecordBytes, RecordBytes);
                if (record[0] >= StandardClassNames.Length)
                    throw DataFile.Error(path, $"label {record[0]} of record {r} is out of range: CIFAR-10 has classes 0..9");
                labels[n] = record[0];
                record[1..].CopyTo(pixels.AsSpan(n * ImageBytes, ImageBytes));
            }
        }
        return new ImageSet(pixels, labels, 3, Side, Side);
    }

    static ReadOnlyMemory<byte> ReadBatch(string path)
    {
        if (!File.Exists(path))
            throw DataFile.Error(path, "file not found (a CIFAR-10 binary batch)");
        var data = DataFile.ReadAll(path);
        if (data.Length == 0 || data.Length % RecordBytes != 0)
            throw DataFile.Error(path, $"size {data.Length} bytes is not a positive multiple of the {RecordBytes}-byte record (truncated or not a CIFAR-10 batch)");
        return data;
    }

    // batches.meta.txt names the classes one per line; the standard names stand in when it is absent.
    static string[] ClassNames(string metaPath)
    {
        if (!File.Exists(metaPath)) return StandardClassNames;
        string[] names;
        try { names = File.ReadAllLines(metaPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataFile.Error(metaPath, $"cannot be read ({DataFile.OneLine(e.Message)})");
        }
        if (names.Length != StandardClassNames.Length)
            throw DataFile.Error(metaPath, $"lists {names.Length} class names, CIFAR-10 has {StandardClassNames.Length}");
        return names;
    }
}
