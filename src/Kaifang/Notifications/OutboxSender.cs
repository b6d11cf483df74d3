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
/// Several web nodes may run it: a message is claimed before it is sent by moving its next attempt
/// forward in one conditional update, which only one node can win.
public sealed class OutboxSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider time, ILogger<OutboxSender> log) : BackgroundService
{
    private const int BatchSize = 50;

    /// How long a claimed message is left to the node that claimed it, should that node stop while sending.
    private static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("No SMTP host is configured (Kaifang:Mail:SmtpHost): notices wait in the outbox.");
            return;
        }
        if (options.Value.PollSeconds <= 0)
        {
            log.LogInformation("Kaifang:Mail:PollSeconds is 0: this node leaves sending the outbox to others.");
            return;
        }
        var interval = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sending the outbox failed; trying again in {Interval}", interval);
            }
            await Task.Delay(interval, time, stoppingToken);
        }
    }

    /// Sends what is due now; returns how many were sent.
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var mail = options.Value;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var now = time.GetUtcNow();
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && !m.GaveUp && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id).Take(BatchSize).Select(m => new { m.Id, m.NextAttemptAt }).ToListAsync(cancellationToken);
        // Each message is claimed only if no other node has moved its next attempt since it was read.
        var claimed = new List<long>();
        var claimedUntil = now + ClaimTime;
        foreach (var candidate in candidates)
        {
            var won = await db.OutboxMessages
                .Where(m => m.Id == candidate.Id && m.SentAt == null && m.NextAttemptAt == candidate.NextAttemptAt)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, claimedUntil), cancellationToken);
            if (won == 1)
            {
                claimed.Add(candidate.Id);
            }
        }
        if (claimed.Count == 0)
        {
            return 0;
        }
        var due = await db.OutboxMessages.Where(m => claimed.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);

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
