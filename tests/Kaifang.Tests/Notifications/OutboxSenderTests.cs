using System.Net;
using System.Net.Sockets;
using System.Text;
using Kaifang.Notifications;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Notifications;

/// The outbox delivered over a real SMTP conversation with a small server in the test process.
public sealed class OutboxSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    /// Accepts SMTP sessions, one after another or at once, and keeps what it was sent.
    private sealed class SmtpSink : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _serving;
        private readonly List<(string From, List<string> To, string Data)> _messages = [];
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public IReadOnlyList<(string From, List<string> To, string Data)> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public SmtpSink()
        {
            _listener.Start();
            _serving = AcceptAsync();
        }

        private async Task AcceptAsync()
        {
            var sessions = new List<Task>();
            try
            {
                while (true)
                {
                    sessions.Add(ServeAsync(await _listener.AcceptTcpClientAsync()));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The listener was stopped.
            }
            await Task.WhenAll(sessions);
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var _ = client;
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink.test ESMTP");
            string from = "";
            var to = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink.test");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "MAIL":
                        from = line;
                        to = [];
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to.Add(line);
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go on");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } d && d != ".")
                        {
                            data.AppendLine(d);
                        }
                        lock (_messages)
                        {
                            _messages.Add((from, to, data.ToString()));
                        }
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                await _serving.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException or IOException)
            {
                // The session ended with the listener.
            }
        }
    }

    private static FeedbackAppFactory App(int port) => new(Now, new()
    {
        ["Kaifang:Mail:SmtpHost"] = "127.0.0.1",
        ["Kaifang:Mail:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Kaifang:Mail:Security"] = "None",
        ["Kaifang:Mail:From"] = "opendata@mol.gov.tw",
        // The tests send themselves, so the app's own look at the outbox does not race them.
        ["Kaifang:Mail:PollSeconds"] = "0",
    });

    private static async Task<int> SendAsync(FeedbackAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Waiting_messages_are_sent_once_and_marked_sent()
    {
        await using var sink = new SmtpSink();
        using var app = App(sink.Port);
        app.WithDb(db =>
        {
            db.Enqueue(Now, "bli-officer@example.gov.tw", "[FB-2026-000001] 提醒：意見回覆期限", "請於 2026-12-02 前回覆。", "feedback-reminder", "FB-2026-000001");
            return db.SaveChanges();
        });
        Assert.Equal(1, await SendAsync(app));
        var (from, to, data) = Assert.Single(sink.Messages);
        Assert.Contains("opendata@mol.gov.tw", from, StringComparison.Ordinal);
        Assert.Contains("bli-officer@example.gov.tw", Assert.Single(to), StringComparison.Ordinal);
        Assert.Contains("X-Kaifang-Topic: feedback-reminder", data, StringComparison.Ordinal);
        var message = app.WithDb(db => db.OutboxMessages.AsNoTracking().Single());
        Assert.Equal(Now, message.SentAt);
        Assert.Equal(1, message.Attempts);
        // Sent once: nothing is due any more.
        Assert.Equal(0, await SendAsync(app));
    }

    [Fact]
    public async Task An_unreachable_server_leaves_the_message_waiting_and_tries_again_later()
    {
        var port = LoopbackServer.FreePort();
        using var app = App(port);
        app.WithDb(db =>
        {
            db.Enqueue(Now, "bli-admin@example.gov.tw", "逾期", "逾期未回覆。", "feedback-escalation", "FB-2026-000001");
            return db.SaveChanges();
        });
        Assert.Equal(0, await SendAsync(app));
        var message = app.WithDb(db => db.OutboxMessages.AsNoTracking().Single());
        Assert.Null(message.SentAt);
        Assert.Equal(1, message.Attempts);
        Assert.False(message.GaveUp);
        Assert.Contains($"127.0.0.1:{port}", message.LastError, StringComparison.Ordinal);
        Assert.Equal(Now.AddMinutes(1), message.NextAttemptAt);
        // Not due again until a minute has passed.
        Assert.Equal(0, await SendAsync(app));
        Assert.Equal(1, app.WithDb(db => db.OutboxMessages.AsNoTracking().Single()).Attempts);
    }

    [Fact]
    public async Task Two_senders_at_once_send_each_message_once()
    {
        // As two nodes would: both look at the outbox at the same moment; the sink takes one session only.
        await using var sink = new SmtpSink();
        using var app = App(sink.Port);
        app.WithDb(db =>
        {
            for (var i = 1; i <= 3; i++)
            {
                db.Enqueue(Now, $"officer{i}@example.gov.tw", $"通知 {i}", "請回覆。", "feedback-reminder", $"FB-2026-00000{i}");
            }
            return db.SaveChanges();
        });
        var sent = await Task.WhenAll(SendAsync(app), SendAsync(app));
        Assert.Equal(3, sent.Sum());
        Assert.Equal(3, sink.Messages.Count);
        Assert.Equal(3, sink.Messages.Select(m => Assert.Single(m.To)).Distinct().Count());
        Assert.All(app.WithDb(db => db.OutboxMessages.AsNoTracking().ToList()), m => Assert.Equal(1, m.Attempts));
    }
}
