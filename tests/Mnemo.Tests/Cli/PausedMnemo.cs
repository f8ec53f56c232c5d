using System.Diagnostics;
using System.Runtime.InteropServices;
using Mnemo.Tests.Cluster;
using Xunit;

namespace Mnemo.Tests.Cli;

/// <summary>
/// The built CLI as a child process with the product's test hook set (<see cref="TestHook"/>): it stops the
/// N-th time it reaches a point (MNEMO_TEST_PAUSE=POINT@N) and waits there, so that a test can kill it, fill
/// its disk or read its study at that exact moment, then let it go on.
/// </summary>
public sealed class PausedMnemo : IDisposable
{
    readonly string mark = Path.Combine(Path.GetTempPath(), $"mnemo-pause-{Guid.NewGuid():N}");
    readonly Task<string> stdout, stderr;
    public Process Process { get; }

    /// <param name="pause">POINT@N, or null for no pause.</param>
    public PausedMnemo(string? pause, params string[] args)
    {
        Assert.True(File.Exists(MnemoProcess.Dll), $"{MnemoProcess.Dll} is missing: the tests run the CLI built next to them");
        var start = new ProcessStartInfo(MnemoProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(MnemoProcess.Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (pause is not null)
        {
            start.Environment["MNEMO_TEST_PAUSE"] = pause;
            start.Environment["MNEMO_TEST_PAUSE_MARK"] = mark;
        }
        Process = Process.Start(start)!;
        stdout = Process.StandardOutput.ReadToEndAsync();
        stderr = Process.StandardError.ReadToEndAsync();
    }

    /// <summary>True once it is paused; false when it ended first.</summary>
    public bool WaitForPause(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(mark))
        {
            if (Process.HasExited) return false;
            if (clock.Elapsed > limit) Assert.Fail($"mnemo did not reach its pause point in {limit.TotalSeconds:F0} s: {Output()}");
            Thread.Sleep(20);
        }
        return true;
    }

    /// <summary>Where it stopped, as the hook wrote it ("PID POINT").</summary>
    public string PausedAt => File.ReadAllText(mark).Trim();

    public void Release() => File.Delete(mark);

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    /// <summary>SIGKILL; false when it had ended already.</summary>
    public bool Kill()
    {
        if (Process.HasExited) return false;
        Assert.Equal(0, kill(Process.Id, 9));
        Assert.True(Process.WaitForExit(TimeSpan.FromSeconds(30)), "a SIGKILLed process did not end");
        return Process.ExitCode == 137;
    }

    public (int Exit, string Output) WaitForExit(TimeSpan limit)
    {
        if (!Process.WaitForExit(limit))
        {
            Process.Kill();
            Assert.Fail($"mnemo did not end in {limit.TotalSeconds:F0} s: {Output()}");
        }
        return (Process.ExitCode, Output());
    }

    string Output() => Process.HasExited ? stdout.Result + stderr.Result : "(still running)";

    public void Dispose()
    {
        if (!Process.HasExited) { kill(Process.Id, 9); Process.WaitForExit(); }
        Process.Dispose();
        File.Delete(mark);
    }
}
