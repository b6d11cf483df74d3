using System.Globalization;
using System.Xml;
using Kaifang.Inventory;
using Kaifang.Storage;

namespace Kaifang.Review;

/// An agenda item as the minutes show it.
public sealed record MinutesItem(int Position, string Agency, string Name, InventoryGrade Grade, IReadOnlyList<string> LegalBases, ReviewDecision? Decision, string? Reason);

/// The minutes (會議紀錄) of a meeting as an OpenDocument text (.odt), written from what was recorded: time,
/// place, who attended (internal and external), the decision on each item with its reason, and the follow-ups.
public static class MinutesDocument
{
    public const string ContentType = OdfPackage.TextMimeType;

    public static byte[] Write(ReviewMeeting meeting, string agencyName, IReadOnlyList<MinutesItem> items)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(items);
        var title = $"{meeting.Title} 會議紀錄";
        return OdfPackage.Write(OdfPackage.TextMimeType, title, meeting.MinutesRecordedAt ?? meeting.CreatedAt, w =>
        {
            w.WriteStartElement("office", "body", OdfPackage.OfficeNs);
            w.WriteStartElement("office", "text", OdfPackage.OfficeNs);
            Heading(w, 1, title);
            Paragraph(w, $"會議類別：{agencyName}{ReviewTerms.KindText(meeting.Kind, false)}（{ReviewTerms.OccasionText(meeting.Occasion, false)}）");
            Paragraph(w, $"時間：{RocDate(meeting.Date)}");
            if (meeting.Location is not null)
            {
                Paragraph(w, $"地點：{meeting.Location}");
            }
            var chair = meeting.Members.FirstOrDefault(m => m.Chair);
            if (chair is not null)
            {
                Paragraph(w, $"主席：{Person(chair)}");
            }
            Paragraph(w, $"出席委員（外部）：{People(meeting.Members.Where(m => m.External && m.Attended == true))}");
            Paragraph(w, $"出席人員（機關內部）：{People(meeting.Members.Where(m => !m.External && m.Attended == true))}");
            Paragraph(w, $"請假或缺席：{People(meeting.Members.Where(m => m.Attended != true))}");

            Heading(w, 2, "審議事項及決議");
            if (items.Count == 0)
            {
                Paragraph(w, "本次會議無審議項目。");
            }
            else
            {
                Table(w, "decisions", ["序號", "機關", "盤點項目", "建議分級", "法令依據", "決議", "理由"],
                    items.OrderBy(i => i.Position).Select(i => new[]
                    {
                        i.Position.ToString(CultureInfo.InvariantCulture), i.Agency, i.Name, InventoryTerms.GradeText(i.Grade, false),
                        string.Join("；", i.LegalBases), i.Decision is { } d ? ReviewTerms.DecisionText(d, false) : "未決議", i.Reason ?? "",
                    }));
            }

            Heading(w, 2, "追蹤事項");
            if (meeting.FollowUps.Count == 0)
            {
                Paragraph(w, "無。");
            }
            else
            {
                Table(w, "follow-ups", ["事項", "負責", "期限", "辦理情形"],
                    meeting.FollowUps.OrderBy(f => f.DueOn).ThenBy(f => f.Id).Select(f => new[]
                    {
                        f.Description, f.Owner, RocDate(f.DueOn), f.DoneAt is null ? "辦理中" : "已完成",
                    }));
            }
            if (!string.IsNullOrWhiteSpace(meeting.Notes))
            {
                Heading(w, 2, "其他紀錄");
                foreach (var line in meeting.Notes.Split('\n'))
                {
                    Paragraph(w, line.TrimEnd('\r'));
                }
            }
            if (meeting.MinutesRecordedAt is { } recorded)
            {
                Paragraph(w, $"紀錄確認：{meeting.MinutesRecordedBy}，{RocDate(Feedback.ReplyDeadline.TaipeiDate(recorded))}");
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }, Styles);
    }

    /// The same minutes as a PDF of text lines (the demo PDF writer: no embedded font, docs/decisions/0004).
    public static byte[] WritePdf(ReviewMeeting meeting, string agencyName, IReadOnlyList<MinutesItem> items)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(items);
        var lines = new List<string>
        {
            $"會議類別：{agencyName}{ReviewTerms.KindText(meeting.Kind, false)}（{ReviewTerms.OccasionText(meeting.Occasion, false)}）",
            $"時間：{RocDate(meeting.Date)}",
        };
        if (meeting.Location is not null)
        {
            lines.Add($"地點：{meeting.Location}");
        }
        if (meeting.Members.FirstOrDefault(m => m.Chair) is { } chair)
        {
            lines.Add($"主席：{Person(chair)}");
        }
        lines.Add($"出席委員（外部）：{People(meeting.Members.Where(m => m.External && m.Attended == true))}");
        lines.Add($"出席人員（機關內部）：{People(meeting.Members.Where(m => !m.External && m.Attended == true))}");
        lines.Add($"請假或缺席：{People(meeting.Members.Where(m => m.Attended != true))}");
        lines.Add("");
        lines.Add("審議事項及決議");
        if (items.Count == 0)
        {
            lines.Add("本次會議無審議項目。");
        }
        foreach (var i in items.OrderBy(i => i.Position))
        {
            lines.Add($"{i.Position}. {i.Agency}「{i.Name}」");
            lines.Add($"　建議分級：{InventoryTerms.GradeText(i.Grade, false)}{(i.LegalBases.Count > 0 ? $"（{string.Join("；", i.LegalBases)}）" : "")}");
            lines.Add($"　決議：{(i.Decision is { } d ? ReviewTerms.DecisionText(d, false) : "未決議")}");
            if (i.Reason is not null)
            {
                lines.Add($"　理由：{i.Reason}");
            }
        }
        lines.Add("");
        lines.Add("追蹤事項");
        lines.AddRange(meeting.FollowUps.Count == 0 ? ["無。"] : meeting.FollowUps.OrderBy(f => f.DueOn).ThenBy(f => f.Id).Select(f =>
            $"・{f.Description}（{f.Owner}，{RocDate(f.DueOn)}前，{(f.DoneAt is null ? "辦理中" : "已完成")}）"));
        if (!string.IsNullOrWhiteSpace(meeting.Notes))
        {
            lines.Add("");
            lines.Add("其他紀錄");
            lines.AddRange(meeting.Notes.Split('\n').Select(l => l.TrimEnd('\r')));
        }
        return Seeding.Files.CjkPdfWriter.Write($"{meeting.Title} 會議紀錄", lines);
    }

    /// 民國115年12月3日.
    public static string RocDate(DateOnly date) => $"民國{date.Year - 1911}年{date.Month}月{date.Day}日";

    private static string Person(MeetingMember m) => m.Affiliation is null ? m.Name : $"{m.Name}（{m.Affiliation}）";

    private static string People(IEnumerable<MeetingMember> members)
    {
        var list = members.Select(Person).ToList();
        return list.Count == 0 ? "無" : string.Join("、", list);
    }

    private static void Heading(XmlWriter w, int level, string text)
    {
        w.WriteStartElement("text", "h", OdfPackage.TextNs);
        w.WriteAttributeString("text", "style-name", OdfPackage.TextNs, level == 1 ? "Title" : "Heading_20_2");
        w.WriteAttributeString("text", "outline-level", OdfPackage.TextNs, level.ToString(CultureInfo.InvariantCulture));
        w.WriteString(Storage.SpreadsheetTables.XmlSafe(text));
        w.WriteEndElement();
    }

    private static void Paragraph(XmlWriter w, string text)
    {
        w.WriteStartElement("text", "p", OdfPackage.TextNs);
        w.WriteAttributeString("text", "style-name", OdfPackage.TextNs, "Standard");
        w.WriteString(Storage.SpreadsheetTables.XmlSafe(text));
        w.WriteEndElement();
    }

    private static void Table(XmlWriter w, string name, string[] header, IEnumerable<string[]> rows)
    {
        w.WriteStartElement("table", "table", OdfPackage.TableNs);
        w.WriteAttributeString("table", "name", OdfPackage.TableNs, name);
        w.WriteStartElement("table", "table-column", OdfPackage.TableNs);
        w.WriteAttributeString("table", "number-columns-repeated", OdfPackage.TableNs, header.Length.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
        w.WriteStartElement("table", "table-header-rows", OdfPackage.TableNs);
        Row(w, header);
        w.WriteEndElement();
        foreach (var row in rows)
        {
            Row(w, row);
        }
        w.WriteEndElement();
    }

    private static void Row(XmlWriter w, string[] cells)
    {
        w.WriteStartElement("table", "table-row", OdfPackage.TableNs);
        foreach (var cell in cells)
        {
            w.WriteStartElement("table", "table-cell", OdfPackage.TableNs);
            w.WriteAttributeString("office", "value-type", OdfPackage.OfficeNs, "string");
            Paragraph(w, cell);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Styles(XmlWriter w)
    {
        w.WriteStartElement("office", "styles", OdfPackage.OfficeNs);
        Style(w, "Standard", null, "12pt", null);
        Style(w, "Title", "Standard", "18pt", "bold");
        Style(w, "Heading_20_2", "Standard", "14pt", "bold");
        w.WriteEndElement();
    }

    private static void Style(XmlWriter w, string name, string? parent, string size, string? weight)
    {
        w.WriteStartElement("style", "style", OdfPackage.StyleNs);
        w.WriteAttributeString("style", "name", OdfPackage.StyleNs, name);
        w.WriteAttributeString("style", "family", OdfPackage.StyleNs, "paragraph");
        if (parent is not null)
        {
            w.WriteAttributeString("style", "parent-style-name", OdfPackage.StyleNs, parent);
        }
        w.WriteStartElement("style", "text-properties", OdfPackage.StyleNs);
        w.WriteAttributeString("fo", "font-size", OdfPackage.FoNs, size);
        w.WriteAttributeString("style", "font-size-asian", OdfPackage.StyleNs, size);
        if (weight is not null)
        {
            w.WriteAttributeString("fo", "font-weight", OdfPackage.FoNs, weight);
            w.WriteAttributeString("style", "font-weight-asian", OdfPackage.StyleNs, weight);
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
