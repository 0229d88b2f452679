using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mentoring.MailSink;

/// <summary>
/// A local mail catcher: accepts SMTP on loopback (<c>MailSink:SmtpPort</c>, default 2525), keeps each
/// message as an .eml file in <c>MailSink:Folder</c>, and lists them on a web page
/// (<c>MailSink:HttpPort</c>, default 8025). It never relays anything anywhere.
/// </summary>
public static class MailSinkApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection("MailSink").Get<MailSinkOptions>() ?? new MailSinkOptions();
        Directory.CreateDirectory(options.Folder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailFolder>();
        builder.Services.AddHostedService<SmtpListener>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.HttpPort, l => l.Protocols = HttpProtocols.Http1));

        var app = builder.Build();
        app.MapGet("/healthz/live", () => Results.Ok("live"));
        app.MapGet("/healthz/ready", () => Results.Ok("ready"));
        app.MapGet("/", (MailFolder folder) => Results.Content(MailPage.Render(folder.List()), "text/html; charset=utf-8"));
        app.MapGet("/messages/{file}", (string file, MailFolder folder) =>
            folder.Open(file) is { } path ? Results.File(path, "message/rfc822", file) : Results.NotFound());
        return app;
    }
}

public sealed class MailSinkOptions
{
    public int SmtpPort { get; set; } = 2525;
    public int HttpPort { get; set; } = 8025;
    public string Folder { get; set; } = Path.Combine(Path.GetTempPath(), "mentoring-mail");
}
