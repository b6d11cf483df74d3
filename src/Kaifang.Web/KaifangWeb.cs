using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Seeding;
using Kaifang.Web.Api;
using Kaifang.Web.Api.Ckan;
using Kaifang.Web.Authentication;
using Kaifang.Scheduling;
using Scalar.AspNetCore;
using Kaifang.Web.Localization;
using Kaifang.Web.Portal;
using Kaifang.Search;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Logging.Abstractions;

using Kaifang.Web.Security;

namespace Kaifang.Web;

/// The web host's composition: what Program.cs calls, one method per stage.
public static class KaifangWeb
{
    /// Room for the other form fields and multipart boundaries around an uploaded file.
    private const long FormOverheadBytes = 1024 * 1024;

    public static IServiceCollection AddKaifangWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin");
            // The event form serves both the new event and changing one.
            o.Conventions.AddPageRoute("/Admin/Promotion/EditEvent", "/admin/promotion/events/{id:guid}/edit");
        });
        // Chinese text is written as it is, not as &#x...; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            CultureInfo[] cultures = [new(Lang.Chinese), new(Lang.English)];
            o.DefaultRequestCulture = new RequestCulture(Lang.Chinese);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider(),
            ];
        });

        new IdentityBuilder(typeof(StaffUser), typeof(IdentityRole<Guid>), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Staff";
                o.DefaultChallengeScheme = "Staff";
            })
            .AddPolicyScheme("Staff", "Cookie for people, token for machines", o =>
                o.ForwardDefaultSelector = context => ApiTokenAuthenticationHandler.TokenFrom(context.Request) is null
                    ? IdentityConstants.ApplicationScheme
                    : ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(o => o.ApplicationCookie?.Configure(c =>
            {
                c.LoginPath = "/account/login";
                c.LogoutPath = "/account/logout";
                c.AccessDeniedPath = "/account/denied";
                c.Cookie.Name = "kaifang.auth";
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Lax;
                c.SlidingExpiration = true;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                // API callers get status codes, not a redirect to the sign-in page.
                c.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
                c.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
            }));
        services.AddAuthorization();
        // Forms' antiforgery cookie goes with same-site requests only; both cookies are Secure on HTTPS requests
        // (behind a proxy, once Kaifang:TrustedProxies lets the forwarded scheme through).
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // Data protection keys live with the data (registered with the core services, for the command line
        // too), so sign-in cookies survive a restart; a shared data directory serves several nodes.
        services.AddProblemDetails();
        // The API's endpoints throw what they cannot read from a request, in every environment, so that the
        // answer can say what it was (ApiProblems).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Scheduled work (harvests, link checks, reminders, pipelines): on PostgreSQL one schedule in the database for
        // every node, each firing taken by one node; on SQLite in memory (docs/decisions/0014-quartz-clustered-on-postgresql.md).
        // Each source's trigger is kept by HarvestSchedule.
        services.AddKaifangScheduler(configuration);
        services.AddSingleton<Kaifang.Interop.Harvesting.HarvestSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<Kaifang.Interop.Harvesting.HarvestSchedule>());
        // The nightly check of every resource link (docs/quality.md).
        services.AddHostedService<Kaifang.Quality.LinkCheckSchedule>();
        services.AddHostedService<Kaifang.Quality.QuarterlyCheckSchedule>();
        services.AddHostedService<Kaifang.Quality.QualityDigestSchedule>();
        // Follows writes made on other nodes or by the command line (docs/operations.md).
        services.AddSingleton<CatalogChangeFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogChangeFollower>());
        // Loads published resources into the DataStore as the catalog changes (docs/datastore.md).
        services.AddHostedService<Kaifang.Datastore.DatastoreWorker>();
        // Reply reminders and escalations (docs/feedback.md), and the delivery of the outbox's e-mail.
        services.AddHostedService<Kaifang.Feedback.FeedbackSchedule>();
        // Reminders of inventory rounds' deadlines (docs/inventory.md).
        services.AddHostedService<Kaifang.Inventory.InventorySchedule>();
        // Publishing to the national platform (docs/national-sync.md).
        services.AddHostedService<Kaifang.Interop.NationalSync.NationalSyncSchedule>();
        // Pipelines on their schedules (docs/pipelines.md).
        services.AddHostedService<Kaifang.Pipelines.Runs.PipelineSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<Kaifang.Notifications.OutboxSender>());
        // The server's own body limits sit just above Kaifang's upload limit, so that an oversized
        // upload reaches FileStore and is refused with the limit named, not cut off by Kestrel at 30 MB.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<KaifangOptions>>((k, kaifang) => k.Limits.MaxRequestBodySize = kaifang.Value.MaxUploadBytes + FormOverheadBytes);
        services.AddOptions<Microsoft.AspNetCore.Http.Features.FormOptions>()
            .Configure<IOptions<KaifangOptions>>((f, kaifang) => f.MultipartBodyLengthLimit = kaifang.Value.MaxUploadBytes + FormOverheadBytes);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kaifang API";
            document.Info.Description =
                "The native JSON API of Kaifang, the open-data portal of the Ministry of Labor and its agencies. " +
                "Reading published datasets needs no account. Writing needs an API token (create one at /admin/tokens) " +
                "in the Authorization header, bare or as 'Bearer <token>'. Every error is an RFC 9457 problem details object; " +
                "validation errors, and parameters that cannot be read, have an 'errors' object per field. Messages are in " +
                "Traditional Chinese, or in English with ?lang=en or Accept-Language: en.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// What the trusted reverse proxies say of the visitor, or null when there are none.
    private static ForwardedHeadersOptions? ForwardedHeaders(List<string> proxies)
    {
        if (proxies.Count == 0)
        {
            return null;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (System.Net.IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"Kaifang:TrustedProxies holds '{proxy}', which is neither an IP address nor a network in CIDR form (e.g. 10.0.0.0/8).");
            }
        }
        return options;
    }

    /// An upload not written to for this long was cut off: Kestrel drops a client sending slower than 240 bytes a second.
    private static readonly TimeSpan AbandonedUploadIdle = TimeSpan.FromMinutes(10);

    public static async Task InitializeKaifangAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        if (seeded.Count > 0)
        {
            PrintSeededAccounts(seeded);
        }
        // A process killed in the middle of an upload leaves its unfinished file behind, under no name anyone reads.
        var abandoned = app.Services.GetRequiredService<Kaifang.Storage.FileStore>()
            .RemoveAbandonedUploads(app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), AbandonedUploadIdle);
        if (abandoned > 0)
        {
            app.Logger.LogInformation("Removed {Count} unfinished uploads left by a stopped process", abandoned);
        }
        // This node's search index may be new or behind the database (DESIGN.md: each node keeps its own); once
        // running, it follows the writes of other nodes and of the command line.
        await app.Services.GetRequiredService<CatalogChangeFollower>().StartFromDatabaseAsync(app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UseKaifang(this WebApplication app)
    {
        if (ForwardedHeaders(app.Services.GetRequiredService<IOptions<KaifangOptions>>().Value.TrustedProxies) is { } forwarded)
        {
            app.UseForwardedHeaders(forwarded);
        }
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            // Browsers that reached Kaifang over HTTPS keep to HTTPS (sent on HTTPS responses only).
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRequestLocalization();
        app.UseApiProblems();
        // A request the server refuses for its body (larger than the upload limit allows, a broken form, JSON that
        // is not what the endpoint takes) is the sender's error, with the status the server gave it (413, 400,
        // 415), not a server fault.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted && ApiProblems.IsApi(context) && e.StatusCode != StatusCodes.Status413PayloadTooLarge)
            {
                await ApiProblems.WriteAsync(context, e.StatusCode, e);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<KaifangOptions>>().Value.MaxUploadBytes / 1024 / 1024;
                var english = context.WantsEnglish();
                context.Response.Clear();
                await Results.Problem(statusCode: e.StatusCode, title: e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? english ? $"The request is larger than the upload limit of {limit:N0} MB; nothing was saved." : $"請求內容超過 {limit:N0} MB 的上傳上限，未儲存任何變更。"
                    : english ? "The request's body cannot be read; nothing was saved." : "無法讀取請求內容，未儲存任何變更。").ExecuteAsync(context);
            }
        });
        app.UseStaticFiles();
        app.UseDcatContentNegotiation();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapKaifang(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapResourceDownloads();
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var chosen = culture == Lang.English ? Lang.English : Lang.Chinese;
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("Kaifang API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        // SecurityHeaders.ApiReferencePath relaxes the content policy for this page alone.
        app.MapDatasetsApi();
        app.MapAgenciesApi();
        app.MapTokensApi();
        app.MapCkanActionApi();
        app.MapHarvestApi();
        app.MapDcatApi();
        app.MapNationalApi();
        app.MapNationalSyncApi();
        app.MapDatastoreApi();
        app.MapCommonApi();
        app.MapFeedbackApi();
        app.MapEvaluationApi();
        app.MapQualityApi();
        app.MapQualityChecksApi();
        app.MapMetadataQualityApi();
        app.MapInventoryApi();
        app.MapMeetingsApi();
        app.MapPipelinesApi();
        app.MapPromotionApi();
        return app;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static void PrintSeededAccounts(IReadOnlyList<SeededAccount> seeded)
    {
        Console.WriteLine();
        Console.WriteLine("Kaifang: staff accounts created for this new installation. The passwords are shown only now:");
        foreach (var a in seeded)
        {
            Console.WriteLine($"  {a.UserName,-16} {a.Role,-12} {a.AgencyCode,-6} {a.Password}");
        }
        Console.WriteLine("Sign in at /account/login and change them, or create others with: ./kaifang users add");
        Console.WriteLine();
    }
}
