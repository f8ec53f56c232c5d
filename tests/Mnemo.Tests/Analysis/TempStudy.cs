using Mnemo.Benchmarks;
using Mnemo.Recording;
using Mnemo.Report;
using Mnemo.Study;

namespace Mnemo.Tests.Analysis;

/// <summary>A study folder in a fresh temporary directory, deleted with the test.</summary>
sealed class TempStudy : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "mnemo-analysis-tests-" + Guid.NewGuid().ToString("N"));
    public StudyFolder Folder => new(Dir);

    /// <summary>Records drawn bit by bit with the given probabilities (see <see cref="SimulatedStudy"/>).</summary>
    public static TempStudy Simulate(StudyConfig config, SimulatedStudy.Recognition probability, SimulatedStudy.Progress? recorded = null)
    {
        var study = new TempStudy();
        SimulatedStudy.Create(study.Dir, config, probability, recorded);
        return study;
    }

    /// <summary>Replaces one run's recognition record with exactly these bits, C order [rows, M, K], and its margins and
    /// confidences with values that go with them (a record's margin is positive exactly where its bit is 1).</summary>
    public void WriteRecognition(string paradigm, int seed, int rows, int m, int k, byte[] bits)
    {
        var run = Folder.Run(paradigm, seed);
        Npy.Write<byte>(run.RecognitionPath, [rows, m, k], bits);
        Npy.Write<Half>(run.MarginsPath, [rows, m, k], [.. bits.Select(b => b == 1 ? (Half)1 : (Half)(-1))]);
        Npy.Write<Half>(run.ConfidencePath, [rows, m, k], [.. bits.Select(b => b == 1 ? (Half)0.9 : (Half)0.05)]);
    }

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}
