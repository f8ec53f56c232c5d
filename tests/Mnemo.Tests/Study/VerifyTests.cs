using System.Diagnostics;
using System.Text.Json;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Study;

/// <summary>A small trained study (supervised and SimCLR, one network each, 2 epochs), made once; each test works on a copy.</summary>
public sealed class TrainedStudy : IDisposable
{
    public static readonly string[] Options = ["--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "1", "--epochs", "2",
                                               "--jobs", "1", "--threads", "1", "--no-representations"];
    readonly TempDir dir = new();
    public string Root => dir.Combine("trained");

    public TrainedStudy()
    {
        var (exit, output) = CliRunner.Run(["run", .. Options, "--out", Root]);
        Assert.True(exit == 0, output);
    }

    /// <summary>A copy of the study under <paramref name="into"/>.</summary>
    public StudyFolder Copy(TempDir into)
    {
        string target = into.Combine("study");
        foreach (string file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return new StudyFolder(target);
    }

    public void Dispose() => dir.Dispose();
}

public class VerifyTests(TrainedStudy trained) : IClassFixture<TrainedStudy>
{
    static (int Exit, string Output) Verify(StudyFolder folder) => CliRunner.Run("verify", "--study", folder.Root);

    static void FlipByte(string path, int at, byte mask = 0x01)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[at] ^= mask;
        File.WriteAllBytes(path, bytes);
    }

    // The first data byte of a .npy file written by Mnemo (its preamble is padded to 64 bytes, and these headers fit one block).
    const int NpyData = 128;

    [Fact]
    public void An_intact_study_verifies_and_sha256sum_checks_the_same_lists()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var (exit, output) = Verify(study);
        Assert.True(exit == 0, output);
        Assert.Contains("2 runs: 2 intact; every finished run is intact", output);
        Assert.Contains("study files (study.json, random_labels.npy, augmentations/): intact", output);

        foreach (string folder in new[] { study.Root, study.Run("supervised", 0).Dir, study.Run("simclr", 0).Dir })
        {
            var check = Process.Start(new ProcessStartInfo("sha256sum", ["-c", "--strict", Checksums.FileName])
                { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
            string said = check.StandardOutput.ReadToEnd() + check.StandardError.ReadToEnd();
            check.WaitForExit();
            Assert.True(check.ExitCode == 0, said);
            Assert.DoesNotContain("FAILED", said);
        }
        var simclr = Checksums.Read(study.Run("simclr", 0).Dir)!;
        Assert.Equal(2, simclr.EpochsRecorded);
        Assert.Equal(["confidence.npy", "confidence_reverse.npy", "log.csv", "margins.npy", "margins_reverse.npy", "model.bin", "model.safetensors", "recognition.npy", "recognition_reverse.npy"], simclr.Files.Keys.Order());
    }

    [Fact]
    public void A_flipped_margin_byte_is_named_with_both_hashes_and_the_report_leaves_only_that_run_out()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var run = study.Run("supervised", 0);
        string expected = Checksums.OfFile(run.MarginsPath);
        FlipByte(run.MarginsPath, NpyData + 10);   // the low mantissa bit of a margin: its sign, and any value check, hold
        string found = Checksums.OfFile(run.MarginsPath);

        var (exit, output) = Verify(study);
        Assert.Equal(1, exit);
        string line = string.Join(" ", output.Split('\n').SkipWhile(l => !l.Contains("supervised/seed-0")).Take(3)).Replace("  ", " ");
        Assert.Contains("damaged", line);
        Assert.Contains(Compact(run.MarginsPath), Compact(output));
        Assert.Contains($"expected{expected}", Compact(output));
        Assert.Contains($"found{found}", Compact(output));
        Assert.Contains("1 intact, 1 damaged", output);

        var report = CliRunner.Run("report", "--study", study.Root, "--no-representations");
        Assert.True(report.Exit == 0, report.Output);
        Assert.Contains("damaged: supervised/seed-0", report.Output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(study.ReportDir, "summary.json"))).RootElement;
        var damaged = Assert.Single(summary.GetProperty("damaged_runs").EnumerateArray());
        Assert.Equal("supervised/seed-0", damaged.GetProperty("run").GetString());
        Assert.Contains("margins.npy", damaged.GetProperty("reason").GetString());
        Assert.Equal(["simclr"], summary.GetProperty("paradigms").EnumerateObject().Select(p => p.Name));
        Assert.Contains("Damaged runs, not analysed", File.ReadAllText(Path.Combine(study.ReportDir, "report.md")));
    }

    // Spectre wraps long table cells; the words are all there.
    static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '│'));

    [Fact]
    public void A_recognition_bit_turned_from_0_to_1_keeps_the_values_valid_and_is_found_by_its_checksum()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var run = study.Run("simclr", 0);
        var bits = Npy.Read<byte>(run.RecognitionReversePath);
        int at = Array.IndexOf(bits.Data, (byte)0);
        FlipByte(run.RecognitionReversePath, NpyData + at);
        var check = StudyVerify.Run(run, study.ReadManifest().Config);
        Assert.Equal(RunIntegrity.Damaged, check.State);
        Assert.Contains("recognition_reverse.npy: sha256 expected", Assert.Single(check.Problems));
    }

    public static TheoryData<string, string> Mutations => new()
    {
        { "bit-2", "recognition bits are 0 or 1" },
        { "nan-margin", "margins are finite" },
        { "margin-sign", "disagrees with bit" },
        { "short-record", "shape (2, 2, 64), expected (3, M = 2, K = 64)" },
        { "truncated", "unreadable" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Without_checksums_the_values_are_still_checked(string mutation, string expected)
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var run = study.Run("supervised", 0);
        File.Delete(Checksums.PathIn(run.Dir));   // as a run made before checksums
        var bits = Npy.Read<byte>(run.RecognitionPath);
        var margins = Npy.Read<Half>(run.MarginsPath);
        switch (mutation)
        {
            case "bit-2": bits.Data[77] = 2; Npy.Write(run.RecognitionPath, bits); break;
            case "nan-margin": margins.Data[5] = Half.NaN; Npy.Write(run.MarginsPath, margins); break;
            case "margin-sign":
                int one = Array.IndexOf(bits.Data, (byte)1);
                margins.Data[one] = (Half)(-1.0f);
                Npy.Write(run.MarginsPath, margins);
                break;
            case "short-record": Npy.Write<byte>(run.RecognitionPath, [2, 2, 64], bits.Data[..256]); break;
            case "truncated": File.WriteAllBytes(run.MarginsPath, File.ReadAllBytes(run.MarginsPath)[..200]); break;
        }
        var check = StudyVerify.Run(run, study.ReadManifest().Config);
        Assert.Equal(RunIntegrity.Damaged, check.State);
        Assert.Contains(expected, string.Join("; ", check.Problems));
        Assert.Null(check.Recognition);
        Assert.Equal(1, Verify(study).Exit);
    }

    [Fact]
    public void A_finished_run_without_checksums_is_not_called_intact()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        File.Delete(Checksums.PathIn(study.Run("simclr", 0).Dir));
        var (exit, output) = Verify(study);
        Assert.Equal(1, exit);
        Assert.Contains("no checksums", output);
        Assert.Contains("1 intact, 1 without checksums", output);
        // The report still analyses it: its values are sound.
        var result = Mnemo.Report.StudyReport.Write(study.Root);
        Assert.Equal(1, result.Analysis.Paradigms["simclr"].N);
        Assert.Contains("have no checksums.sha256", File.ReadAllText(result.MarkdownPath));
    }

    [Fact]
    public void A_missing_model_and_a_changed_study_file_are_named()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        File.Delete(study.Run("simclr", 0).ModelPath);
        string augmentations = study.AugmentationsPath("supervised");
        File.WriteAllText(augmentations, File.ReadAllText(augmentations).Replace(",0,0,", ",0,1,"));
        var (exit, output) = Verify(study);
        Assert.Equal(1, exit);
        Assert.Contains("missing file", output);
        Assert.Contains(Compact($"{study.Run("simclr", 0).ModelPath}: missing"), Compact(output));
        Assert.Contains(Compact($"{augmentations}: sha256 expected"), Compact(output));
        Assert.True(Compact(output).Contains(Compact("study files (study.json, random_labels.npy, augmentations/): damaged")), output);
    }

    [Fact]
    public void Records_newer_than_their_checksums_are_unfinished_work_and_older_ones_are_damage()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var run = study.Run("supervised", 0);
        var config = study.ReadManifest().Config;
        // What a process killed after writing epoch 2's records, before their checksums, leaves: the list of epoch 1.
        string epoch1 = dir.Combine("epoch1");
        Directory.CreateDirectory(epoch1);
        var bits = Npy.Read<byte>(run.RecognitionPath);
        var margins = Npy.Read<Half>(run.MarginsPath);
        Npy.Write<byte>(Path.Combine(epoch1, "recognition.npy"), [2, 2, 64], bits.Data[..256]);
        Npy.Write<Half>(Path.Combine(epoch1, "margins.npy"), [2, 2, 64], margins.Data[..256]);
        File.WriteAllLines(Path.Combine(epoch1, "log.csv"), File.ReadAllLines(run.LogPath)[..3]);
        Checksums.Record(epoch1, Directory.GetFiles(epoch1), epochsRecorded: 1);
        File.Copy(Checksums.PathIn(epoch1), Checksums.PathIn(run.Dir), overwrite: true);
        File.Delete(run.ModelPath);
        run.WriteStatus(run.ReadStatus()! with { State = RunState.Stopped, EpochsDone = 1 });

        var check = StudyVerify.Run(run, config);
        Assert.True(check.State == RunIntegrity.Unfinished, string.Join("; ", check.Problems));
        Assert.Equal(2, check.EpochsRecorded);
        Assert.Equal(0, Verify(study).Exit);

        // The same rows as the list says, another hash: damage.
        File.Copy(Path.Combine(epoch1, "margins.npy"), run.MarginsPath, overwrite: true);
        FlipByte(run.MarginsPath, NpyData + 3);
        check = StudyVerify.Run(run, config);
        Assert.Equal(RunIntegrity.Damaged, check.State);
        Assert.Contains("margins.npy: sha256 expected", string.Join("; ", check.Problems));
    }

    [Fact]
    public void Mnemo_run_names_a_damaged_finished_run_and_retrains_it_only_when_asked()
    {
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var run = study.Run("supervised", 0);
        var original = Directory.GetFiles(run.Dir).Where(f => f.EndsWith(".npy") || f.EndsWith("model.bin")).ToDictionary(f => f, File.ReadAllBytes);
        FlipByte(run.RecognitionPath, NpyData + 1);
        string[] options = [.. TrainedStudy.Options, "--out", study.Root];

        var left = CliRunner.Run(["run", .. options]);
        Assert.Equal(1, left.Exit);
        Assert.Contains("damaged: supervised/seed-0", left.Output);
        Assert.Contains("1 damaged runs not retrained (supervised/seed-0); give --retrain-damaged", left.Output);
        Assert.Contains("0 runs to do", left.Output);
        Assert.NotEqual(original[run.RecognitionPath], File.ReadAllBytes(run.RecognitionPath));

        var retrained = CliRunner.Run(["run", .. options, "--retrain-damaged"]);
        Assert.True(retrained.Exit == 0, retrained.Output);
        Assert.Contains("retraining damaged supervised/seed-0", retrained.Output);
        Assert.Contains("1 runs to do", retrained.Output);
        foreach (var (file, bytes) in original)
            Assert.True(bytes.SequenceEqual(File.ReadAllBytes(file)), $"{file} differs from the first training");
        Assert.Equal(0, Verify(study).Exit);
    }

    [Fact]
    public void Resume_refuses_a_record_that_changed_on_disk_and_retrain_damaged_starts_it_again()
    {
        set_num_threads(1);
        using var dir = new TempDir();
        var study = trained.Copy(dir);
        var run = study.Run("supervised", 0);
        var straight = File.ReadAllBytes(run.MarginsPath);
        // Train it again, stopped after epoch 1's checkpoint.
        foreach (string entry in Directory.GetFileSystemEntries(run.Dir)) File.Delete(entry);
        using (var data = StudyData.Open(study, CPU))
        {
            using var stop = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => RunTrainer.Train(data, study, Paradigm.Get("supervised"), 0,
                p => { if (p.Epoch == 1 && p.MeanRecognition is not null) stop.Cancel(); }, stop.Token));
            FlipByte(run.MarginsPath, NpyData + 7);
            var e = Assert.Throws<MnemoException>(() => RunTrainer.Train(data, study, Paradigm.Get("supervised"), 0));
            Assert.Contains($"{run.MarginsPath}: damaged (sha256 expected", e.Message);
            Assert.Contains("--retrain-damaged", e.Message);
        }
        Assert.Equal(RunState.Failed, run.ReadStatus()!.State);
        var again = CliRunner.Run(["run", .. TrainedStudy.Options, "--out", study.Root, "--retrain-damaged"]);
        Assert.True(again.Exit == 0, again.Output);
        Assert.Contains("retraining damaged supervised/seed-0", again.Output);
        Assert.Equal(straight, File.ReadAllBytes(run.MarginsPath));
    }
}
