namespace Kaifang.Review;

public static class ReviewTerms
{
    public static string KindText(MeetingKind kind, bool english) => (kind, english) switch
    {
        (MeetingKind.AdvisoryGroup, false) => "諮詢小組會議",
        (MeetingKind.AdvisoryGroup, true) => "Advisory group meeting",
        (MeetingKind.WorkingGroup, false) => "工作小組會議",
        _ => "Working group meeting",
    };

    public static string KindCode(MeetingKind kind) => kind == MeetingKind.AdvisoryGroup ? "advisory-group" : "working-group";

    public static MeetingKind? ParseKind(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "advisory-group" or "advisory" or "諮詢小組" => MeetingKind.AdvisoryGroup,
        "working-group" or "working" or "工作小組" => MeetingKind.WorkingGroup,
        _ => null,
    };

    public static string OccasionText(MeetingOccasion occasion, bool english) => (occasion, english) switch
    {
        (MeetingOccasion.Regular, false) => "定期會議",
        (MeetingOccasion.Regular, true) => "Regular",
        (MeetingOccasion.AdHoc, false) => "臨時會議",
        _ => "Ad hoc",
    };

    public static MeetingOccasion? ParseOccasion(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "regular" or "定期" or "定期會議" => MeetingOccasion.Regular,
        "ad-hoc" or "adhoc" or "臨時" or "臨時會議" => MeetingOccasion.AdHoc,
        _ => null,
    };

    public static string DecisionText(ReviewDecision decision, bool english) => (decision, english) switch
    {
        (ReviewDecision.Approve, false) => "通過",
        (ReviewDecision.Approve, true) => "Approved",
        (ReviewDecision.ApproveWithChanges, false) => "修正後通過",
        (ReviewDecision.ApproveWithChanges, true) => "Approved with changes",
        (ReviewDecision.Reject, false) => "不通過",
        _ => "Rejected",
    };

    public static string DecisionCode(ReviewDecision decision) => decision switch
    {
        ReviewDecision.Approve => "approve",
        ReviewDecision.ApproveWithChanges => "approve-with-changes",
        _ => "reject",
    };

    public static ReviewDecision? ParseDecision(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "approve" or "通過" => ReviewDecision.Approve,
        "approve-with-changes" or "修正後通過" => ReviewDecision.ApproveWithChanges,
        "reject" or "不通過" => ReviewDecision.Reject,
        _ => null,
    };
}
