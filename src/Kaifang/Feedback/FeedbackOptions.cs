namespace Kaifang.Feedback;

/// Settings bound from "Kaifang:Feedback".
public sealed class FeedbackOptions
{
    public const string Section = "Kaifang:Feedback";

    /// Days a comment has for its first reply, counting the day it was received as day 1 (ACTION-PLAN S14.5: 6).
    public int ReplyDays { get; set; } = 6;

    /// Whether the days are calendar days or the government's working days.
    public DayCounting DayCounting { get; set; } = DayCounting.CalendarDays;

    /// The handler is reminded this many (counted) days before the last day.
    public int ReminderDaysBefore { get; set; } = 2;

    /// Comments one network address may leave in an hour, and in a day; more are refused with a message saying when to try again.
    public int MaxCommentsPerHour { get; set; } = 5;
    public int MaxCommentsPerDay { get; set; } = 20;

    public int MaxSubjectLength { get; set; } = 200;
    public int MaxBodyLength { get; set; } = 5000;

    /// More links than this in one comment holds it for a moderator.
    public int MaxLinksBeforeHold { get; set; } = 3;

    /// Words or phrases that hold a comment for a moderator (case-insensitive).
    public List<string> HoldWords { get; set; } = [];

    /// How often reminders and escalations are looked for, in minutes; 0 turns the schedule off (the sweep can still be run by hand).
    public int SweepMinutes { get; set; } = 15;
}

public enum DayCounting
{
    CalendarDays = 0,
    /// Working days of the DGPA's government office calendar (行政機關辦公日曆表), make-up working days included.
    WorkingDays = 1,
}
