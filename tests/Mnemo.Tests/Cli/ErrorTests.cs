using Xunit;

namespace Mnemo.Tests.Cli;

/// <summary>Bad input gives one line and a non-zero exit, never a stack trace.</summary>
public class ErrorTests
{
    static void AssertOneLineError((int Exit, string Output) result, string expected)
    {
        Assert.NotEqual(0, result.Exit);
        var errors = result.Output.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.Output);
        Assert.Contains(expected, errors[0]);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
    }

    [Theory]
    [InlineData("--set simclr.optimizer=lion", "'lion' is not a valid value for simclr.optimizer (use sgd or adam)")]
    [InlineData("--set supervised.head=transformer", "supervised.head (use linear or mlp)")]
    [InlineData("--set random-labels.augmentation=mixup", "random-labels.augmentation (use none or crop-flip or simclr)")]
    [InlineData("--set simclr.optimizer=1", "simclr.optimizer")]
    [InlineData("--set simclr.epochs=ten", "simclr.epochs (use a whole number)")]
    [InlineData("--set simclr.epochs=1.5", "simclr.epochs")]
    [InlineData("--set supervised.normalize=maybe", "supervised.normalize (use true or false)")]
    [InlineData("--set simclr.learning_rate=-1", "simclr.learning_rate must be positive")]
    [InlineData("--set *.momentum=1", "momentum must be in [0, 1)")]
    [InlineData("--set supervised.no_such_key=1", "'no_such_key' is not a paradigm setting")]
    [InlineData("--set byol.learning_rate=1", "unknown paradigm 'byol'")]
    [InlineData("--set simclr.eval_batch=1", "simclr.eval_batch must be at least 2")]
    [InlineData("--set learning_rate", "is not paradigm.key=value")]
    [InlineData("--simclr-eval-batch 1", "simclr.eval_batch must be at least 2")]
    [InlineData("--epochs supervised=0", "supervised.epochs must be at least 1")]
    [InlineData("--epochs byol=3", "--epochs: unknown paradigm 'byol'")]
    [InlineData("--paradigms supervised,byol", "unknown paradigm 'byol'")]
    [InlineData("--paradigms simclr,simclr", "named twice")]
    [InlineData("--thresholds 0.5,1.5", "--thresholds must lie strictly between 0 and 1")]
    [InlineData("--thresholds 0.5,half", "--thresholds: 'half' is not a number")]
    [InlineData("--models 0", "--models must be at least 1")]
    [InlineData("--augmentations 0", "--augmentations must be at least 1")]
    [InlineData("--eval-size 100000", "--eval-size must be between 2 and the 256 training images")]
    [InlineData("--train-size 1", "--train-size must be at least 2")]
    [InlineData("--batch-size 1", "--batch-size must be at least 2")]
    [InlineData("--width 0", "--width must be at least 1")]
    [InlineData("--keep-models 0", "--keep-models must be at least 1")]
    [InlineData("--data nosuch", "unknown data 'nosuch'")]
    public void A_bad_setting_is_refused_in_one_line_before_anything_is_written(string options, string expected)
    {
        using var dir = new TempDir();
        AssertOneLineError(CliRunner.Run(["run", "--preset", "smoke", "--out", dir.Combine("s"), .. options.Split(' ')]), expected);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void The_issues_example_leaves_no_study_folder()
    {
        using var dir = new TempDir();
        AssertOneLineError(CliRunner.Run("run", "--set", "simclr.optimizer=lion", "--out", dir.Combine("X")), "simclr.optimizer");
        Assert.False(Directory.Exists(dir.Combine("X")));
    }

    [Fact]
    public void A_bad_setting_leaves_an_existing_study_untouched()
    {
        using var dir = new TempDir();
        string study = dir.Combine("s");
        var first = CliRunner.Run("run", "--preset", "smoke", "--paradigms", "supervised", "--models", "1", "--epochs", "1", "--out", study);
        Assert.True(first.Exit == 0, first.Output);
        var before = Directory.GetFiles(study, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        AssertOneLineError(CliRunner.Run("run", "--out", study, "--set", "supervised.optimizer=lion"), "supervised.optimizer");
        var after = Directory.GetFiles(study, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
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
        // Snapshots from the start or none: keeping them from a later resume on would leave the earlier epochs out.
        AssertOneLineError(CliRunner.Run("run", "--out", study, "--keep-models", "2"), "keep_models: null -> 2");
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
