using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Promotion;

/// What a member of the public fills in to register. <see cref="Website"/> is the honeypot, as on the comment form.
/// <see cref="WaitingList"/>: when the event is full, put me on its waiting list rather than refuse me.
public sealed record RegistrationInput(string? Name, string? Email, string? Organisation, bool WaitingList = false, string? Website = null);

/// A saved registration and the key of its cancel link (sent by e-mail too; only its hash is kept).
public sealed record Registered(PromotionEvent Event, EventRegistration Registration, string CancelKey);

/// Registration for events without an account: seats in order, a waiting list beyond them that moves
/// up when someone cancels, and the organisers' list of registrants and who attended.
public sealed class EventRegistrations(KaifangDbContext db, IOptions<PromotionOptions> options, TimeProvider time)
{
    /// Registers, or puts on the waiting list. Two registrations for one event at the same moment cannot both
    /// take the last seat: each takes the next number of the event, which the database keeps unique, and the one
    /// refused is decided again with the other counted.
    public async Task<CatalogResult<Registered>> RegisterAsync(Guid eventId, RegistrationInput input, string? senderAddress, string baseUrl, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRegisterAsync(eventId, input, senderAddress, baseUrl, cancellationToken);
            }
            // Every registration that collided with another is decided again: with N at once, N tries at most.
            catch (DbUpdateException e) when (attempt < 50 && DatabaseErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(DatabaseErrors.Backoff(attempt), cancellationToken);
            }
        }
    }

    private async Task<CatalogResult<Registered>> TryRegisterAsync(Guid eventId, RegistrationInput input, string? senderAddress, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var promotionEvent = await db.PromotionEvents.Include(e => e.Registrations).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (promotionEvent is null)
        {
            return CatalogResult<Registered>.NotFound();
        }
        var errors = new ValidationErrors();
        var name = (input.Name ?? "").Trim();
        errors.Required("name", name, "姓名", "Your name");
        errors.MaxLength("name", name, 100);
        var organisation = string.IsNullOrWhiteSpace(input.Organisation) ? null : input.Organisation.Trim();
        errors.MaxLength("organisation", organisation, 200);
        var email = (input.Email ?? "").Trim();
        if (email.Length == 0)
        {
            errors.Add("email", "請填寫電子郵件；報名確認與取消連結會寄到這個地址（不會公開）。",
                "The e-mail address is required: the confirmation and the cancel link are sent there (it is never shown).");
        }
        else if (!EmailAddresses.IsValid(email))
        {
            errors.Add("email", $"「{email}」不是有效的電子郵件地址。", $"'{email}' is not a valid e-mail address.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<Registered>.Invalid(errors);
        }
        // A robot filled the field people never see: refused, and nothing is kept of it.
        if (!string.IsNullOrWhiteSpace(input.Website))
        {
            return CatalogResult<Registered>.Invalid("website", "無法受理此報名：表單中有一般使用者看不到的欄位被填寫了；請重新整理頁面後再報名。",
                "This registration cannot be accepted: a field people do not see was filled in. Reload the page and register again.");
        }
        if (now > promotionEvent.RegistrationClosesAt)
        {
            return CatalogResult<Registered>.Conflict("deadline",
                $"報名已於{PromotionTimes.Chinese(promotionEvent.RegistrationClosesAt)}截止，無法再報名。",
                $"Registration closed on {PromotionTimes.English(promotionEvent.RegistrationClosesAt)}; it is no longer possible to register.");
        }
        var normalised = email.ToLowerInvariant();
        if (promotionEvent.Registrations.Any(r => r.Email == normalised && r.Status != RegistrationStatus.Cancelled))
        {
            return CatalogResult<Registered>.Conflict("email",
                $"「{email}」已報名這場活動；若要更改資料，請用報名確認信中的連結取消後重新報名。",
                $"'{email}' is already registered for this event; to change the details, cancel with the link in the confirmation e-mail and register again.");
        }
        var confirmed = promotionEvent.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed);
        var full = confirmed >= promotionEvent.Capacity;
        if (full && !input.WaitingList)
        {
            var waiting = promotionEvent.Registrations.Count(r => r.Status == RegistrationStatus.Waiting);
            return CatalogResult<Registered>.Conflict("full",
                $"活動已額滿（{promotionEvent.Capacity} 名，目前候補 {waiting} 人）。您可以勾選「額滿時列入候補」後再送出：有人取消時依登記順序遞補，並以電子郵件通知。",
                $"The event is full ({promotionEvent.Capacity} seats, {waiting} on the waiting list). Tick 'put me on the waiting list' and send again: seats that come free go to the waiting list in order, and you are told by e-mail.");
        }
        var sender = SenderLimit.SenderOf(senderAddress);
        var limit = options.Value.MaxRegistrationsPerHour;
        var sent = db.EventRegistrations.AsNoTracking().Where(r => r.SenderHash == sender).Select(r => r.RegisteredAt);
        if (await new SenderLimit(limit, time).MinutesToWaitAsync(sent, cancellationToken) is { } wait)
        {
            var tooMany = new ValidationErrors();
            tooMany.Add("rate", $"同一來源一小時內最多報名 {limit} 次；請於 {wait} 分鐘後再試，您填寫的內容仍保留在表單中。",
                $"At most {limit} registrations an hour may come from one address; try again in {wait} minutes. What you wrote is still in the form.");
            return CatalogResult<Registered>.TooMany(tooMany);
        }
        var registration = new EventRegistration
        {
            Id = Guid.CreateVersion7(now),
            EventId = promotionEvent.Id,
            Name = name,
            Email = normalised,
            Organisation = organisation,
            Status = full ? RegistrationStatus.Waiting : RegistrationStatus.Confirmed,
            RegisteredAt = now,
            Sequence = promotionEvent.Registrations.Count == 0 ? 1 : promotionEvent.Registrations.Max(r => r.Sequence) + 1,
            SenderHash = sender,
        };
        var key = PromotionKeys.Issue(registration);
        db.EventRegistrations.Add(registration);
        PromotionNotices.Registered(db, baseUrl, promotionEvent, registration, key, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Registered>.Ok(new Registered(promotionEvent, registration, key));
    }

    /// The registrant's own registration, when the key of a link sent to them fits it.
    public async Task<CatalogResult<Registered>> FindWithKeyAsync(Guid eventId, Guid registrationId, string? key, CancellationToken cancellationToken)
    {
        var promotionEvent = await db.PromotionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        var registration = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId && r.EventId == eventId, cancellationToken);
        if (promotionEvent is null || registration is null)
        {
            return CatalogResult<Registered>.NotFound();
        }
        return PromotionKeys.Matches(registration, key) ? CatalogResult<Registered>.Ok(new Registered(promotionEvent, registration, "")) : CatalogResult<Registered>.Forbidden();
    }

    /// Cancels with the key from the e-mail; a confirmed seat freed goes to the first on the waiting list, who is told.
    public async Task<CatalogResult<Registered>> CancelAsync(Guid eventId, Guid registrationId, string? key, string baseUrl, CancellationToken cancellationToken)
    {
        var promotionEvent = await db.PromotionEvents.Include(e => e.Registrations).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        var registration = promotionEvent?.Registrations.FirstOrDefault(r => r.Id == registrationId);
        if (promotionEvent is null || registration is null)
        {
            return CatalogResult<Registered>.NotFound();
        }
        if (!PromotionKeys.Matches(registration, key))
        {
            return CatalogResult<Registered>.Forbidden();
        }
        var now = time.GetUtcNow();
        if (registration.Status == RegistrationStatus.Cancelled)
        {
            return CatalogResult<Registered>.Ok(new Registered(promotionEvent, registration, ""));
        }
        if (now > promotionEvent.EndsAt)
        {
            return CatalogResult<Registered>.Conflict("event", "活動已結束，無法取消報名。", "The event is over; the registration can no longer be cancelled.");
        }
        registration.Status = RegistrationStatus.Cancelled;
        registration.CancelledAt = now;
        PromotionNotices.Cancelled(db, promotionEvent, registration, now);
        FillSeats(db, promotionEvent, baseUrl, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Registered>.Ok(new Registered(promotionEvent, registration, ""));
    }

    /// Gives free seats to the waiting list, first registered first, and writes each of them a notice with a fresh cancel link.
    internal static void FillSeats(KaifangDbContext db, PromotionEvent promotionEvent, string baseUrl, DateTimeOffset now)
    {
        var confirmed = promotionEvent.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed);
        foreach (var waiting in promotionEvent.Registrations.Where(r => r.Status == RegistrationStatus.Waiting)
            .OrderBy(r => r.Sequence).ThenBy(r => r.RegisteredAt).Take(Math.Max(0, promotionEvent.Capacity - confirmed)).ToList())
        {
            waiting.Status = RegistrationStatus.Confirmed;
            waiting.PromotedAt = now;
            PromotionNotices.Promoted(db, baseUrl, promotionEvent, waiting, PromotionKeys.Issue(waiting), now);
        }
    }

    /// The registrants, for the event's organisers: seats in order, then the waiting list, then those who cancelled.
    public async Task<CatalogResult<IReadOnlyList<EventRegistration>>> RegistrantsAsync(StaffScope staff, Guid eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var promotionEvent = await db.PromotionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (promotionEvent is null)
        {
            return CatalogResult<IReadOnlyList<EventRegistration>>.NotFound();
        }
        if (!staff.Can(StaffAction.ManageEvents, promotionEvent.AgencyId))
        {
            return CatalogResult<IReadOnlyList<EventRegistration>>.Forbidden();
        }
        var list = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId).ToListAsync(cancellationToken);
        return CatalogResult<IReadOnlyList<EventRegistration>>.Ok([.. list.OrderBy(r => r.Status).ThenBy(r => r.Sequence)]);
    }

    public async Task<CatalogResult<EventRegistration>> SetAttendedAsync(StaffScope staff, Guid eventId, Guid registrationId, bool attended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var promotionEvent = await db.PromotionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        var registration = await db.EventRegistrations.FirstOrDefaultAsync(r => r.Id == registrationId && r.EventId == eventId, cancellationToken);
        if (promotionEvent is null || registration is null)
        {
            return CatalogResult<EventRegistration>.NotFound();
        }
        if (!staff.Can(StaffAction.ManageEvents, promotionEvent.AgencyId))
        {
            return CatalogResult<EventRegistration>.Forbidden();
        }
        if (attended && registration.Status != RegistrationStatus.Confirmed)
        {
            return CatalogResult<EventRegistration>.Conflict("attended", "只有已錄取的報名者可以標記為出席。", "Only a registrant with a seat can be marked as attended.");
        }
        registration.Attended = attended;
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<EventRegistration>.Ok(registration);
    }

    private static readonly string[] Headings = ["序號", "姓名", "電子郵件", "服務單位", "狀態", "報名時間", "遞補時間", "取消時間", "出席"];

    /// The registrants as a table for the spreadsheet writer: a heading row, then one row a registrant.
    public static IReadOnlyList<string[]> Rows(IEnumerable<EventRegistration> registrants)
    {
        ArgumentNullException.ThrowIfNull(registrants);
        List<string[]> rows = [[.. Headings]];
        var number = 0;
        foreach (var r in registrants)
        {
            rows.Add([(++number).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, r.Email, r.Organisation ?? "",
                PromotionKinds.Display(r.Status, english: false), Stamp(r.RegisteredAt), Stamp(r.PromotedAt), Stamp(r.CancelledAt), r.Attended ? "是" : ""]);
        }
        return rows;
    }

    private static string Stamp(DateTimeOffset? instant) =>
        instant is { } i ? PromotionTimes.Taipei(i).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";
}
