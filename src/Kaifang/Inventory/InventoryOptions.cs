namespace Kaifang.Inventory;

/// Settings bound from "Kaifang:Inventory".
public sealed class InventoryOptions
{
    public const string Section = "Kaifang:Inventory";

    /// Agencies that have not submitted are reminded this many days before a round's deadline.
    public int ReminderDaysBefore { get; set; } = 7;

    /// An overdue follow-up action of a meeting is reminded the day after its due date, then every this many days until done.
    public int FollowUpReminderDays { get; set; } = 7;

    /// How often the reminder sweep runs, in minutes; 0 turns the schedule off.
    public int SweepMinutes { get; set; } = 60;
}
