namespace Kaifang.Feedback;

/// The names comment kinds, statuses and origins have in the API and the words people read.
public static class CommentKinds
{
    public static readonly IReadOnlyList<CommentKind> All =
        [CommentKind.DataError, CommentKind.UpdateRequest, CommentKind.NewDataRequest, CommentKind.Question, CommentKind.Other];

    public static string Name(CommentKind kind) => kind switch
    {
        CommentKind.DataError => "data-error",
        CommentKind.UpdateRequest => "update-request",
        CommentKind.NewDataRequest => "new-data-request",
        CommentKind.Question => "question",
        _ => "other",
    };

    /// By API name, or by the Chinese label the national platform writes.
    public static CommentKind? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "data-error" or "資料錯誤" or "資料有誤" => CommentKind.DataError,
        "update-request" or "請求更新" or "資料更新" => CommentKind.UpdateRequest,
        "new-data-request" or "新增資料需求" or "資料需求" or "新增資料" => CommentKind.NewDataRequest,
        "question" or "提問" or "問題" or "詢問" => CommentKind.Question,
        "other" or "其他" => CommentKind.Other,
        _ => null,
    };

    public static string Display(CommentKind kind, bool english) => (kind, english) switch
    {
        (CommentKind.DataError, false) => "資料錯誤",
        (CommentKind.DataError, true) => "Error in the data",
        (CommentKind.UpdateRequest, false) => "請求更新",
        (CommentKind.UpdateRequest, true) => "Update request",
        (CommentKind.NewDataRequest, false) => "新增資料需求",
        (CommentKind.NewDataRequest, true) => "Request for new data",
        (CommentKind.Question, false) => "提問",
        (CommentKind.Question, true) => "Question",
        (_, false) => "其他",
        _ => "Other",
    };

    public static string StatusName(CommentStatus status) => status switch
    {
        CommentStatus.Received => "received",
        CommentStatus.Assigned => "assigned",
        CommentStatus.Replied => "replied",
        CommentStatus.Closed => "closed",
        _ => "reopened",
    };

    public static CommentStatus? ParseStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "received" => CommentStatus.Received,
        "assigned" => CommentStatus.Assigned,
        "replied" => CommentStatus.Replied,
        "closed" => CommentStatus.Closed,
        "reopened" => CommentStatus.Reopened,
        _ => null,
    };

    public static string StatusDisplay(CommentStatus status, bool english) => (status, english) switch
    {
        (CommentStatus.Received, false) => "已收件",
        (CommentStatus.Received, true) => "Received",
        (CommentStatus.Assigned, false) => "已分派",
        (CommentStatus.Assigned, true) => "Assigned",
        (CommentStatus.Replied, false) => "已回覆",
        (CommentStatus.Replied, true) => "Replied",
        (CommentStatus.Closed, false) => "已結案",
        (CommentStatus.Closed, true) => "Closed",
        (_, false) => "重新開啟",
        _ => "Reopened",
    };

    public static string ModerationName(ModerationState state) => state switch
    {
        ModerationState.Visible => "visible",
        ModerationState.Held => "held",
        _ => "spam",
    };

    public static string ModerationDisplay(ModerationState state, bool english) => (state, english) switch
    {
        (ModerationState.Visible, false) => "公開",
        (ModerationState.Visible, true) => "Visible",
        (ModerationState.Held, false) => "待審核（疑似垃圾訊息）",
        (ModerationState.Held, true) => "Held for moderation",
        (_, false) => "垃圾訊息",
        _ => "Spam",
    };

    public static string OriginName(CommentOrigin origin) => origin == CommentOrigin.Portal ? "portal" : "national-platform";

    public static string OriginDisplay(CommentOrigin origin, bool english) => (origin, english) switch
    {
        (CommentOrigin.Portal, false) => "本平臺",
        (CommentOrigin.Portal, true) => "This portal",
        (_, false) => "政府資料開放平臺",
        _ => "National platform (data.gov.tw)",
    };
}
