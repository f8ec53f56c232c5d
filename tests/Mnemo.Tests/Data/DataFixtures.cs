using System.Buffers.Binary;
using System.IO.Compression;
using Mnemo;
using Xunit;

namespace Mnemo.Tests.Data;

// A fresh temporary folder per test, deleted afterwards.
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mnemo-data-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] bytes)
    {
        string path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

// Small data files written byte by byte, so the readers are checked against the formats, not against themselves.
internal static class DataFixtures
{
    // A pixel value that differs between neighbouring images and positions.
    public static byte Pixel(int image, int offset) => (byte)(image * 31 + offset * 7 + 3);

    public static byte[] IdxImages(int count, int height, int width)
    {
        var bytes = new byte[16 + count * height * width];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        for (int i = 0; i < count; i++)
            for (int p = 0; p < height * width; p++)
                bytes[16 + i * height * width + p] = Pixel(i, p);
        return bytes;
    }

    public static byte[] IdxLabels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Labels(int count, int classes) => Enumerable.Range(0, count).Select(i => (byte)(i % classes)).ToArray();

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    // The four MNIST-named files: train of train and t10k of test images, 4x3.
    public static void WriteIdxFolder(TempFolder folder, int train = 20, int test = 10, bool gzip = true, int classes = 10)
    {
        byte[] Pack(byte[] b) => gzip ? Gzip(b) : b;
        string ext = gzip ? ".gz" : "";
        folder.Write($"train-images-idx3-ubyte{ext}", Pack(IdxImages(train, 4, 3)));
        folder.Write($"train-labels-idx1-ubyte{ext}", Pack(IdxLabels(Labels(train, classes))));
        folder.Write($"t10k-images-idx3-ubyte{ext}", Pack(IdxImages(test, 4, 3)));
        folder.Write($"t10k-labels-idx1-ubyte{ext}", Pack(IdxLabels(Labels(test, classes))));
    }

    // CIFAR-10 records: label i % 10, then 3072 pixels of image i (numbered across the file).
    public static byte[] CifarBatch(int count, int firstImage = 0)
    {
        const int record = 3073;
        var bytes = new byte[count * record];
        for (int i = 0; i < count; i++)
        {
            bytes[i * record] = (byte)((firstImage + i) % 10);
            for (int p = 0; p < 3072; p++) bytes[i * record + 1 + p] = Pixel(firstImage + i, p);
        }
        return bytes;
    }

    // Five training batches of perBatch images and a test batch of 4, in subfolder.
    public static void WriteCifarFolder(TempFolder folder, string subfolder = "cifar-10-batches-bin", int perBatch = 3)
    {
        for (int b = 1; b <= 5; b++)
            folder.Write(Path.Combine(subfolder, $"data_batch_{b}.bin"), CifarBatch(perBatch, (b - 1) * perBatch));
        folder.Write(Path.Combine(subfolder, "test_batch.bin"), CifarBatch(4));
    }

    // Asserts a one-line MnemoException that names file and says problem.
    public static MnemoException AssertFails(Func<object> load, string file, string problem)
    {
        var error = Assert.Throws<MnemoException>(load);
        Assert.Contains(file, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    // AssertFails, and the failed load allocated at most `bytes` on this thread.
    public static MnemoException AssertFailsWithin(long bytes, Func<object> load, string file, string problem)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = AssertFails(load, file, problem);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= bytes, $"allocated {allocated} bytes, more than {bytes}");
        return error;
    }
}
