using System.Buffers;
using System.Net;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Mentoring.MailSink;

/// <summary>The SMTP side (the SmtpServer package) on loopback: every message goes into the <see cref="MailFolder"/>.</summary>
public sealed class SmtpListener(MailSinkOptions options, MailFolder folder, ILogger<SmtpListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var smtp = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, options.SmtpPort))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(folder, logger));
        logger.LogInformation("Catching mail on 127.0.0.1:{Port} into {Folder}", options.SmtpPort, options.Folder);
        return new SmtpServer.SmtpServer(smtp, services).StartAsync(stoppingToken);
    }

    private sealed class Store(MailFolder folder, ILogger logger) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await folder.SaveAsync(buffer.ToArray(), cancellationToken);
            logger.LogInformation("Caught a mail for {To}", string.Join(", ", transaction.To.Select(t => $"{t.User}@{t.Host}")));
            return SmtpResponse.Ok;
        }
    }
}
