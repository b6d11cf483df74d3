using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Evaluation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Storage;

/// Everything Kaifang keeps, on SQLite (this type, migrations in Migrations/Sqlite) or on PostgreSQL
/// (<see cref="PostgreSqlKaifangDbContext"/>, migrations in Migrations/PostgreSql). The rest of the code asks for this
/// type only.
public class KaifangDbContext : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>
{
    public KaifangDbContext(DbContextOptions<KaifangDbContext> options)
        : base(options)
    {
    }

    protected KaifangDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<CatalogChange> CatalogChanges => Set<CatalogChange>();
    public DbSet<WorkClaimRow> WorkClaims => Set<WorkClaimRow>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ScheduleTarget> ScheduleTargets => Set<ScheduleTarget>();
    public DbSet<PerformanceTarget> PerformanceTargets => Set<PerformanceTarget>();
    public DbSet<Interop.Harvesting.HarvestSource> HarvestSources => Set<Interop.Harvesting.HarvestSource>();
    public DbSet<Interop.Harvesting.HarvestRun> HarvestRuns => Set<Interop.Harvesting.HarvestRun>();
    public DbSet<Interop.NationalSync.NationalSyncAgency> NationalSyncAgencies => Set<Interop.NationalSync.NationalSyncAgency>();
    public DbSet<Interop.NationalSync.NationalSyncRecord> NationalSyncRecords => Set<Interop.NationalSync.NationalSyncRecord>();
    public DbSet<Feedback.Comment> Comments => Set<Feedback.Comment>();
    public DbSet<Feedback.CommentMessage> CommentMessages => Set<Feedback.CommentMessage>();
    public DbSet<Feedback.OfficeCalendarDay> OfficeCalendarDays => Set<Feedback.OfficeCalendarDay>();
    public DbSet<Feedback.FeedbackRoute> FeedbackRoutes => Set<Feedback.FeedbackRoute>();
    public DbSet<Notifications.OutboxMessage> OutboxMessages => Set<Notifications.OutboxMessage>();
    public DbSet<Quality.LinkCheck> LinkChecks => Set<Quality.LinkCheck>();
    public DbSet<Quality.LinkCheckResult> LinkCheckResults => Set<Quality.LinkCheckResult>();
    public DbSet<Quality.QualitySnapshot> QualitySnapshots => Set<Quality.QualitySnapshot>();
    public DbSet<Evaluation.EvaluationSnapshot> EvaluationSnapshots => Set<Evaluation.EvaluationSnapshot>();
    public DbSet<Quality.QualitySnapshotItem> QualitySnapshotItems => Set<Quality.QualitySnapshotItem>();
    public DbSet<Inventory.InventoryRound> InventoryRounds => Set<Inventory.InventoryRound>();
    public DbSet<Inventory.InventoryItem> InventoryItems => Set<Inventory.InventoryItem>();
    public DbSet<Inventory.InventoryItemMove> InventoryItemMoves => Set<Inventory.InventoryItemMove>();
    public DbSet<Inventory.InventoryReminder> InventoryReminders => Set<Inventory.InventoryReminder>();
    public DbSet<Inventory.LegalBasis> LegalBases => Set<Inventory.LegalBasis>();
    public DbSet<Review.ReviewMeeting> ReviewMeetings => Set<Review.ReviewMeeting>();
    public DbSet<Review.MeetingMember> MeetingMembers => Set<Review.MeetingMember>();
    public DbSet<Review.AgendaItem> AgendaItems => Set<Review.AgendaItem>();
    public DbSet<Review.FollowUpAction> FollowUpActions => Set<Review.FollowUpAction>();
    public DbSet<Inventory.InventoryItemDataset> InventoryItemDatasets => Set<Inventory.InventoryItemDataset>();
    public DbSet<Pipelines.Runs.Pipeline> Pipelines => Set<Pipelines.Runs.Pipeline>();
    public DbSet<Pipelines.Runs.PipelineRun> PipelineRuns => Set<Pipelines.Runs.PipelineRun>();
    public DbSet<Pipelines.Runs.ResourceVersion> ResourceVersions => Set<Pipelines.Runs.ResourceVersion>();
    public DbSet<Pipelines.Runs.DatabaseConnection> DatabaseConnections => Set<Pipelines.Runs.DatabaseConnection>();
    public DbSet<Promotion.PromotionEvent> PromotionEvents => Set<Promotion.PromotionEvent>();
    public DbSet<Promotion.EventDataset> EventDatasets => Set<Promotion.EventDataset>();
    public DbSet<Promotion.EventRegistration> EventRegistrations => Set<Promotion.EventRegistration>();
    public DbSet<Promotion.Showcase> Showcases => Set<Promotion.Showcase>();
    public DbSet<Promotion.ShowcaseDataset> ShowcaseDatasets => Set<Promotion.ShowcaseDataset>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KaifangDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored as UTC date-times: ISO 8601 text on SQLite, which sorts and compares correctly,
        // where SQLite has no native DateTimeOffset ordering; timestamp with time zone on PostgreSQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}

/// The same model on PostgreSQL. A type of its own only so that EF Core tells its migrations from SQLite's.
public sealed class PostgreSqlKaifangDbContext(DbContextOptions<PostgreSqlKaifangDbContext> options) : KaifangDbContext(options);
