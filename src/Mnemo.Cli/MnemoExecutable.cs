using System.Reflection;
using Mnemo.Cluster;

namespace Mnemo.Cli;

/// <summary>How another process starts this mnemo (a Slurm task, a parallel run): the apphost itself, or dotnet and mnemo.dll.</summary>
public static class MnemoExecutable
{
    public static string[] Command(string? given)
    {
        if (given is not null)
        {
            string path = Path.GetFullPath(given);
            if (!File.Exists(path)) throw new MnemoException($"--mnemo {given}: no such file");
            return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [DotnetHost(), path] : [path];
        }
        return This() ?? throw new MnemoException(
            "cannot tell which mnemo executable this is (run in-process?); give --mnemo PATH (the mnemo executable or mnemo.dll)");
    }

    /// <summary>This process's own command line head, or null when mnemo runs inside another program (a test host).</summary>
    public static string[]? This()
    {
        string? process = Environment.ProcessPath;
        string? entry = Assembly.GetEntryAssembly()?.Location;
        bool isMnemo = entry is not null && Path.GetFileName(entry).Equals("mnemo.dll", StringComparison.OrdinalIgnoreCase);
        if (process is null || !isMnemo) return null;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entry!] : [process];
    }

    static string DotnetHost()
    {
        if (Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet") return p;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        return SlurmArray.FindOnPath("dotnet") ?? "dotnet";
    }
}
