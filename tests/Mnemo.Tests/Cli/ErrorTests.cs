using Xunit;

namespace Mnemo.Tests.Cli;

/// <summary>Bad input gives one line and a non-zero exit, never a stack trace.</summary>
public class ErrorTests
{
    static void AssertOneLineError((int Exit, string Output) result, string expected)
    {
        Assert.NotEqual(0, result.Exit);
        Assert.Contains(expected, result.Output);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
    }

    [Fact]
    public void Unknown_preset() =>
        AssertOneLineError(CliRunner.Run("run", "--preset", "huge", "--out", "/tmp/never"), "--preset must be one of");

    [Fact]
    public void Missing_data_folder() =>
        AssertOneLineError(CliRunner.Run("data", "describe", "--data", "mnist:/no/such/folder"), "/no/such/folder");

    [Fact]
    public void Not_a_number() =>
        AssertOneLineError(CliRunner.Run("run", "--models", "many"), "many");

    [Fact]
    public void Train_on_a_folder_that_is_not_a_study()
    {
        using var dir = new TempDir();
        AssertOneLineError(CliRunner.Run("train", "--study", dir.Path, "--paradigm", "simclr", "--seed", "0"), "not a study folder");
    }

    [Fact]
    public void Paper_preset_without_cifar()
    {
        using var dir = new TempDir();
        AssertOneLineError(CliRunner.Run("run", "--preset", "paper", "--data", "synthetic", "--out", dir.Combine("p")), "cifar10:DIR");
    }

    [Fact]
    public void Resuming_with_other_settings_names_them()
    {
        using var dir = new TempDir();
        string study = dir.Combine("s");
        var first = CliRunner.Run("run", "--preset", "smoke", "--paradigms", "supervised", "--models", "1", "--epochs", "1", "--out", study);
        Assert.True(first.Exit == 0, first.Output);
        AssertOneLineError(CliRunner.Run("run", "--out", study, "--models", "3"), "models: 1 -> 3");
    }

    [Fact]
    public void Eval_set_larger_than_the_training_set()
    {
        using var dir = new TempDir();
        AssertOneLineError(CliRunner.Run("run", "--preset", "smoke", "--eval-size", "100000", "--out", dir.Combine("s")), "--eval-size");
    }

    [Fact]
    public void Data_describe_prints_the_class_histogram()
    {
        var (exit, output) = CliRunner.Run("data", "describe", "--data", "fashion-mnist");
        Assert.Equal(0, exit);
        Assert.Contains("60000 train, 10000 test", output);
        Assert.Contains("Ankle boot", output);
    }
}
