using System.Diagnostics;
using System.Runtime.InteropServices;
using Mnemo.Cluster;
using Mnemo.Study;
using Xunit;

namespace Mnemo.Tests.Cluster;

/// <summary>A test that needs a Slurm cluster: skipped, saying why, where sbatch is not on PATH (.ci/slurm-up.sh starts one).</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmArray.FindOnPath("sbatch") is null)
            Skip = "sbatch is not on PATH: no Slurm cluster here (CI starts a one-machine cluster with .ci/slurm-up.sh)";
    }
}

/// <summary>The built CLI as a separate process: mnemo.dll is copied next to the tests (they reference Mnemo.Cli).</summary>
public static class MnemoProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "mnemo.dll");

    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
        : SlurmArray.FindOnPath("dotnet") ?? "dotnet";

    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Started with <paramref name="environment"/> added to this process's.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Assert.True(File.Exists(Dll), $"{Dll} is missing: the tests run the CLI built next to them");
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    public static void Terminate(Process p)   // SIGTERM, as Slurm sends it
    {
        int rc = kill(p.Id, 15);
        int errno = Marshal.GetLastPInvokeError();
        Assert.True(rc == 0, $"kill({p.Id}, SIGTERM) failed: errno {errno}; /proc/{p.Id} {(Directory.Exists($"/proc/{p.Id}") ? "exists" : "is gone")}, exited {p.HasExited}");
    }
}

public static class Wait
{
    public static void For(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) Assert.Fail($"timed out after {limit.TotalSeconds:F0} s waiting for {what}");
            Thread.Sleep(250);
        }
    }
}

public static class Slurm
{
    /// <summary>Runs a Slurm client command; its stdout, or a failed assertion with its stderr.</summary>
    public static string Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{command} {string.Join(' ', args)}: exit {p.ExitCode}: {err.Result}");
        return output;
    }

    /// <summary>States of the job's tasks still known to squeue (pending, running, completing).</summary>
    public static string[] States(string job) =>
        Run("squeue", "-h", "-j", job, "-o", "%T").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void WaitUntilGone(string job, TimeSpan limit) => Wait.For(() => States(job).Length == 0, limit, $"Slurm job {job} to end");

    public static void Cancel(string job)
    {
        try { Run("scancel", job); } catch (Exception) { }   // cleanup only
    }
}

public static class Records
{
    static string[] LogWithoutTime(RunFolder run) =>
        File.ReadAllLines(run.LogPath).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4))).ToArray();

    /// <summary>recognition and margins (both directions for SimCLR) byte for byte, and log.csv without its seconds column.</summary>
    public static void AssertSame(RunFolder expected, RunFolder actual)
    {
        string[] files = ["recognition.npy", "margins.npy", .. expected.Paradigm == "simclr" ? new[] { "recognition_reverse.npy", "margins_reverse.npy" } : []];
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected.Dir, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual.Dir, file))),
                $"{actual.Name}: {file} differs from the in-process run's");
        Assert.Equal(LogWithoutTime(expected), LogWithoutTime(actual));
    }

    /// <summary>Every run of <paramref name="expected"/> as <see cref="AssertSame"/> says, and its model.bin byte for byte.</summary>
    public static void AssertSameStudy(StudyFolder expected, StudyFolder actual)
    {
        foreach (var run in expected.Runs(expected.ReadManifest().Config))
        {
            var twin = actual.Run(run.Paradigm, run.Seed);
            AssertSame(run, twin);
            Assert.True(File.ReadAllBytes(run.ModelPath).SequenceEqual(File.ReadAllBytes(twin.ModelPath)), $"{twin.Name}: model.bin differs");
        }
    }
}
