using Mnemo.Study;
using Mnemo.Tests.Cli;
using Mnemo.Tests.Cluster;
using Xunit;

namespace Mnemo.Tests.Training;

/// <summary>A test that needs Debian's libtcmalloc-minimal4 (setup.sh and .ci/run install it): skipped, saying why, without it.</summary>
public sealed class TcmallocFactAttribute : FactAttribute
{
    public const string Library = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    public TcmallocFactAttribute()
    {
        if (!File.Exists(Library)) Skip = $"{Library} is missing (apt-get install libtcmalloc-minimal4)";
    }
}

/// <summary>The `mnemo` script preloads tcmalloc for itself and the `mnemo train` processes it starts.</summary>
public class AllocatorTests
{
    [TcmallocFact]
    public void A_study_trained_under_tcmalloc_has_the_records_and_networks_of_one_trained_under_glibc()
    {
        using var dir = new TempDir();
        string[] study = ["--preset", "smoke", "--paradigms", "supervised,simclr,random-labels-aug", "--models", "2", "--no-representations"];
        var glibc = new StudyFolder(dir.Combine("glibc"));
        var here = CliRunner.Run(["run", .. study, "--out", glibc.Root, "--jobs", "1", "--threads", "1"]);
        Assert.True(here.Exit == 0, here.Output);

        var tcmalloc = new StudyFolder(dir.Combine("tcmalloc"));
        using var p = MnemoProcess.Start(new Dictionary<string, string> { ["LD_PRELOAD"] = TcmallocFactAttribute.Library },
            ["run", .. study, "--out", tcmalloc.Root, "--jobs", "2", "--threads", "2"]);
        var output = p.StandardOutput.ReadToEndAsync();
        bool preloaded = false;
        Wait.For(() => (preloaded = Maps(p.Id).Contains("libtcmalloc_minimal")) || p.HasExited, TimeSpan.FromMinutes(1), "tcmalloc in the process's maps");
        Assert.True(preloaded, "tcmalloc was never mapped into mnemo run");
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(4)), "the study under tcmalloc did not finish");
        Assert.True(p.ExitCode == 0, output.Result);
        Records.AssertSameStudy(glibc, tcmalloc);
    }

    static string Maps(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/maps"); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
