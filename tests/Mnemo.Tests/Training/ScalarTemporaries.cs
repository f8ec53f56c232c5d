using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mnemo.Tests.Training;

/// <summary>
/// Finds, in C# source, every place where libtorch gets a TorchSharp Scalar that nothing holds while the native call
/// reads it: a number converted on the fly (<c>t.mul(2.0)</c>, <c>t * 2</c>), a <c>ToScalar()</c> or <c>new Scalar</c>
/// made inside the call, and the TorchSharp 0.107 overloads that make one of their own (<c>add</c> and <c>add_</c>
/// without alpha, <c>addcdiv</c> without value, the tensor <c>+</c>, a number minus a tensor). A garbage collection on
/// another thread can finalise such a Scalar mid-call ("Expected false to be true ... toFloat"); a Scalar in a local,
/// field, parameter or property lives to the end of the call.
/// </summary>
public static class ScalarTemporaries
{
    /// <summary>"file:line: what" for each temporary, in the order of the files given.</summary>
    public static IReadOnlyList<string> Find(Compilation compilation)
    {
        var found = new List<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                string? what = node switch
                {
                    ArgumentSyntax argument => Unheld(model, argument.Expression),
                    InvocationExpressionSyntax call => HiddenInCall(model, call),
                    BinaryExpressionSyntax binary => HiddenInOperator(model, binary, binary.Left, binary.Right),
                    AssignmentExpressionSyntax compound when !compound.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        => HiddenInOperator(model, compound, compound.Left, compound.Right),
                    _ => null,
                };
                if (what is null) continue;
                var line = tree.GetLineSpan(node.Span).StartLinePosition.Line + 1;
                found.Add($"{Path.GetFileName(tree.FilePath)}:{line}: {what}: {node.ToString().Split('\n')[0].Trim()}");
            }
        }
        return found;
    }

    /// <summary>The errors that would leave the check blind (a type it cannot resolve is a call it cannot see).</summary>
    public static IReadOnlyList<string> Errors(Compilation compilation) =>
        [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];

    static bool IsScalar(ITypeSymbol? type) => type is { Name: "Scalar", ContainingNamespace.Name: "TorchSharp" };
    static bool IsTensor(ITypeSymbol? type) => type is { Name: "Tensor", ContainingType.Name: "torch" };
    static bool IsTorchSharp(ISymbol symbol) => symbol.ContainingAssembly?.Name == "TorchSharp";

    // An expression given where a Scalar is taken, unless a variable holds that Scalar.
    static string? Unheld(SemanticModel model, ExpressionSyntax expression)
    {
        var type = model.GetTypeInfo(expression);
        if (!IsScalar(type.ConvertedType)) return null;
        if (expression is ConditionalExpressionSyntax conditional)
            return Unheld(model, conditional.WhenTrue) ?? Unheld(model, conditional.WhenFalse);
        if (expression.IsKind(SyntaxKind.NullLiteralExpression) || expression is ParenthesizedExpressionSyntax { Expression: LiteralExpressionSyntax lit } && lit.IsKind(SyntaxKind.NullLiteralExpression))
            return null;
        if (!IsScalar(type.Type)) return "a number made into a Scalar for the call";
        if (expression is ElementAccessExpressionSyntax element && model.GetTypeInfo(element.Expression).Type is IArrayTypeSymbol)
            return null;   // the array holds it
        return model.GetSymbolInfo(expression).Symbol is ILocalSymbol or IFieldSymbol or IParameterSymbol or IPropertySymbol
            ? null : "a Scalar made for the call";
    }

    static string? HiddenInCall(SemanticModel model, InvocationExpressionSyntax call)
    {
        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method || !IsTorchSharp(method)) return null;
        int arguments = method.Parameters.Length;
        return (method.Name, arguments) switch
        {
            ("add" or "add_", 1) when IsTensor(method.ContainingType) => $"{method.Name} without alpha makes its alpha on the fly",
            ("add", 2) when !IsTensor(method.ContainingType) && method.IsStatic => "torch.add without alpha makes its alpha on the fly",
            ("addcdiv" or "addcdiv_", 2) => $"{method.Name} without value makes its value on the fly",
            _ => null,
        };
    }

    static string? HiddenInOperator(SemanticModel model, SyntaxNode node, ExpressionSyntax left, ExpressionSyntax right)
    {
        if (model.GetSymbolInfo(node).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op || !IsTorchSharp(op))
            return null;
        if (op.Parameters.Any(p => p.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
                                   or SpecialType.System_Single or SpecialType.System_Double))
            return $"{op.Name} with a number makes a Scalar on the fly";
        if (op.Name == "op_Addition") return "the tensor + is add without alpha";
        if (op.Name == "op_Subtraction" && IsScalar(op.Parameters[0].Type)) return "a Scalar minus a tensor is add without alpha";
        return Unheld(model, left) ?? Unheld(model, right);
    }

    /// <summary>The sources compiled against the assemblies this test process runs with (TorchSharp among them).</summary>
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, string name = "ScalarCheck",
                                            OutputKind kind = OutputKind.DynamicallyLinkedLibrary, Compilation? uses = null)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var usings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic;" +
            "global using System.Threading; global using System.Threading.Tasks; global using System.Net.Http;", parse, "GlobalUsings.cs");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("Mnemo", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(name,
            [usings, .. sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path))],
            uses is null ? references : [.. references, uses.ToMetadataReference()],
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }
}
