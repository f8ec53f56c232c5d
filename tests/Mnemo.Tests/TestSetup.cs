using System.Runtime.CompilerServices;
using Xunit;

// Torch's default generator and thread count are process-wide: tests that seed it or time it
// cannot share the process with others running at the same moment.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Mnemo.Tests;

static class TestSetup
{
    [ModuleInitializer]
    internal static void Init()
    {
        NativeSetup.Apply();
        NativeSetup.ChooseCpuKernels();
    }
}
