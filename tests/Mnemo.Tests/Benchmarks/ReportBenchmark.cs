using Mnemo.Report;
using Xunit;
using Xunit.Abstractions;

namespace Mnemo.Tests.Benchmarks;

/// <summary>
/// The report on a paper-sized simulated study (4 paradigms x 30 runs x 500 epochs x M = 10 x K = 1024;
/// about 600 MB of records in a temporary folder). Prints the time of each stage; the budget is 30 s
/// on 2 cores. Run with: dotnet test --filter Category=Benchmark
/// </summary>
public class ReportBenchmark(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Benchmark")]
    public void PaperSizedStudy()
    {
        var timings = AnalysisBenchmark.Run();
        output.WriteLine(timings.ToString());
        Assert.True(timings.ReportSeconds > 0);
    }
}
