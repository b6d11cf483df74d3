using Kaifang.Accounts;
using Kaifang.Feedback;
using Kaifang.Inventory;
using Kaifang.Promotion;
using Kaifang.Interop.Harvesting;
using Kaifang.Interop.NationalSync;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Kaifang.Pipelines.Runs;
using Kaifang.Quality;
using Kaifang.Seeding;
using Kaifang.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kaifang;

public static class KaifangServices
{
    /// The catalog's database, on the provider that configuration names (Kaifang:DatabaseProvider). The provider is read
    /// when services are registered, since each has its own context type and migrations; the connection string when
    /// a context is made.
    public static IServiceCollection AddKaifangDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetSection(KaifangOptions.Section).GetValue(nameof(KaifangOptions.DatabaseProvider), DatabaseProvider.Sqlite);
        static string ConnectionString(IServiceProvider sp) => sp.GetRequiredService<IOptions<KaifangOptions>>().Value.EffectiveConnectionString;
        services.AddSingleton<Catalog.NodeIdentity>();
        services.AddSingleton<Catalog.CatalogChangeRecorder>();
        services.AddSingleton<WorkClaims>();
        return provider switch
        {
            DatabaseProvider.PostgreSql => services.AddDbContext<KaifangDbContext, PostgreSqlKaifangDbContext>((sp, options) =>
                options.UseNpgsql(ConnectionString(sp)).AddInterceptors(sp.GetRequiredService<Catalog.CatalogChangeRecorder>())),
            _ => services.AddDbContext<KaifangDbContext>((sp, options) =>
                options.UseSqlite(ConnectionString(sp)).AddInterceptors(sp.GetRequiredService<Catalog.CatalogChangeRecorder>())),
        };
    }

    /// Registers what both the web host and the command line need: storage, accounts, search, seeding.
    public static IServiceCollection AddKaifangCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KaifangOptions>().Bind(configuration.GetSection(KaifangOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddKaifangDatabase(configuration);
        services.AddIdentityCore<StaffUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<KaifangDbContext>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<Agencies.AgencyDirectory>();
        services.AddSingleton<Search.CatalogIndex>().AddSingleton<Search.OwnIndexedChanges>().AddScoped<Search.CatalogIndexer>();
        services.AddOptions<Search.SearchOptions>().Bind(configuration.GetSection(Search.SearchOptions.Section));
        services.AddScoped<StaffAccounts>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<DemoCatalog>();
        services.AddScoped<Interop.NationalPlatform.ImportNationalCatalog>();
        services.AddScoped<Interop.NationalPlatform.ExportNationalCatalog>();
        services.AddScoped<Interop.Dcat.BuildDcatCatalog>();
        services.AddOptions<Interop.CommonApi.CommonApiOptions>().Bind(configuration.GetSection(Interop.CommonApi.CommonApiOptions.Section));
        services.AddScoped<Interop.CommonApi.CommonApiQueries>();
        services.AddScoped<Interop.CommonApi.CommonApiDatastore>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Catalog.CreateDataset>();
        services.AddSingleton<Catalog.DatasetIdentifiers>();
        services.AddScoped<Catalog.UpdateDataset>();
        services.AddScoped<Catalog.ChangeDatasetStatus>();
        services.AddScoped<Catalog.AddResource>();
        services.AddScoped<Catalog.RemoveResource>();
        services.AddScoped<Catalog.DeleteDataset>();
        services.AddScoped<Catalog.ReplaceResourceFile>();
        services.AddScoped<Catalog.UpdateResource>();
        services.AddSingleton<Datastore.DatastoreDatabase>();
        services.AddSingleton<Datastore.DraftDatastore>();
        services.AddSingleton<Datastore.DatastoreBacklog>();
        services.AddSingleton<Datastore.DatastoreLoader>();
        services.AddSingleton<Datastore.DatastoreQueries>();
        services.AddSingleton<Datastore.DatastoreSql>();
        services.AddScoped<Datastore.DatastoreSync>();
        services.AddHarvesting();
        services.AddNationalSync(configuration);
        // Keys live in the shared directory (the data directory unless configured), so sign-in cookies, antiforgery
        // tokens, the national platform's API keys and the pipelines' database connections survive a restart, the
        // command line reads what the web host protected, and every web node reads what another wrote.
        services.AddDataProtection().SetApplicationName("Kaifang");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<KaifangOptions>>((o, kaifang) =>
                o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(kaifang.Value.KeysDirectory), NullLoggerFactory.Instance));
        services.AddFeedback(configuration);
        services.AddOptions<Evaluation.EvaluationRules>().Bind(configuration.GetSection(Evaluation.EvaluationRules.Section));
        services.AddScoped<Evaluation.IndicatorMeasurement>();
        services.AddScoped<Evaluation.YearlyEvaluation>();
        services.AddScoped<Evaluation.ScheduleProgress>();
        services.AddScoped<Evaluation.EvaluationTargets>();
        services.AddScoped<Evaluation.EvaluationSnapshots>();
        services.AddScoped<Evaluation.IndicatorDrillDown>();
        services.AddScoped<Evaluation.QuarterlyReport>();
        services.AddQuality(configuration);
        services.AddInventory(configuration);
        services.AddPipelines(configuration);
        services.AddPromotion(configuration);
        return services;
    }
}
