using System.Net;
using System.Text;

namespace Mnemo.Report;

/// <summary>Renders report blocks as one self-contained HTML page (inline style, images by relative path).</summary>
static class HtmlWriter
{
    const string Style =
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}" +
        "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #ddd}" +
        "figcaption{font-style:italic;margin-bottom:2em}";

    public static string Render(string title, IEnumerable<Block> blocks)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine($"<title>{E(title)}</title><style>{Style}</style></head><body>");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h: html.AppendLine($"<h{h.Level}>{E(h.Text)}</h{h.Level}>"); break;
                case Paragraph p: html.AppendLine($"<p>{E(p.Text)}</p>"); break;
                case Bullets b:
                    html.AppendLine("<ul>");
                    foreach (string item in b.Items) html.AppendLine($"<li>{E(item)}</li>");
                    html.AppendLine("</ul>");
                    break;
                case Table t:
                    html.AppendLine("<table>");
                    html.AppendLine("<tr>" + string.Concat(t.Header.Select(c => $"<th>{E(c)}</th>")) + "</tr>");
                    foreach (var row in t.Rows) html.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td>{E(c)}</td>")) + "</tr>");
                    html.AppendLine("</table>");
                    break;
                case Figure f:
                    html.AppendLine($"<figure><img src=\"{E(f.Path)}\" alt=\"{E(f.Caption)}\"><figcaption>{E(f.Caption)}</figcaption></figure>");
                    break;
            }
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
