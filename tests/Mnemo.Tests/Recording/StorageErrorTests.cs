using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Xunit;

namespace Mnemo.Tests.Recording;

public class StorageErrorTests
{
    [Theory]
    [InlineData(28, StorageProblem.NoSpace, "no space left on device")]
    [InlineData(122, StorageProblem.NoSpace, "no space left on device")]   // EDQUOT: a quota
    [InlineData(30, StorageProblem.ReadOnly, "the file system is read-only")]
    [InlineData(13, StorageProblem.Denied, "permission denied")]
    [InlineData(116, StorageProblem.Gone, "folder is gone")]               // ESTALE: an NFS mount gone
    [InlineData(5, StorageProblem.Other, "I/O error (Input/output error)")]
    public void An_errno_becomes_one_line_naming_the_path_and_what_to_do(int errno, StorageProblem problem, string words)
    {
        var e = StorageException.From("/data/study/runs/x/margins.npy", new IOException("Input/output error", errno));
        Assert.Equal(problem, e.Problem);
        Assert.StartsWith("/data/study/runs/x/margins.npy: ", e.Message);
        Assert.Contains(words, e.Message);
        Assert.EndsWith("then give the same command again: it resumes where it stopped", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Denied_and_vanished_folders_as_dotnet_reports_them()
    {
        // As root a permission cannot be refused here, so the exception is the one .NET throws for EACCES.
        Assert.Equal(StorageProblem.Denied, StorageException.From("/x", new UnauthorizedAccessException("Access to the path '/x' is denied.")).Problem);
        using var dir = new TempDir();
        var gone = Assert.Throws<StorageException>(() => AtomicFile.WriteVia(dir.Combine("f"), tmp => File.WriteAllText(Path.Combine(dir.Path, "no", "such", "x"), "")));
        Assert.Equal(StorageProblem.Gone, gone.Problem);
    }

    [Fact]
    public void A_writer_that_fails_leaves_neither_its_temporary_file_nor_a_half_file()
    {
        using var dir = new TempDir();
        string path = dir.Combine("record.npy");
        File.WriteAllText(path, "old");
        Assert.Throws<StorageException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            throw new IOException("No space left on device", 28);
        }));
        Assert.Equal(["record.npy"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void Leftovers_of_killed_writers_are_removed_and_those_of_live_ones_kept()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("margins.npy.tmp-999999"), "");              // a process that is gone
        File.WriteAllText(dir.Combine($"margins.npy.tmp-{Environment.ProcessId}"), "");   // this one, writing
        File.WriteAllText(dir.Combine("notes.tmp-draft"), "");                     // not one of Mnemo's
        AtomicFile.RemoveLeftovers(dir.Path, anyOwner: false);
        Assert.Equal([$"margins.npy.tmp-{Environment.ProcessId}", "notes.tmp-draft"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void An_io_error_no_write_path_expected_is_still_one_line_and_exit_1()
    {
        using var dir = new TempDir();
        string study = dir.Combine("s");
        var made = CliRunner.Run("run", "--preset", "smoke", "--paradigms", "supervised", "--models", "1", "--epochs", "1", "--out", study, "--no-representations");
        Assert.True(made.Exit == 0, made.Output);
        // A folder where the run's lock file would be: reading it fails in a way no part of mnemo status expects.
        var run = new StudyFolder(study).Run("supervised", 0);
        Directory.CreateDirectory(run.LockPath);
        var (exit, output) = CliRunner.Run("status", "--study", study);
        Assert.Equal(1, exit);
        var error = Assert.Single(output.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(run.LockPath, error);
        Assert.Contains("(an I/O error)", error);
        Assert.DoesNotContain("   at ", output);
    }
}
