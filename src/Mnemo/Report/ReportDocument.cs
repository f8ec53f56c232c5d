namespace Mnemo.Report;

/// <summary>The report page as plain blocks, written once and rendered as Markdown and as HTML.</summary>
abstract record Block;
sealed record Heading(int Level, string Text) : Block;
sealed record Paragraph(string Text) : Block;
sealed record Bullets(IReadOnlyList<string> Items) : Block;
sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;
/// <summary>An image beside the page, by relative path.</summary>
sealed record Figure(string Path, string Caption) : Block;
