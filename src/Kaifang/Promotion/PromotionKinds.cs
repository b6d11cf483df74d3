namespace Kaifang.Promotion;

/// The names used in the API and forms for events', registrations' and showcases' kinds and states, and how people see them.
public static class PromotionKinds
{
    public static readonly IReadOnlyList<EventKind> EventKinds = [EventKind.ExplanatorySession, EventKind.Workshop, EventKind.Other];
    public static readonly IReadOnlyList<ShowcaseKind> ShowcaseKinds = [ShowcaseKind.App, ShowcaseKind.Visualisation, ShowcaseKind.Article, ShowcaseKind.Research, ShowcaseKind.Other];

    public static string Name(EventKind kind) => kind switch
    {
        EventKind.ExplanatorySession => "explanatory-session",
        EventKind.Workshop => "workshop",
        _ => "other",
    };

    public static EventKind? ParseEvent(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "explanatory-session" or "說明會" => EventKind.ExplanatorySession,
        "workshop" or "工作坊" => EventKind.Workshop,
        "other" or "其他" => EventKind.Other,
        _ => null,
    };

    public static string Display(EventKind kind, bool english) => kind switch
    {
        EventKind.ExplanatorySession => english ? "Explanatory session" : "說明會",
        EventKind.Workshop => english ? "Workshop" : "工作坊",
        _ => english ? "Other event" : "其他活動",
    };

    public static string Name(ShowcaseKind kind) => kind switch
    {
        ShowcaseKind.App => "app",
        ShowcaseKind.Visualisation => "visualisation",
        ShowcaseKind.Article => "article",
        ShowcaseKind.Research => "research",
        _ => "other",
    };

    public static ShowcaseKind? ParseShowcase(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "app" or "application" => ShowcaseKind.App,
        "visualisation" or "visualization" => ShowcaseKind.Visualisation,
        "article" => ShowcaseKind.Article,
        "research" => ShowcaseKind.Research,
        "other" => ShowcaseKind.Other,
        _ => null,
    };

    public static string Display(ShowcaseKind kind, bool english) => kind switch
    {
        ShowcaseKind.App => english ? "Application" : "應用程式",
        ShowcaseKind.Visualisation => english ? "Visualisation" : "視覺化",
        ShowcaseKind.Article => english ? "Article" : "文章",
        ShowcaseKind.Research => english ? "Research" : "研究",
        _ => english ? "Other" : "其他",
    };

    public static string Name(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => "confirmed",
        RegistrationStatus.Waiting => "waiting",
        _ => "cancelled",
    };

    public static string Display(RegistrationStatus status, bool english) => status switch
    {
        RegistrationStatus.Confirmed => english ? "Confirmed" : "已錄取",
        RegistrationStatus.Waiting => english ? "Waiting list" : "候補",
        _ => english ? "Cancelled" : "已取消",
    };

    public static string Name(ShowcaseStatus status) => status switch
    {
        ShowcaseStatus.Approved => "approved",
        ShowcaseStatus.Rejected => "rejected",
        _ => "pending",
    };

    public static string Display(ShowcaseStatus status, bool english) => status switch
    {
        ShowcaseStatus.Approved => english ? "Approved" : "已核准",
        ShowcaseStatus.Rejected => english ? "Rejected" : "未核准",
        _ => english ? "Awaiting approval" : "待審核",
    };
}
