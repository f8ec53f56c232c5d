using Mnemo.Study;

namespace Mnemo.Analysis;

/// <summary>What one planned run left on disk: how many epochs its recognition records hold.</summary>
public sealed record RunRecord(string Paradigm, int Seed, int? EpochsRecorded, int EpochsPlanned, RunState? State, string? Error)
{
    public string Name => $"{Paradigm}/seed-{Seed}";

    /// <summary>Records exist and hold every planned epoch.</summary>
    public bool Complete => EpochsRecorded >= EpochsPlanned;

    /// <summary>One line for the report, e.g. "simclr/seed-3: 12 of 20 epochs (running)".</summary>
    public string Describe()
    {
        string held = EpochsRecorded is int e ? $"{e} of {EpochsPlanned} epochs" : "no records";
        string state = State switch
        {
            null => "",
            RunState.Failed when Error is not null => $" (failed: {Error})",
            var s => $" ({s.Value.ToString().ToLowerInvariant()})",
        };
        return $"{Name}: {held}{state}";
    }
}
