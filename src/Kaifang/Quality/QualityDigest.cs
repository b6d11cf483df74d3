using System.Globalization;
using System.Text;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Quality;

/// The weekly digest: each dataset contact (聯絡人電子郵件) gets one e-mail listing their datasets that have
/// a fault, with what is wrong and where to fix it. Once per contact per ISO week, however often it runs.
public sealed class QualityDigest(KaifangDbContext db, QualityAssessment assessment, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public const string Topic = "quality-digest";

    public async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = Feedback.ReplyDeadline.TaipeiDate(now);
        var week = $"{ISOWeek.GetYear(today.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(today.ToDateTime(TimeOnly.MinValue)):00}";
        var sent = (await db.OutboxMessages.AsNoTracking().Where(m => m.Topic == Topic && m.Regarding == week).Select(m => m.To).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var judged = await assessment.AssessAsync(null, null, cancellationToken);
        var baseUrl = (kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/');
        var count = 0;
        foreach (var group in judged.Where(d => d.Faults > 0 && !string.IsNullOrWhiteSpace(d.ContactEmail) && Catalog.EmailAddresses.IsValid(d.ContactEmail.Trim()))
                     .GroupBy(d => d.ContactEmail!.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            if (sent.Contains(group.Key))
            {
                continue;
            }
            var body = new StringBuilder();
            body.AppendLine(CultureInfo.InvariantCulture, $"您負責的 {group.Count()} 個資料集有待改善之處。 {group.Count()} of your datasets need attention.");
            foreach (var d in group.OrderByDescending(d => d.Faults).ThenBy(d => d.Identifier, StringComparer.Ordinal))
            {
                body.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{d.Title}（{d.Identifier}）");
                if (d.NotUpdatedOnTime)
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"- {d.Freshness.Zh} {d.Freshness.En}");
                }
                foreach (var r in d.Resources.Where(r => r.Broken))
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"- 連結失效 Broken link: {r.Name} ({r.Check?.Error})");
                }
                foreach (var p in d.Problems)
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"- {p.Zh} {p.En}");
                }
                body.AppendLine(CultureInfo.InvariantCulture, $"{baseUrl}/admin/datasets/{d.Name}");
            }
            db.Enqueue(now, group.Key, $"資料品質週報 Weekly data quality digest {week}", body.ToString(), Topic, week);
            count++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return count;
    }
}

/// Sends the digest on Monday mornings (08:00 Taiwan time).
[DisallowConcurrentExecution]
public sealed class QualityDigestJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("quality-digest", "quality");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<QualityDigest>().SendAsync(cancellationToken);
    }
}

public sealed class QualityDigestSchedule(ISchedulerFactory schedulers, IOptions<QualityOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await Scheduling.ScheduledJobs.CronAsync<QualityDigestJob>(scheduler, QualityDigestJob.Key, options.Value.DigestSchedule, "Kaifang:Quality:DigestSchedule",
            "0 0 8 ? * MON", CronTriggerMisfireInstruction.FireAndProceed, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
