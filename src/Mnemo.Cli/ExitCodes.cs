namespace Mnemo.Cli;

/// <summary>What mnemo's exit status says; scripts (and `mnemo run`, of its `mnemo train` children) act on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Runs failed (each says why), `mnemo verify` found a damaged run, or an unexpected I/O error.</summary>
    public const int Failed = 1;
    /// <summary>Bad input: an option, a folder, a file; one line says which.</summary>
    public const int BadInput = 2;
    /// <summary>The file system refused: no space, read-only, permission, a vanished folder (sysexits' EX_IOERR). Fix it and resume.</summary>
    public const int Storage = 74;
    /// <summary>The run is being trained by another live process (sysexits' EX_TEMPFAIL): nothing was done to it.</summary>
    public const int Busy = 75;
    /// <summary>Stopped by SIGTERM or SIGINT after saving a checkpoint.</summary>
    public const int Stopped = Mnemo.Cluster.SlurmArray.StoppedExitCode;
}
