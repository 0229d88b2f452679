using MimeKit;

namespace Mentoring.MailSink;

/// <summary>One received mail as listed: when, from, to, subject, and its .eml file.</summary>
public sealed record MailSummary(DateTimeOffset Received, string From, string To, string Subject, string File);

/// <summary>The folder of received mails (.eml files named by arrival time).</summary>
public sealed class MailFolder(MailSinkOptions options)
{
    public async Task SaveAsync(byte[] message, CancellationToken ct)
    {
        var name = $"{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml";
        await File.WriteAllBytesAsync(Path.Combine(options.Folder, name), message, ct);
    }

    public IReadOnlyList<MailSummary> List() => Directory.EnumerateFiles(options.Folder, "*.eml")
        .OrderDescending().Take(200).Select(path =>
        {
            var message = MimeMessage.Load(path);
            return new MailSummary(File.GetCreationTimeUtc(path), message.From.ToString(), message.To.ToString(), message.Subject ?? "", Path.GetFileName(path));
        }).ToList();

    /// <summary>The path of a listed file; null for anything that is not one (no path tricks).</summary>
    public string? Open(string file) =>
        file.EndsWith(".eml", StringComparison.Ordinal) && Path.GetFileName(file) == file && File.Exists(Path.Combine(options.Folder, file))
            ? Path.Combine(options.Folder, file) : null;
}
