namespace Mentoring.Scheduling.Notifications;

/// <summary>Settings of <c>Notifications:Email</c>: off unless enabled; plain SMTP on loopback by default (a local sink).</summary>
public sealed class EmailOptions
{
    public const string Section = "Notifications:Email";

    public bool Enabled { get; set; }
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    public string From { get; set; } = "Mentoring <mentoring@localhost>";
    /// <summary>STARTTLS when the server offers it (required for anything but loopback in production).</summary>
    public bool StartTls { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
