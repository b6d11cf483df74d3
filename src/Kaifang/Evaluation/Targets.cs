using Kaifang.Agencies;

namespace Kaifang.Evaluation;

/// How many datasets an agency plans to have open at the end of a year (ACTION-PLAN S13).
public sealed class ScheduleTarget
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public int Year { get; set; }
    public int OpenDatasets { get; set; }
}

/// An agency's yearly targets for the five performance indicators (ACTION-PLAN S14).
public sealed class PerformanceTarget
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public int Year { get; set; }
    public int WorkingGroupMeetings { get; set; }
    public int Growth { get; set; }
    public decimal AccuracyPercent { get; set; }
    public decimal ThreeStarPercent { get; set; }
    public decimal RepliesWithinDeadlinePercent { get; set; }
}
