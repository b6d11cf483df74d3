using Kaifang.Notifications;
using Kaifang.Storage;

namespace Kaifang.Promotion;

/// The e-mail a registrant or a showcase's author is sent, in Chinese then English, through the outbox.
public static class PromotionNotices
{
    public const string RegisteredTopic = "event-registered";
    public const string PromotedTopic = "event-promoted";
    public const string CancelledTopic = "event-cancelled";
    public const string ShowcaseSubmittedTopic = "showcase-submitted";
    public const string ShowcaseDecidedTopic = "showcase-decided";

    public static string CancelUrl(string baseUrl, PromotionEvent promotionEvent, EventRegistration registration, string key) =>
        $"{baseUrl}/events/{promotionEvent.Id}/cancel?registration={registration.Id}&key={Uri.EscapeDataString(key)}";

    public static void Registered(KaifangDbContext db, string baseUrl, PromotionEvent promotionEvent, EventRegistration registration, string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(promotionEvent);
        ArgumentNullException.ThrowIfNull(registration);
        var waiting = registration.Status == RegistrationStatus.Waiting;
        var subject = waiting
            ? $"候補登記：{promotionEvent.Title} / On the waiting list"
            : $"報名成功：{promotionEvent.Title} / Registration confirmed";
        var body = $"""
            {registration.Name} 您好：

            {(waiting ? "活動名額已滿，您已列入候補名單；有人取消時將依登記順序遞補，屆時會再寄信通知您。" : "您已報名成功。")}

            活動：{promotionEvent.Title}
            時間：{PromotionTimes.Chinese(promotionEvent.StartsAt)} 至 {PromotionTimes.Chinese(promotionEvent.EndsAt)}
            {Where(promotionEvent)}

            若無法參加，請由以下連結取消{(waiting ? "候補" : "報名")}，讓出名額給其他人：
            {CancelUrl(baseUrl, promotionEvent, registration, key)}

            Hello {registration.Name},

            {(waiting ? "The event is full, so you are on its waiting list; when someone cancels, seats go to the waiting list in order and we will write to you again." : "Your registration is confirmed.")}

            Event: {promotionEvent.Title}
            When: {PromotionTimes.English(promotionEvent.StartsAt)} to {PromotionTimes.English(promotionEvent.EndsAt)}

            If you cannot come, cancel with the link above so that someone else may have the seat.
            """;
        db.Enqueue(now, registration.Email, subject, body, RegisteredTopic, registration.Id.ToString());
    }

    public static void Promoted(KaifangDbContext db, string baseUrl, PromotionEvent promotionEvent, EventRegistration registration, string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(promotionEvent);
        ArgumentNullException.ThrowIfNull(registration);
        var body = $"""
            {registration.Name} 您好：

            有人取消報名，您已由候補遞補為正式參加者。

            活動：{promotionEvent.Title}
            時間：{PromotionTimes.Chinese(promotionEvent.StartsAt)} 至 {PromotionTimes.Chinese(promotionEvent.EndsAt)}
            {Where(promotionEvent)}

            若無法參加，請由以下連結取消：
            {CancelUrl(baseUrl, promotionEvent, registration, key)}

            Hello {registration.Name},

            A seat came free and it is yours: you are no longer on the waiting list.
            Event: {promotionEvent.Title}, {PromotionTimes.English(promotionEvent.StartsAt)}.
            If you cannot come, cancel with the link above.
            """;
        db.Enqueue(now, registration.Email, $"遞補成功：{promotionEvent.Title} / You have a seat", body, PromotedTopic, registration.Id.ToString());
    }

    public static void Cancelled(KaifangDbContext db, PromotionEvent promotionEvent, EventRegistration registration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(promotionEvent);
        ArgumentNullException.ThrowIfNull(registration);
        var body = $"""
            {registration.Name} 您好：

            您對「{promotionEvent.Title}」的報名已取消。

            Hello {registration.Name},

            Your registration for "{promotionEvent.Title}" is cancelled.
            """;
        db.Enqueue(now, registration.Email, $"已取消報名：{promotionEvent.Title} / Registration cancelled", body, CancelledTopic, registration.Id.ToString());
    }

    public static void ShowcaseSubmitted(KaifangDbContext db, string baseUrl, IEnumerable<string> approvers, Showcase showcase, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(approvers);
        ArgumentNullException.ThrowIfNull(showcase);
        var body = $"""
            民眾提交了一件使用貴機關資料集的應用展示，待審核：

            {showcase.Title}（{PromotionKinds.Display(showcase.Kind, english: false)}）
            {showcase.Url}
            作者：{showcase.AuthorName}

            請至 {baseUrl}/admin/promotion/showcase 核准或退回。

            A showcase using your agency's datasets awaits approval: "{showcase.Title}". Approve or reject it at {baseUrl}/admin/promotion/showcase.
            """;
        foreach (var to in approvers.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, to, $"待審核的應用展示：{showcase.Title} / A showcase awaits approval", body, ShowcaseSubmittedTopic, showcase.Id.ToString());
        }
    }

    public static void ShowcaseDecided(KaifangDbContext db, string baseUrl, Showcase showcase, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(showcase);
        var approved = showcase.Status == ShowcaseStatus.Approved;
        var body = approved
            ? $"""
                {showcase.AuthorName} 您好：

                您提交的應用展示「{showcase.Title}」已核准，並公開於 {baseUrl}/showcase 及所使用資料集的頁面。感謝您使用開放資料！

                Hello {showcase.AuthorName},

                Your showcase "{showcase.Title}" is approved and shown at {baseUrl}/showcase and on the pages of the datasets it uses. Thank you for using open data!
                """
            : $"""
                {showcase.AuthorName} 您好：

                您提交的應用展示「{showcase.Title}」未獲核准，原因：
                {showcase.DecisionReason}

                您可依上述說明修正後重新提交：{baseUrl}/showcase/submit

                Hello {showcase.AuthorName},

                Your showcase "{showcase.Title}" was not approved, for the reason above. You may correct it and submit it again at {baseUrl}/showcase/submit.
                """;
        db.Enqueue(now, showcase.AuthorEmail, approved ? $"應用展示已核准：{showcase.Title} / Showcase approved" : $"應用展示未獲核准：{showcase.Title} / Showcase not approved",
            body, ShowcaseDecidedTopic, showcase.Id.ToString());
    }

    private static string Where(PromotionEvent promotionEvent) =>
        string.Join("\n", new[] { promotionEvent.Venue is { } venue ? $"地點 / Venue：{venue}" : null, promotionEvent.OnlineUrl is { } url ? $"線上連結 / Online：{url}" : null }
            .Where(l => l is not null));
}
