using System.Text;

namespace Mnemo.Report;

/// <summary>Renders report blocks as GitHub-flavoured Markdown.</summary>
static class MarkdownWriter
{
    public static string Render(IEnumerable<Block> blocks)
    {
        var md = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h: md.Append('#', h.Level).Append(' ').AppendLine(h.Text); break;
                case Paragraph p: md.AppendLine(p.Text); break;
                case Bullets b: foreach (string item in b.Items) md.Append("- ").AppendLine(item); break;
                case Table t:
                    md.AppendLine(Row(t.Header));
                    md.AppendLine(Row(t.Header.Select(_ => "---").ToList()));
                    foreach (var row in t.Rows) md.AppendLine(Row(row));
                    break;
                case Figure f: md.AppendLine($"![{f.Caption}]({f.Path})").AppendLine().AppendLine($"*{f.Caption}*"); break;
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    static string Row(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|"))) + " |";
}
