using System.Net;
using System.Text;

namespace Mentoring.MailSink;

/// <summary>The list of caught mails as a small HTML page, newest first.</summary>
public static class MailPage
{
    public static string Render(IReadOnlyList<MailSummary> mails)
    {
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mentoring: caught mail</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ccc;text-align:left}</style>
            </head><body><h1>Caught mail (development only)</h1>
            """);
        if (mails.Count == 0) html.Append("<p>No mail yet.</p>");
        else
        {
            html.Append("<table><thead><tr><th>Received (UTC)</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>");
            foreach (var m in mails)
                html.Append($"<tr><td>{m.Received:yyyy-MM-dd HH:mm:ss}</td><td>{E(m.From)}</td><td>{E(m.To)}</td><td><a href=\"/messages/{E(m.File)}\">{E(m.Subject)}</a></td></tr>");
            html.Append("</tbody></table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
