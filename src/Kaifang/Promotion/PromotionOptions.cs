namespace Kaifang.Promotion;

/// Settings bound from "Kaifang:Promotion".
public sealed class PromotionOptions
{
    public const string Section = "Kaifang:Promotion";

    /// Registrations (for any events) one network address may send in an hour; more are refused with when to try again.
    public int MaxRegistrationsPerHour { get; set; } = 5;

    /// Showcases one network address may submit in an hour.
    public int MaxShowcasesPerHour { get; set; } = 3;

    public int MaxDescriptionLength { get; set; } = 4000;
}
