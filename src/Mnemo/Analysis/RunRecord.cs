using Mnemo.Study;

namespace Mnemo.Analysis;

/// <summary>What one planned run left on disk: how many epochs its recognition records hold, or why it is not
/// analysed (<paramref name="Damage"/>: a file missing, changed or with impossible values, see <see cref="StudyVerify"/>).</summary>
public sealed record RunRecord(string Paradigm, int Seed, int? EpochsRecorded, int EpochsPlanned, RunState? State, string? Error,
                               string? Damage = null, RunIntegrity? Integrity = null)
{
    public string Name => $"{Paradigm}/seed-{Seed}";

    /// <summary>Intact records that hold every planned epoch.</summary>
    public bool Complete => Damage is null && EpochsRecorded >= EpochsPlanned;

    public bool Damaged => Damage is not null;

    /// <summary>One line for the report, e.g. "simclr/seed-3: 12 of 20 epochs (running)".</summary>
    public string Describe()
    {
        if (Damage is not null) return $"{Name}: damaged, not analysed: {Damage}";
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
