using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>
/// One case at one thread count: each side's images per second in each round (round r of Mnemo ran just before round r
/// of PyTorch), their medians, and the ratio of the medians beside the range of the round-by-round ratios: on a shared
/// machine the range says how far one ratio can be trusted.
/// </summary>
public sealed record SideBySide(BenchCase Case, int Threads, IReadOnlyList<double> MnemoRounds, IReadOnlyList<double> PyTorchRounds)
{
    public double Mnemo => Median(MnemoRounds);
    public double PyTorch => Median(PyTorchRounds);
    public double Ratio => Mnemo / PyTorch;

    public IReadOnlyList<double> PairRatios => [.. MnemoRounds.Zip(PyTorchRounds, (m, p) => m / p)];

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Mnemo against Debian's PyTorch on the same CIFAR ResNet-18 layout, batch, input and thread count, in one
/// run: rounds alternate between the two (Mnemo in this process, PyTorch in python/bench_pytorch.py), so both
/// meet the same noise of a shared machine, and each side's median over the rounds is compared.
/// </summary>
public static class PyTorchComparison
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The script beside the executable (the build copies python/ there).</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "python", "bench_pytorch.py");

    /// <summary>Installs Debian's python3-torch when /usr/bin/python3 cannot import torch (as root, or through sudo).</summary>
    public static void EnsurePyTorch(Action<string> say)
    {
        if (Succeeds(Python, "-c", "import torch")) return;
        say("installing Debian's python3-torch for the comparison (apt-get install python3-torch python3-numpy; about 830 MB)");
        string[] install = ["apt-get", "install", "-y", "-q", "python3-torch", "python3-numpy"];
        bool root = Environment.UserName == "root";
        if (!(root ? Succeeds("apt-get", "update", "-q") && Succeeds(install) : Succeeds(["sudo", "-n", .. install])))
            throw new MnemoException("could not install python3-torch (run `sudo apt-get install python3-torch python3-numpy`, then the benchmark again)");
        if (!Succeeds(Python, "-c", "import torch"))
            throw new MnemoException($"{Python} still cannot import torch after installing python3-torch");
    }

    public static IReadOnlyList<SideBySide> Run(IReadOnlyList<BenchCase> cases, IReadOnlyList<int> threadCounts, double seconds,
                                                int rounds, Device device, Action<string>? say = null)
    {
        if (!File.Exists(Script)) throw new MnemoException($"{Script}: the PyTorch side of the benchmark is missing (rebuild mnemo)");
        string casesPath = Path.Combine(Path.GetTempPath(), $"mnemo-bench-{Environment.ProcessId}.json");
        File.WriteAllText(casesPath, JsonSerializer.Serialize(cases.Select(c => new
        {
            name = c.Name, step = c.Step.ToString().ToLowerInvariant(), channels = c.Channels, size = c.Size,
            width = c.Width, output_dim = c.OutputDim, batch = c.Batch,
        })));
        int before = get_num_threads();
        try
        {
            var results = new List<SideBySide>();
            foreach (int threads in threadCounts)
            {
                set_num_threads(threads);
                var mnemo = cases.ToDictionary(c => c.Name, _ => new List<double>());
                var pytorch = cases.ToDictionary(c => c.Name, _ => new List<double>());
                for (int round = 1; round <= rounds; round++)
                {
                    say?.Invoke($"{threads} thread{(threads > 1 ? "s" : "")}, round {round} of {rounds}: Mnemo");
                    foreach (var c in cases) mnemo[c.Name].Add(Throughput.ImagesPerSecond(c, seconds, device));
                    say?.Invoke($"{threads} thread{(threads > 1 ? "s" : "")}, round {round} of {rounds}: PyTorch");
                    foreach (var (name, rate) in PythonRound(casesPath, threads, seconds)) pytorch[name].Add(rate);
                }
                results.AddRange(cases.Select(c => new SideBySide(c, threads, mnemo[c.Name], pytorch[c.Name])));
            }
            return results;
        }
        finally
        {
            set_num_threads(before);
            File.Delete(casesPath);
        }
    }

    static Dictionary<string, double> PythonRound(string casesPath, int threads, double seconds)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Script, "--threads", threads.ToString(), "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cases", casesPath })
            start.ArgumentList.Add(a);
        // The same OpenMP wait policy as this process (NativeSetup sets PASSIVE unless the user chose).
        start.Environment["OMP_WAIT_POLICY"] = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE";
        using var p = Process.Start(start) ?? throw new MnemoException($"could not start {Python}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new MnemoException($"{Script} failed (exit {p.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        return JsonSerializer.Deserialize<Dictionary<string, double>>(stdout.Trim().Split('\n')[^1])
            ?? throw new MnemoException($"{Script}: no result");
    }

    static bool Succeeds(params string[] command)
    {
        try
        {
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEndAsync();
            p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }   // no such program
    }
}
