using Mnemo.Data;
using Xunit;
using static Mnemo.Tests.Data.DataFixtures;

namespace Mnemo.Tests.Data;

public class IdxLoadingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Mnist_folder_loads_pixels_labels_and_digit_names(bool gzip)
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, train: 20, test: 10, gzip: gzip);

        var data = DataSource.Load($"mnist:{folder.Path}");

        Assert.Equal((20, 10), (data.Train.Count, data.Test.Count));
        Assert.Equal((1, 4, 3), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 10), data.Train.Labels);
        Assert.Equal(Pixel(7, 5), data.Train.Pixels[7 * 12 + 5]);
        Assert.Equal(Pixel(9, 11), data.Test.Pixels[9 * 12 + 11]);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), data.ClassNames);
        Assert.Equal($"mnist:{folder.Path}", data.Name);
    }

    [Fact]
    public void Gzip_is_recognised_by_content_not_by_name()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        // gzipped bytes under the plain name
        folder.Write("train-images-idx3-ubyte", Gzip(IdxImages(20, 4, 3)));

        var data = DataSource.Load($"mnist:{folder.Path}");

        Assert.Equal(Pixel(19, 11), data.Train.Pixels[19 * 12 + 11]);
    }

    [Fact]
    public void Dotted_file_names_are_accepted()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, gzip: false);
        File.Move(folder.File("t10k-images-idx3-ubyte"), folder.File("t10k-images.idx3-ubyte"));

        Assert.Equal(10, DataSource.Load($"mnist:{folder.Path}").Test.Count);
    }

    [Fact]
    public void Idx_classes_run_to_the_largest_label_of_either_split()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder, train: 6, test: 2, classes: 3);
        folder.Write("t10k-labels-idx1-ubyte.gz", Gzip(IdxLabels(0, 4)));

        var data = DataSource.Load($"idx:{folder.Path}");

        Assert.Equal(["0", "1", "2", "3", "4"], data.ClassNames);
    }

    [Fact]
    public void Fashion_mnist_folder_spec_uses_the_fashion_class_names()
    {
        using var folder = new TempFolder();
        WriteIdxFolder(folder);

        var data = DataSource.Load($"fashion-mnist:{folder.Path}");

        Assert.Equal("T-shirt/top", data.ClassNames[0]);
        Assert.Equal("Ankle boot", data.ClassNames[9]);
    }

    [Fact]
    public void Installed_fashion_mnist_has_its_published_shape_and_balance()
    {
        // CI installs dataset-fashion-mnist; a missing package must fail here, not pass silently.
        Assert.True(Directory.Exists(DataSource.FashionMnistFolder),
            $"{DataSource.FashionMnistFolder} is missing: apt-get install dataset-fashion-mnist");

        var data = DataSource.Load("fashion-mnist");

        Assert.Equal((60000, 10000), (data.Train.Count, data.Test.Count));
        Assert.Equal((1, 28, 28), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.All(data.Train.ClassCounts(10), count => Assert.Equal(6000, count));
        Assert.All(data.Test.ClassCounts(10), count => Assert.Equal(1000, count));
        Assert.Equal("Ankle boot", data.ClassNames[9]);
        // First training label of the published files (an ankle boot), so the order is unchanged.
        Assert.Equal(9, data.Train.Labels[0]);
    }
}
