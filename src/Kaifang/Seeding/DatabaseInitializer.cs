using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Evaluation;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kaifang.Seeding;

/// Brings a new installation to life: creates the database, then seeds the agency tree,
/// the plan's targets, one staff account per role, and (unless turned off) the demo catalog.
public sealed class DatabaseInitializer(
    KaifangDbContext db,
    StaffAccounts accounts,
    DemoCatalog demoCatalog,
    IOptions<KaifangOptions> options,
    ILogger<DatabaseInitializer> logger)
{
    /// Returns the accounts created on this start with their one-time passwords; empty when the database already existed.
    public async Task<IReadOnlyList<SeededAccount>> InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.FullDataDirectory);
        if (db.Database.IsNpgsql())
        {
            // Npgsql's migrator reads its history table before creating it and logs the "does not exist" error it
            // then ignores (npgsql/efcore.pg#3407); made first with the provider's own script, a new database starts
            // without an alarming error in the log.
            var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken))
            {
                await creator.CreateAsync(cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (await db.Agencies.AnyAsync(cancellationToken))
        {
            // An existing database gets the seed's corrections (OIDs, organisation codes) before anything reads the agency tree.
            await AgencySeedUpdate.ApplyAsync(db, logger, cancellationToken);
            return [];
        }

        logger.LogInformation("New database: seeding agencies, targets and staff accounts");
        var agencies = MinistryOfLaborSeed.Agencies();
        db.Agencies.AddRange(agencies);
        var byCode = agencies.ToDictionary(a => a.Code);
        MinistryOfLaborSeed.AddTargets(byCode, db.ScheduleTargets.Local, db.PerformanceTargets.Local);
        await db.SaveChangesAsync(cancellationToken);

        var seeded = await SeedStaffAsync(agencies);
        if (options.Value.SeedDemoCatalog)
        {
            await demoCatalog.SeedAsync(cancellationToken);
        }
        return seeded;
    }

    private async Task<List<SeededAccount>> SeedStaffAsync(IReadOnlyList<Agency> agencies)
    {
        var password = options.Value.SeedStaffPassword;
        var seeded = new List<SeededAccount>();
        async Task Add(string userName, string displayName, StaffRole role, Agency agency)
        {
            var result = await accounts.CreateAsync(userName, displayName, role, agency.Id, $"{userName}@example.gov.tw", password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create the seed account {userName}: {string.Join("; ", result.Errors)}");
            }
            seeded.Add(new SeededAccount(userName, role, agency.Code, result.GeneratedPassword ?? password!));
        }

        var ministry = agencies.First(a => a.ParentId is null && a.Parent is null);
        await Add("admin", "系統管理者", StaffRole.SystemAdmin, ministry);
        await Add("reviewer", "諮詢小組委員", StaffRole.Reviewer, ministry);
        foreach (var agency in agencies)
        {
            var code = agency.Code.ToLowerInvariant();
            await Add($"{code}-admin", $"{agency.ShortName ?? agency.Name}管理者", StaffRole.AgencyAdmin, agency);
            await Add($"{code}-officer", $"{agency.ShortName ?? agency.Name}承辦人", StaffRole.DataOfficer, agency);
        }
        return seeded;
    }
}

public sealed record SeededAccount(string UserName, StaffRole Role, string AgencyCode, string Password);
