using Microsoft.CodeAnalysis;
using Xunit;

namespace Mnemo.Tests.Training;

/// <summary>
/// The static half of the Scalar-lifetime fix: ScalarLifetimeTests shows the race under collections (it fails about
/// once in three runs when one temporary is left); this check names every temporary in the product's source, so none
/// can come back unseen.
/// </summary>
public class ScalarTemporaryTests
{
    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mnemo.slnx"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Mnemo.slnx) is not above the test's folder");
    }

    static IEnumerable<(string, string)> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(RepositoryRoot(), f), File.ReadAllText(f)));

    [Fact]
    public void No_number_reaches_libtorch_as_a_Scalar_nothing_holds()
    {
        // The library and the CLI over it, each as its project builds it.
        var library = ScalarTemporaries.Compile(Sources("Mnemo"), "Mnemo.Core");
        var cli = ScalarTemporaries.Compile(Sources("Mnemo.Cli"), "mnemo", OutputKind.ConsoleApplication, uses: library);
        var errors = ScalarTemporaries.Errors(library).Concat(ScalarTemporaries.Errors(cli)).ToList();
        Assert.True(errors.Count == 0, "the check cannot see through compile errors:\n" + string.Join("\n", errors.Take(10)));
        Assert.True(library.SyntaxTrees.Count() > 100 && cli.SyntaxTrees.Count() > 10, "the product's sources were not found");
        var found = ScalarTemporaries.Find(library).Concat(ScalarTemporaries.Find(cli)).ToList();
        Assert.True(found.Count == 0, $"{found.Count} temporary Scalars:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_check_names_each_kind_of_temporary_and_passes_held_ones()
    {
        const string code = """
            using TorchSharp;
            using static TorchSharp.torch;
            static class Sample
            {
                static readonly Scalar One = 1;
                static readonly Scalar[] Some = [1, 2];
                static Tensor Held(Tensor t, Tensor u, Scalar given)
                {
                    using Scalar two = 2.0.ToScalar();
                    Scalar? none = null;
                    return t.mul(two).add(u, One).add_(given, One).clamp(none, given).addcdiv_(t, u, two) * two - u - Some[1];
                }
                static Tensor Temporaries(Tensor t, Tensor u, bool flag)
                {
                    var a = t.mul(2.0);                  // 1: number made into a Scalar
                    var b = t.mul(2.0.ToScalar());       // 2: Scalar made for the call
                    var c = t.add_(u);                   // 3: add_ without alpha
                    var d = t.add(One);                  // 4: add without alpha
                    var e = t.addcdiv_(t, u);            // 5: addcdiv_ without value
                    var f = t + u;                       // 6: tensor +
                    var g = t * 3;                       // 7: operator with a number
                    var h = One - t;                     // 8: Scalar minus tensor
                    var i = t.pow(flag ? One : 2);       // 9: one branch is a number
                    t -= 1.5;                            // 10: compound with a number
                    return a + b;                        // 11: tensor +
                }
            }
            """;
        var compilation = ScalarTemporaries.Compile([("Sample.cs", code)]);
        Assert.Empty(ScalarTemporaries.Errors(compilation));
        var found = ScalarTemporaries.Find(compilation);
        int[] lines = [.. found.Select(f => int.Parse(f.Split(':')[1]))];
        Assert.True(lines.All(l => l >= 15), "a held Scalar was reported:\n" + string.Join("\n", found));
        Assert.Equal(Enumerable.Range(15, 11).ToArray(), lines.Distinct().Order().ToArray());
    }
}
