using Mnemo.Data;
using Xunit;
using static Mnemo.Tests.Data.DataFixtures;

namespace Mnemo.Tests.Data;

public class Cifar10Tests
{
    const string Batches = "cifar-10-batches-bin";

    [Fact]
    public void Batches_load_in_order_with_the_standard_names()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder, perBatch: 3);

        var data = DataSource.Load($"cifar10:{folder.Path}");

        Assert.Equal((15, 4), (data.Train.Count, data.Test.Count));
        Assert.Equal((3, 32, 32), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => i % 10), data.Train.Labels);
        // Image 7 is the second record of data_batch_3: channel-major pixels copied as they are.
        Assert.Equal(Pixel(7, 0), data.Train.Pixels[7 * 3072]);
        Assert.Equal(Pixel(7, 2 * 1024 + 5 * 32 + 9), data.Train.Pixels[7 * 3072 + 2 * 1024 + 5 * 32 + 9]);
        Assert.Equal(Pixel(3, 3071), data.Test.Pixels[3 * 3072 + 3071]);
        Assert.Equal("airplane", data.ClassNames[0]);
        Assert.Equal("truck", data.ClassNames[9]);
    }

    [Fact]
    public void The_batches_folder_itself_may_be_given()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder, perBatch: 2);

        var data = DataSource.Load($"cifar10:{folder.File(Batches)}");

        Assert.Equal(10, data.Train.Count);
    }

    [Fact]
    public void Class_names_come_from_batches_meta_when_present()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder);
        string names = string.Join("\n", Enumerable.Range(0, 10).Select(i => $"name{i}")) + "\n\n";
        folder.Write(Path.Combine(Batches, "batches.meta.txt"), System.Text.Encoding.ASCII.GetBytes(names));

        var data = DataSource.Load($"cifar10:{folder.Path}");

        Assert.Equal("name0", data.ClassNames[0]);
        Assert.Equal("name9", data.ClassNames[9]);
    }

    [Fact]
    public void Batches_meta_with_the_wrong_number_of_names()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder);
        string path = folder.Write(Path.Combine(Batches, "batches.meta.txt"), "cat\ndog\n"u8.ToArray());
        AssertFails(() => DataSource.Load($"cifar10:{folder.Path}"), path, "lists 2 class names");
    }

    [Fact]
    public void Missing_folder()
    {
        using var folder = new TempFolder();
        string missing = folder.File("nowhere");
        AssertFails(() => DataSource.Load($"cifar10:{missing}"), missing, "folder not found");
    }

    [Fact]
    public void Folder_without_the_batches()
    {
        using var folder = new TempFolder();
        folder.Write("readme.txt", []);
        AssertFails(() => DataSource.Load($"cifar10:{folder.Path}"), folder.Path, "holds neither cifar-10-batches-bin/ nor data_batch_1.bin");
    }

    [Fact]
    public void Missing_batch()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder);
        string path = folder.File(Path.Combine(Batches, "data_batch_4.bin"));
        File.Delete(path);
        AssertFails(() => DataSource.Load($"cifar10:{folder.Path}"), path, "file not found");
    }

    [Fact]
    public void Batch_size_not_a_multiple_of_the_record()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder);
        string path = folder.Write(Path.Combine(Batches, "test_batch.bin"), CifarBatch(4)[..^1]);
        AssertFails(() => DataSource.Load($"cifar10:{folder.Path}"), path, "is not a positive multiple of the 3073-byte record");
    }

    [Fact]
    public void Empty_batch()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder);
        string path = folder.Write(Path.Combine(Batches, "data_batch_1.bin"), []);
        AssertFails(() => DataSource.Load($"cifar10:{folder.Path}"), path, "size 0 bytes");
    }

    [Fact]
    public void Label_above_nine()
    {
        using var folder = new TempFolder();
        WriteCifarFolder(folder);
        byte[] batch = CifarBatch(3);
        batch[2 * 3073] = 10;
        string path = folder.Write(Path.Combine(Batches, "data_batch_2.bin"), batch);
        AssertFails(() => DataSource.Load($"cifar10:{folder.Path}"), path, "label 10 of record 2 is out of range");
    }
}
