using Kaifang.Seeding;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaifang.Tests.Seeding;

/// Every seeded agency carries its official organisation code and OID, and a database seeded by an
/// earlier release is corrected on start without touching what someone set by hand.
public sealed class AgencySeedUpdateTests
{
    [Fact]
    public void The_seed_has_each_agencys_official_code_and_oid()
    {
        var agencies = MinistryOfLaborSeed.Agencies().ToDictionary(a => a.Code);
        Assert.Equal(("A17000000J", "2.16.886.101.20003.20063"), (agencies["MOL"].OrganisationCode, agencies["MOL"].Oid));
        Assert.Equal(("A17010000J", "2.16.886.101.20003.20063.20001"), (agencies["BLI"].OrganisationCode, agencies["BLI"].Oid));
        Assert.Equal(("A17020000J", "2.16.886.101.20003.20063.20002"), (agencies["WDA"].OrganisationCode, agencies["WDA"].Oid));
        Assert.Equal(("A17030000J", "2.16.886.101.20003.20063.20003"), (agencies["BLF"].OrganisationCode, agencies["BLF"].Oid));
        Assert.Equal(("A17040000J", "2.16.886.101.20003.20063.20004"), (agencies["OSHA"].OrganisationCode, agencies["OSHA"].Oid));
        Assert.Equal(("A17050000J", "2.16.886.101.20003.20063.20005"), (agencies["ILOSH"].OrganisationCode, agencies["ILOSH"].Oid));
    }

    [Fact]
    public async Task An_old_database_gets_the_codes_and_oids_and_keeps_hand_set_values()
    {
        using var app = new KaifangAppFactory();
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Kaifang.Storage.KaifangDbContext>();
        // As an earlier release seeded it: the three codes rotated, no OIDs below the ministry; one OID set by hand.
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"OrganisationCode\" = '~' || \"Code\" WHERE \"Code\" IN ('WDA', 'BLF', 'OSHA')");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"OrganisationCode\" = 'A17030000J' WHERE \"Code\" = 'WDA'");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"OrganisationCode\" = 'A17040000J' WHERE \"Code\" = 'BLF'");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"OrganisationCode\" = 'A17020000J' WHERE \"Code\" = 'OSHA'");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"Oid\" = NULL WHERE \"Code\" <> 'MOL'");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"Oid\" = '1.2.3' WHERE \"Code\" = 'ILOSH'");

        var changed = await AgencySeedUpdate.ApplyAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(4 + 3, changed);
        db.ChangeTracker.Clear();
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code);
        Assert.Equal("A17020000J", agencies["WDA"].OrganisationCode);
        Assert.Equal("A17030000J", agencies["BLF"].OrganisationCode);
        Assert.Equal("A17040000J", agencies["OSHA"].OrganisationCode);
        Assert.Equal("2.16.886.101.20003.20063.20004", agencies["OSHA"].Oid);
        Assert.Equal("1.2.3", agencies["ILOSH"].Oid);

        // Run again: nothing left to do.
        Assert.Equal(0, await AgencySeedUpdate.ApplyAsync(db, NullLogger.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task A_code_changed_by_hand_is_left_alone()
    {
        using var app = new KaifangAppFactory();
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Kaifang.Storage.KaifangDbContext>();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Agencies\" SET \"OrganisationCode\" = 'X99000000Z' WHERE \"Code\" = 'WDA'");

        Assert.Equal(0, await AgencySeedUpdate.ApplyAsync(db, NullLogger.Instance, CancellationToken.None));
        Assert.Equal("X99000000Z", await db.Agencies.Where(a => a.Code == "WDA").Select(a => a.OrganisationCode).SingleAsync());
    }
}
