using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Report;
using Mnemo.Study;
using Mnemo.Training;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests;

/// <summary>
/// A finished smoke study as a researcher gets it: supervised (linear head) and SimCLR (MLP head), 2 seeds each,
/// 2 epochs, every network kept (--keep-models 1), and its report with figures 1-7 (small representation settings).
/// Trained once for the tests of what leaves Mnemo (safetensors, Python, TensorBoard, the page); they only read it,
/// and copy it to change it.
/// </summary>
public sealed class SmallStudy : IDisposable
{
    public static readonly StudyOptions Options = new()
    {
        Preset = "smoke", Paradigms = ["supervised", "simclr"], KeepModels = 1, Set = ["simclr.head=mlp"],
    };
    public static readonly RepresentationOptions Representations = new() { TsnePoints = 200, TsneIterations = 100, ActivationSteps = 20, ProbeMinSteps = 100 };

    readonly TempDir dir = new();
    public StudyFolder Folder { get; }
    public StudyManifest Manifest { get; }
    public IEnumerable<RunFolder> Runs => Folder.Runs(Manifest.Config);
    public string ReportHtml => Path.Combine(Folder.ReportDir, "report.html");

    public SmallStudy()
    {
        Folder = StudySetup.Prepare(dir.Combine("study"), Options);
        using (var data = StudyData.Open(Folder, CPU))
            foreach (var run in Folder.Runs(data.Config))
                RunTrainer.Train(data, Folder, Paradigm.Get(run.Paradigm), run.Seed);
        Manifest = Folder.ReadManifest();
        var representations = RepresentationReport.Write(Folder, Folder.ReportDir, CPU, Representations);
        StudyReport.Write(Folder.Root, representations: representations);
    }

    /// <summary>A copy of the whole study folder under <paramref name="into"/>, to change.</summary>
    public StudyFolder CopyTo(TempDir into)
    {
        string root = into.Combine("copy");
        foreach (var file in Directory.GetFiles(Folder.Root, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(root, Path.GetRelativePath(Folder.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return new StudyFolder(root);
    }

    public void Dispose() => dir.Dispose();
}

[CollectionDefinition(nameof(SmallStudy))]
public sealed class SmallStudyCollection : ICollectionFixture<SmallStudy>;
