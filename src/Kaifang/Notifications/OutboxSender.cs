using Kaifang.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kaifang.Notifications;

/// Delivers the outbox by SMTP: oldest first, each message once; a failed one is tried again
/// later, waiting twice as long each time, and given up after <see cref="MailOptions.MaxAttempts"/>.
/// Several web nodes may run it: a message is claimed by setting its next attempt before it is sent.
public sealed class OutboxSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider time, ILogger<OutboxSender> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("No SMTP host is configured (Kaifang:Mail:SmtpHost): notices wait in the outbox.");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sending the outbox failed; trying again in {Interval}", PollInterval);
            }
            await Task.Delay(PollInterval, time, stoppingToken);
        }
    }

    /// Sends what is due now; returns how many were sent.
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var mail = options.Value;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var now = time.GetUtcNow();
        var due = await db.OutboxMessages
            .Where(m => m.SentAt == null && !m.GaveUp && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }
        // Claimed for a while, so another node does not send the same messages meanwhile.
        foreach (var message in due)
        {
            message.NextAttemptAt = now.AddMinutes(10);
        }
        await db.SaveChangesAsync(cancellationToken);

        var sent = 0;
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(mail.SmtpHost!, mail.SmtpPort, SecurityOf(mail.Security), cancellationToken);
            if (!string.IsNullOrEmpty(mail.UserName))
            {
                await client.AuthenticateAsync(mail.UserName, mail.Password ?? "", cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var message in due)
            {
                Failed(message, $"Could not reach the SMTP server {mail.SmtpHost}:{mail.SmtpPort}: {e.Message}", now, mail.MaxAttempts);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            return 0;
        }
        foreach (var message in due)
        {
            try
            {
                await client.SendAsync(ToMime(message, mail), cancellationToken);
                message.SentAt = time.GetUtcNow();
                message.Attempts++;
                message.LastError = null;
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(message, e.Message, now, mail.MaxAttempts);
            }
            // Saved one by one: a message that went out is never sent again because a later one failed.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
        return sent;
    }

    private static void Failed(OutboxMessage message, string error, DateTimeOffset now, int maxAttempts)
    {
        message.Attempts++;
        message.LastError = error;
        message.GaveUp = message.Attempts >= maxAttempts;
        message.NextAttemptAt = now.AddMinutes(Math.Pow(2, Math.Min(message.Attempts - 1, 16)));
    }

    private static SecureSocketOptions SecurityOf(string security) => security.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        "AUTO" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.StartTls,
    };

    private static MimeMessage ToMime(OutboxMessage message, MailOptions mail)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(mail.FromName, mail.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        mime.Headers.Add("X-Kaifang-Topic", message.Topic);
        return mime;
    }
}
