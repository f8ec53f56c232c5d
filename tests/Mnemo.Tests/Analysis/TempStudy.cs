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

    /// <summary>Replaces one run's recognition record with exactly these bits, C order [rows, M, K].</summary>
    public void WriteRecognition(string paradigm, int seed, int rows, int m, int k, byte[] bits) =>
        Npy.Write<byte>(Folder.Run(paradigm, seed).RecognitionPath, [rows, m, k], bits);

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}
