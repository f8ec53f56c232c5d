using Mnemo.Data;
using Xunit;

namespace Mnemo.Tests.Data;

public class DataSourceTests
{
    [Theory]
    [InlineData("imagenet")]
    [InlineData("")]
    [InlineData("fashion")]
    public void Unknown_spec_lists_the_accepted_forms(string spec)
    {
        var error = Assert.Throws<MnemoException>(() => DataSource.Load(spec));
        Assert.Contains($"unknown data '{spec}'", error.Message);
        foreach (string form in new[] { "fashion-mnist", "mnist:DIR", "idx:DIR", "cifar10:DIR", "synthetic:train=N" })
            Assert.Contains(form, error.Message);
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("idx:")]
    [InlineData("fashion-mnist: ")]
    [InlineData("cifar10: ")]
    public void Folder_kinds_without_a_folder(string spec)
    {
        var error = Assert.Throws<MnemoException>(() => DataSource.Load(spec));
        Assert.Contains("needs a folder", error.Message);
    }

    [Fact]
    public void Missing_fashion_mnist_says_how_to_install_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"mnemo-no-fashion-{Guid.NewGuid():N}");
        var error = DataFixtures.AssertFails(() => DataSource.LoadFashionMnist(missing), missing, "folder not found");
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
        Assert.Contains("./setup.sh", error.Message);
    }

    [Fact]
    public void Kind_is_case_insensitive_and_trimmed()
    {
        Assert.Equal(64, DataSource.Load("  Synthetic:train=64,test=8 ").Train.Count);
    }
}
