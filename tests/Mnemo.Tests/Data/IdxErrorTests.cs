using System.Buffers.Binary;
using Mnemo.Data;
using Xunit;
using static Mnemo.Tests.Data.DataFixtures;

namespace Mnemo.Tests.Data;

public class IdxErrorTests
{
    static Dataset LoadMnist(TempFolder folder) => DataSource.Load($"mnist:{folder.Path}");

    [Fact]
    public void Missing_folder()
    {
        using var folder = new TempFolder();
        string missing = folder.File("nowhere");
        AssertFails(() => DataSource.Load($"mnist:{missing}"), missing, "folder not found");
    }

    [Fact]
    public void Missing_file()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        File.Delete(folder.File("t10k-labels-idx1-ubyte.gz"));
        AssertFails(() => LoadMnist(folder), "t10k-labels-idx1-ubyte", "file not found");
    }

    [Fact]
    public void Truncated_plain_images()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        byte[] whole = IdxImages(20, 4, 3);
        string path = folder.Write("train-images-idx3-ubyte", whole[..^5]);
        AssertFails(() => LoadMnist(folder), path, "truncated");
    }

    [Fact]
    public void Truncated_header()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        string path = folder.Write("train-labels-idx1-ubyte", IdxLabels(1, 2)[..6]);
        AssertFails(() => LoadMnist(folder), path, "truncated");
    }

    [Fact]
    public void Truncated_gzip_stream()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        byte[] gz = Gzip(IdxImages(20, 4, 3));
        string path = folder.Write("train-images-idx3-ubyte.gz", gz[..(gz.Length / 2)]);
        AssertFails(() => LoadMnist(folder), path, "truncated");
    }

    [Fact]
    public void Gzip_stream_cut_in_its_trailer()
    {
        // All the data is there; only the size check that zlib would make at the very end is lost.
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        byte[] gz = Gzip(IdxLabels(Labels(20, 10)));
        string path = folder.Write("train-labels-idx1-ubyte.gz", gz[..^3]);
        AssertFails(() => LoadMnist(folder), path, "truncated or corrupt gzip stream");
    }

    [Fact]
    public void Gzip_with_a_wrong_checksum()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        byte[] gz = Gzip(IdxLabels(Labels(20, 10)));
        gz[^8] ^= 0xff; // CRC-32, first byte
        string path = folder.Write("train-labels-idx1-ubyte.gz", gz);
        AssertFails(() => LoadMnist(folder), path, "corrupt gzip stream");
    }

    [Fact]
    public void Corrupt_gzip_stream()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        byte[] gz = Gzip(IdxImages(20, 4, 3));
        for (int i = 10; i < gz.Length - 8; i++) gz[i] = 0xff; // the deflate data, keeping gzip's header
        string path = folder.Write("train-images-idx3-ubyte.gz", gz);
        AssertFails(() => LoadMnist(folder), path, "corrupt gzip");
    }

    [Fact]
    public void Extra_bytes_after_the_data()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        string path = folder.Write("t10k-images-idx3-ubyte", [.. IdxImages(10, 4, 3), 0, 0]);
        AssertFails(() => LoadMnist(folder), path, "2 bytes beyond");
    }

    [Fact]
    public void Labels_file_in_place_of_images_has_the_wrong_magic()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        string path = folder.Write("train-images-idx3-ubyte", IdxLabels(Labels(20, 10)));
        AssertFails(() => LoadMnist(folder), path, "wrong IDX magic number 0x00000801");
    }

    [Fact]
    public void Images_file_in_place_of_labels_has_the_wrong_magic()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        string path = folder.Write("t10k-labels-idx1-ubyte", IdxImages(10, 4, 3));
        AssertFails(() => LoadMnist(folder), path, "wrong IDX magic number 0x00000803");
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion-mnist")]
    public void Label_beyond_the_ten_named_classes(string kind)
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        string path = folder.Write("train-labels-idx1-ubyte.gz", Gzip(IdxLabels([.. Labels(19, 10), 10])));
        AssertFails(() => DataSource.Load($"{kind}:{folder.Path}"), path, "label 10 of item 19 is out of range");
    }

    [Fact]
    public void Fewer_labels_than_images()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        string path = folder.Write("train-labels-idx1-ubyte.gz", Gzip(IdxLabels(Labels(19, 10))));
        AssertFails(() => LoadMnist(folder), path, "holds 19 labels but train-images-idx3-ubyte.gz holds 20 images");
    }

    [Fact]
    public void Test_images_of_another_size_than_training_images()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        string path = folder.Write("t10k-images-idx3-ubyte.gz", Gzip(IdxImages(10, 3, 4)));
        AssertFails(() => LoadMnist(folder), path, "images are 3x4 but the training images are 4x3");
    }

    [Fact]
    public void Header_promising_more_than_an_array_holds()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        byte[] bytes = IdxImages(20, 4, 3);
        bytes[4] = 0x7f; // count ~2^31: times 12 pixels, more than any byte[] holds
        string path = folder.Write("train-images-idx3-ubyte", bytes);
        AssertFails(() => LoadMnist(folder), path, "more than one array can hold");
    }

    [Fact]
    public void Images_of_no_pixels()
    {
        // Both splits alike, so that no check of one against the other catches it.
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        string path = folder.Write("train-images-idx3-ubyte", IdxImages(20, 0, 3));
        folder.Write("t10k-images-idx3-ubyte", IdxImages(10, 0, 3));
        AssertFails(() => LoadMnist(folder), path, "header promises images of 0x3 pixels");
    }

    [Fact]
    public void Gzip_trailer_recording_more_than_the_file_decompresses_to_costs_no_more_than_the_file()
    {
        // 6 KB that gzip cannot shrink, under a trailer that records 6 MB: within deflate's 1032-fold
        // reach, so only decompressing tells the lie.
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        var rng = new Random(3);
        byte[] images = IdxImages(500, 4, 3);
        rng.NextBytes(images.AsSpan(16));
        byte[] gz = Gzip(images);
        BinaryPrimitives.WriteInt32LittleEndian(gz.AsSpan(gz.Length - 4), gz.Length * 1000);
        string path = folder.Write("train-images-idx3-ubyte.gz", gz);
        AssertFailsWithin(1 << 20, () => LoadMnist(folder), path, "corrupt gzip stream");
    }

    [Fact]
    public void Gzip_trailer_recording_more_than_1_GiB()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        byte[] gz = Gzip(IdxLabels(Labels(20, 10)));
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(gz.Length - 4), 0xffffffff);
        string path = folder.Write("train-labels-idx1-ubyte.gz", gz);
        AssertFailsWithin(1 << 20, () => LoadMnist(folder), path, "more than the 1 GiB a data file may hold: its trailer records 4294967295 bytes");
    }

    [Fact]
    public void Decompression_bomb_stops_at_what_its_trailer_records()
    {
        // 16 KB of gzip that holds 16 MiB, under a trailer that records 1,000 bytes.
        using var folder = new TempFolder();
        WriteIdxFolder(folder);
        byte[] gz = Gzip(new byte[16 << 20]);
        BinaryPrimitives.WriteInt32LittleEndian(gz.AsSpan(gz.Length - 4), 1000);
        string path = folder.Write("train-labels-idx1-ubyte.gz", gz);
        AssertFailsWithin(1 << 20, () => LoadMnist(folder), path, "decompresses to more than the 1000 bytes its trailer records");
    }

    [Fact]
    public void File_of_more_than_1_GiB_is_refused_unread()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        string path = folder.Write("train-images-idx3-ubyte", IdxImages(20, 4, 3));
        using (var file = File.OpenWrite(path)) file.SetLength((1L << 30) + 1); // sparse: no disk, no time
        AssertFailsWithin(1 << 20, () => LoadMnist(folder), path, $"{(1L << 30) + 1} bytes, more than the 1 GiB a data file may hold");
    }
}
