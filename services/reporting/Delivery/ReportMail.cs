using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mentoring.Reporting.Delivery;

/// <summary>Where reports are mailed (docs/reporting.md, "Delivery by e-mail"); no recipients, no mail.</summary>
public sealed record ReportMailOptions
{
    public IReadOnlyList<string> To { get; init; } = [];
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 25;
    public string From { get; init; } = "Mentoring reports <reports@localhost>";
    public bool StartTls { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
}

/// <summary>Mails a finished report: a short text, the HTML report and its JSON attached.</summary>
public static class ReportMail
{
    public static async Task SendAsync(ReportMailOptions o, string programme, string periodKey, IReadOnlyDictionary<string, byte[]> files, CancellationToken ct)
    {
        var message = new MimeMessage { Subject = $"Programme report {periodKey}: {programme}" };
        message.From.Add(MailboxAddress.Parse(o.From));
        foreach (var to in o.To) message.To.Add(MailboxAddress.Parse(to));
        var body = new BodyBuilder
        {
            TextBody = $"The report of {programme} for {periodKey} is attached (report.html opens in any browser; report.json holds the same figures).\n" +
                       "Every figure drawn from fewer than 5 people is withheld.\n",
        };
        foreach (var name in new[] { "report.html", "report.json" })
            if (files.TryGetValue(name, out var content))
                body.Attachments.Add(name, content, ContentType.Parse(name.EndsWith(".html", StringComparison.Ordinal) ? "text/html" : "application/json"));
        message.Body = body.ToMessageBody();

        using var smtp = new SmtpClient { Timeout = 30_000 };
        await smtp.ConnectAsync(o.Host, o.Port, o.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.User)) await smtp.AuthenticateAsync(o.User, o.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
