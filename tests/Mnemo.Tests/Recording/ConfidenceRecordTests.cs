using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;
using Xunit;

namespace Mnemo.Tests.Recording;

public class ConfidenceRecordTests
{
    const int M = 2, K = 3;

    static RecognitionRecord Row(int epoch) => new(
        Bits: [1, 0, 1, 0, 1, 1], Margins: [.. Enumerable.Range(0, M * K).Select(i => (Half)(i - epoch))],
        ReverseBits: [0, 0, 1, 1, 0, 1], ReverseMargins: [.. Enumerable.Range(0, M * K).Select(i => (Half)(epoch - i))],
        Confidences: [.. Enumerable.Range(0, M * K).Select(i => (Half)(0.1 * i + 0.01 * epoch))],
        ReverseConfidences: [.. Enumerable.Range(0, M * K).Select(i => (Half)(0.5 - 0.05 * i))]);

    static EpochLog Log(int epoch) => new(epoch, epoch == 0 ? null : 1.0 / epoch, epoch == 0 ? null : 0.5, 0.1, 1, 0);

    [Fact]
    public void Confidences_are_saved_beside_the_bits_and_reloaded_when_resuming()
    {
        using var dir = new TempDir();
        var run = new RunFolder(dir.Combine("run"), "simclr", 0);
        Directory.CreateDirectory(run.Dir);
        var records = new RunRecords(run, M, K, hasReverse: true);
        for (int t = 0; t <= 2; t++) records.Add(Row(t), Log(t));
        records.Save();
        var saved = Npy.Read<Half>(run.ConfidencePath);
        Assert.Equal([3, M, K], saved.Shape);
        Assert.Equal(Row(2).Confidences, saved.Data[(2 * M * K)..]);
        Assert.Equal([3, M, K], Npy.Read<Half>(run.ConfidenceReversePath).Shape);

        var resumed = new RunRecords(run, M, K, hasReverse: true);
        resumed.Load(epochsDone: 1);
        Assert.True(resumed.RecordsConfidence);
        resumed.Add(Row(2), Log(2));
        resumed.Save();
        Assert.Equal(saved.Data, Npy.Read<Half>(run.ConfidencePath).Data);
    }

    [Fact]
    public void A_run_recorded_before_confidence_existed_keeps_recording_without_it()
    {
        using var dir = new TempDir();
        var run = new RunFolder(dir.Combine("run"), "simclr", 0);
        Directory.CreateDirectory(run.Dir);
        var records = new RunRecords(run, M, K, hasReverse: true);
        for (int t = 0; t <= 1; t++) records.Add(Row(t), Log(t));
        records.Save();
        // What an older Mnemo left: the same records without confidence.
        File.Delete(run.ConfidencePath);
        File.Delete(run.ConfidenceReversePath);
        byte[] bitsBefore = File.ReadAllBytes(run.RecognitionPath);

        var resumed = new RunRecords(run, M, K, hasReverse: true);
        resumed.Load(epochsDone: 1);
        Assert.False(resumed.RecordsConfidence);
        resumed.Add(Row(2), Log(2));
        resumed.Save();
        Assert.False(File.Exists(run.ConfidencePath), "confidence.npy started midway");
        Assert.False(File.Exists(run.ConfidenceReversePath));
        var bits = Npy.Read<byte>(run.RecognitionPath);
        Assert.Equal([3, M, K], bits.Shape);
        Assert.Equal(bitsBefore[^(2 * M * K)..], File.ReadAllBytes(run.RecognitionPath)[^(3 * M * K)..^(M * K)]);
    }
}
