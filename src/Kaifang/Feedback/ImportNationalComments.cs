using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Interop.NationalPlatform;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sylvan.Data.Csv;

namespace Kaifang.Feedback;

public sealed record CommentImportResult(int RowsRead, int Created, int Updated, int Duplicates, IReadOnlyList<BadRow> BadRows);

/// Imports the comments received on the national platform (data.gov.tw), as CSV or JSON with the
/// columns of its comment list, so every comment is tracked here whatever its origin (ACTION-PLAN S10).
/// A comment seen before is recognised by its number there, or, without one, by its dataset, time and
/// text; a reply given there since is added. Bad rows are reported and skipped, never the whole file.
public sealed class ImportNationalComments(
    KaifangDbContext db, AgencyDirectory agencies, OfficeCalendars calendars, FeedbackPeople people,
    IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    /// The columns read, by their national-platform names, each with the other names accepted for it.
    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        ["意見編號"] = ["意見編號", "編號", "id", "comment_id"],
        ["資料集識別碼"] = ["資料集識別碼", "識別碼", "dataset", "dataset_id", "identifier"],
        ["資料集名稱"] = ["資料集名稱", "dataset_title"],
        ["提供機關"] = ["提供機關", "機關", "agency"],
        ["意見類型"] = ["意見類型", "類型", "kind", "type"],
        ["意見標題"] = ["意見標題", "標題", "主旨", "subject", "title"],
        ["意見內容"] = ["意見內容", "內容", "body", "content"],
        ["意見時間"] = ["意見時間", "留言時間", "建立時間", "提問時間", "created", "created_at"],
        ["電子郵件"] = ["電子郵件", "email", "e-mail"],
        ["回覆內容"] = ["回覆內容", "回覆", "reply"],
        ["回覆時間"] = ["回覆時間", "回覆日期", "replied", "replied_at"],
    };

    private static string? Canonical(string header)
    {
        var h = header.Trim().TrimStart('\uFEFF');
        return Columns.FirstOrDefault(c => c.Value.Any(a => string.Equals(a, h, StringComparison.OrdinalIgnoreCase))).Key;
    }

    public async Task<CommentImportResult> ImportCsvAsync(Stream csv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var (text, _) = await TextDecoding.OpenAsync(csv, null, cancellationToken);
        using (text)
        {
            await using var reader = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = 4 * 1024 * 1024 }, cancellationToken);
            var headers = Enumerable.Range(0, reader.FieldCount).Select(i => Canonical(reader.GetName(i))).ToList();
            RequireColumns(headers);
            var rows = new List<Dictionary<string, string>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < headers.Count; i++)
                {
                    if (headers[i] is { } name)
                    {
                        row[name] = reader.GetString(i);
                    }
                }
                rows.Add(row);
            }
            return await ImportRowsAsync(rows, cancellationToken);
        }
    }

    /// An array of objects keyed by the same column names, or an object holding such an array under "comments" or "data".
    public async Task<CommentImportResult> ImportJsonAsync(Stream json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, default, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The file is not JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                root = root.TryGetProperty("comments", out var c) ? c : root.TryGetProperty("data", out var d) ? d : root;
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("The JSON must be an array of comments, or an object with a \"comments\" array.");
            }
            var rows = new List<Dictionary<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in root.EnumerateArray())
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                if (item.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in item.EnumerateObject())
                    {
                        if (Canonical(property.Name) is { } name)
                        {
                            seen.Add(name);
                            row[name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.ToString();
                        }
                    }
                }
                rows.Add(row);
            }
            if (rows.Count > 0)
            {
                RequireColumns([.. seen]);
            }
            return await ImportRowsAsync(rows, cancellationToken);
        }
    }

    private static void RequireColumns(IReadOnlyCollection<string?> headers)
    {
        string[] required = ["意見內容", "意見時間"];
        var missing = required.Where(r => !headers.Contains(r)).ToList();
        if (!headers.Contains("資料集識別碼") && !headers.Contains("提供機關"))
        {
            missing.Add("資料集識別碼 / 提供機關");
        }
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"缺少欄位：{string.Join("、", missing)}。Missing columns: {string.Join(", ", missing)}. " +
                $"The columns read are {string.Join(", ", Columns.Keys)} (other accepted names: {string.Join(", ", Columns.Values.SelectMany(v => v.Skip(1)))}).");
        }
    }

    private async Task<CommentImportResult> ImportRowsAsync(List<Dictionary<string, string>> rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var bad = new List<BadRow>();
        int created = 0, updated = 0, duplicates = 0;
        var identifiers = rows.Select(r => Cell(r, "資料集識別碼")).Where(v => v.Length > 0).Distinct().ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => identifiers.Contains(d.Identifier))
            .Select(d => new { d.Identifier, d.Id, d.AgencyId }).ToDictionaryAsync(d => d.Identifier, cancellationToken);
        var parsed = new List<(int Row, Comment Comment, string? Reply, DateTimeOffset? RepliedAt)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var rowNumber = i + 2;
            var row = rows[i];
            var body = Cell(row, "意見內容");
            if (body.Length == 0)
            {
                bad.Add(new BadRow(rowNumber, "意見內容 is empty."));
                continue;
            }
            if (!TaipeiDates.TryParse(Cell(row, "意見時間"), out var receivedAt) || receivedAt is null)
            {
                bad.Add(new BadRow(rowNumber, $"意見時間 '{Cell(row, "意見時間")}' is not a date and time (e.g. 2026-03-01 10:00:00 or 115/03/01 10:00)."));
                continue;
            }
            if (!TaipeiDates.TryParse(Cell(row, "回覆時間"), out var repliedAt))
            {
                bad.Add(new BadRow(rowNumber, $"回覆時間 '{Cell(row, "回覆時間")}' is not a date and time."));
                continue;
            }
            var identifier = Cell(row, "資料集識別碼");
            Guid? datasetId = null;
            int agencyId;
            if (identifier.Length > 0 && datasets.TryGetValue(identifier, out var dataset))
            {
                datasetId = dataset.Id;
                agencyId = dataset.AgencyId;
            }
            else if (FindAgency(Cell(row, "提供機關")) is { } agency)
            {
                agencyId = agency.Id;
            }
            else
            {
                bad.Add(new BadRow(rowNumber, identifier.Length > 0
                    ? $"There is no dataset {identifier} here, and 提供機關 '{Cell(row, "提供機關")}' is not an agency here."
                    : $"提供機關 '{Cell(row, "提供機關")}' is not an agency here."));
                continue;
            }
            var reply = Cell(row, "回覆內容");
            if (reply.Length > 0 && repliedAt is null)
            {
                bad.Add(new BadRow(rowNumber, "回覆內容 is given without 回覆時間."));
                continue;
            }
            var email = Cell(row, "電子郵件");
            var externalId = Cell(row, "意見編號");
            var subject = Cell(row, "意見標題");
            parsed.Add((rowNumber, new Comment
            {
                Id = Guid.CreateVersion7(now),
                Reference = "",
                DatasetId = datasetId,
                AgencyId = agencyId,
                Kind = CommentKinds.Parse(Cell(row, "意見類型")) ?? CommentKind.Other,
                Subject = subject.Length > 0 ? Truncate(subject, 200) : Truncate(body.Split('\n')[0], 40),
                Body = body,
                AuthorEmail = email.Length > 0 && Catalog.EmailAddresses.IsValid(email) ? email : null,
                Origin = CommentOrigin.NationalPlatform,
                ExternalId = externalId.Length > 0 ? externalId : ContentKey(identifier, receivedAt.Value, body),
                ReceivedAt = receivedAt.Value,
                ReceivedOn = ReplyDeadline.TaipeiDate(receivedAt.Value),
                Moderation = ModerationState.Visible,
                ModifiedAt = now,
            }, reply.Length > 0 ? reply : null, repliedAt));
        }
        if (parsed.Count == 0)
        {
            return new CommentImportResult(rows.Count, 0, 0, 0, bad);
        }

        var deadline = await calendars.DeadlineAsync(parsed.Min(p => p.Comment.ReceivedOn), ReplyDeadline.TaipeiDate(now), cancellationToken);
        var externalIds = parsed.Select(p => p.Comment.ExternalId!).Distinct().ToList();
        var existing = await db.Comments.Include(c => c.Messages)
            .Where(c => c.Origin == CommentOrigin.NationalPlatform && externalIds.Contains(c.ExternalId!))
            .ToDictionaryAsync(c => c.ExternalId!, cancellationToken);
        var notices = new FeedbackNotices(db, (kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/'));
        foreach (var (_, comment, reply, repliedAt) in parsed)
        {
            if (existing.TryGetValue(comment.ExternalId!, out var known))
            {
                if (reply is not null && known.FirstRepliedAt is null)
                {
                    Replied(known, reply, repliedAt!.Value, deadline);
                    known.ModifiedAt = now;
                    updated++;
                }
                else
                {
                    duplicates++;
                }
                continue;
            }
            comment.DueOn = deadline.DueOn(comment.ReceivedOn);
            comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.FromCommenter, Body = comment.Body, CreatedAt = comment.ReceivedAt });
            if (reply is not null)
            {
                Replied(comment, reply, repliedAt!.Value, deadline);
            }
            else
            {
                var route = await db.FeedbackRoutes.AsNoTracking().FirstOrDefaultAsync(r => r.AgencyId == comment.AgencyId, cancellationToken);
                var handler = route is null ? null : await people.HandlerAsync(route.HandlerId, comment.AgencyId, cancellationToken);
                comment.HandlerId = handler?.Id;
                comment.Status = handler is null ? CommentStatus.Received : CommentStatus.Assigned;
            }
            await SubmitComment.SaveWithReferenceAsync(db, comment, cancellationToken);
            if (reply is null)
            {
                notices.NewComment(await people.EmailOfAsync(comment.HandlerId, cancellationToken) is { } to ? [to] : await people.AgencyDeskAsync(comment.AgencyId, cancellationToken), comment, now);
            }
            existing[comment.ExternalId!] = comment;
            created++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new CommentImportResult(rows.Count, created, updated, duplicates, bad);
    }

    /// A reply given on the national platform: it counts, with its own date, like one given here.
    private void Replied(Comment comment, string reply, DateTimeOffset repliedAt, ReplyDeadline deadline)
    {
        var repliedOn = ReplyDeadline.TaipeiDate(repliedAt);
        comment.Messages.Add(new CommentMessage
        {
            Kind = CommentMessageKind.Reply, Body = reply, SignedAs = agencies.Tree.Find(comment.AgencyId)?.Name, CreatedAt = repliedAt,
        });
        comment.FirstRepliedAt = repliedAt;
        comment.FirstRepliedOn = repliedOn;
        comment.DaysToReply = deadline.DayNumber(comment.ReceivedOn, repliedOn);
        comment.Status = CommentStatus.Replied;
    }

    private AgencyNode? FindAgency(string text) =>
        text.Length == 0 ? null : agencies.Tree.FindByCode(text) ?? agencies.Tree.All.FirstOrDefault(a => a.Name == text || a.ShortName == text || a.NameEn == text);

    private static string Cell(Dictionary<string, string> row, string column) => row.TryGetValue(column, out var v) ? v.Trim() : "";

    private static string Truncate(string text, int length) => text.Length <= length ? text.Trim() : string.Concat(text.AsSpan(0, length), "…");

    /// A comment's identity when the file gives it no number: where, when, and what it said.
    private static string ContentKey(string dataset, DateTimeOffset receivedAt, string body) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{dataset}\n{receivedAt.UtcDateTime:O}\n{body}")))[..40];
}
