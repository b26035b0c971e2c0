using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Server.Api;
using HashMatch.Server.Decisions;
using HashMatch.Server.Exchanges;
using HashMatch.Server.HmaCompat;
using HashMatch.Server.Indexing;
using HashMatch.Server.Limits;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Security;
using HashMatch.Server.Storage;
using HashMatch.Server.WebConsole;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Prometheus;

namespace HashMatch.Server;

/// <summary>
/// The matching service: ASP.NET Core minimal APIs on Kestrel over the library's matcher, banks in SQLite or
/// PostgreSQL, an immutable in-memory index per replica that follows the store's change log. Start it with
/// <see cref="StartAsync(ServerOptions, CancellationToken)"/>; <c>hashmatch serve</c> does, and so do the tests (on loopback, port 0).
/// </summary>
public sealed class HashMatchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HashMatchServer(WebApplication app, IReadOnlyList<Uri> urls, string store, string storeId)
    {
        _app = app;
        Urls = urls;
        Store = store;
        StoreId = storeId;
    }

    /// <summary>The addresses the server listens on (with the ports chosen for port 0).</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>The bank store in use (kind and location, never a password).</summary>
    public string Store { get; }

    /// <summary>The bank store's identity (<see cref="IBankStore.StoreId"/>): random, made when the store was created, the same on every replica.</summary>
    public string StoreId { get; }

    /// <summary>
    /// Opens the bank store (creating its schema, or upgrading an older one), syncs the environment API keys, starts
    /// listening and starts loading the index in the background (<c>/health/ready</c> says when it is loaded).
    /// </summary>
    /// <exception cref="HashMatchException">The options or the bootstrap keys cannot work (reason <see cref="HashMatchErrorReason.Malformed"/>), or the data folder or database cannot be opened (<see cref="HashMatchErrorReason.Unreadable"/>).</exception>
    /// <exception cref="StoreVersionException">The store was written by a newer binary (its schema version is above this one's).</exception>
    public static Task<HashMatchServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="StartAsync(ServerOptions, CancellationToken)"/>, with the clock the key checks use (tests pass a fake one).</summary>
    internal static async Task<HashMatchServer> StartAsync(ServerOptions options, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new HashMatchException("serve", HashMatchErrorReason.Malformed, problem);
        }

        var (keys, keyProblem) = EnvironmentApiKeys.Parse(options.ApiKeys ?? Environment.GetEnvironmentVariable(EnvironmentApiKeys.Variable));
        if (keyProblem is not null)
        {
            throw new HashMatchException(EnvironmentApiKeys.Variable, HashMatchErrorReason.Malformed, keyProblem);
        }

        IBankStore store = SqlBankStore.Open(options);
        WebApplication? app = null;
        try
        {
            await store.InitializeAsync(cancellationToken);
            ImportSpool.RemoveOrphans(options);
            app = Build(options, store, clock);
            ApiKeyRing ring = app.Services.GetRequiredService<ApiKeyRing>();
            await ring.BootstrapAsync(keys!, cancellationToken);
            if (ring.Count == 0)
            {
                app.Logger.LogWarning("No active API keys are stored: every /v1 request will get 401. Add one with 'hashmatch serve keys add', or set HASHMATCH_API_KEYS.");
            }

            await app.StartAsync(cancellationToken);
            IReadOnlyList<Uri> urls = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))];
            app.Logger.LogInformation("Listening on {Urls}; banks in {Store}", string.Join(", ", urls), store.Description);
            return new HashMatchServer(app, urls, store.Description, store.StoreId);
        }
        catch (Exception e)
        {
            if (app is not null)
            {
                await app.DisposeAsync(); // stops the index follower; the container disposes the store
            }
            else
            {
                store.Dispose();
            }

            if (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
            {
                throw new HashMatchException(store.Description, HashMatchErrorReason.Unreadable, $"cannot open the bank store or listen: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>Waits until the server stops (<paramref name="cancellationToken"/> cancelled, or the host shut down).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _app.Lifetime.ApplicationStopping).Token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Stops listening (finishing requests in flight) and closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static WebApplication Build(ServerOptions options, IBankStore store, TimeProvider clock)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(HashMatchServer).Assembly.GetName().Name,
            ContentRootPath = options.DataDirectory is { } data ? Path.GetFullPath(data) : AppContext.BaseDirectory,

            // The host would otherwise watch the content root (the data folder) for appsettings.json changes, and
            // the store writes there on every commit: each write woke a file-watching thread (3 % of a lookup load's
            // CPU with decisions recorded; docs/review.md, "What recording costs"). Nothing here reloads anyway.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        if (options.ConfigurationFile is { } file)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        // Logs go to stderr (stdout is a command's record stream), one line each.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.UseKestrelHttpsConfiguration(); // https:// URLs take their certificate from the Kestrel configuration
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Bodies bind with the same names the answers use (ServerJson's: snake_case, nulls left out).
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJson.Default);
        });

        var metrics = new ServerMetrics();
        var indexSettings = new IndexSettings
        {
            PollInterval = options.PollInterval,
            StaleAfter = options.StaleAfter,
            DeltaLimit = options.DeltaLimit,
            Hashing = ImageHasherOptions.Default with
            {
                MaxInputBytes = options.MaxBodyBytes,
                Decode = ImageDecodeOptions.Default with { MaxPixels = options.MaxPixels },
            },
        };
        builder.Services.AddSingleton<IBankStore>(_ => store); // from a factory, so the container disposes it
        builder.Services.AddSingleton((IDecisionStore)store);
        builder.Services.AddSingleton((IExchangeStore)store);
        builder.Services.AddSingleton<ExchangeScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ExchangeScheduler>());
        builder.Services.AddSingleton<FloodQuarantine>();
        builder.Services.AddSingleton<DecisionRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DecisionRecorder>());
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(indexSettings);
        builder.Services.AddSingleton<IIndexFiles>(options.DataDirectory is { } folder ? new KnownListIndexFiles(folder, store.StoreId) : new NoIndexFiles());
        builder.Services.AddSingleton<IndexFollower>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IndexFollower>());
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddSingleton(new ApiKeyCatalog(store, clock)); // an instance: the container does not dispose it (the store is disposed once, above)
        builder.Services.AddSingleton<FailedKeyThrottle>();
        builder.Services.AddSingleton<ServerServices>();
        // Authentication brings data protection along; nothing here protects data with it, so keep its keys in memory
        // (instead of writing a key ring under the user's profile).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthentication.ReadPolicy, policy => policy.RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiKeyAuthentication.ReadPolicy))
            .AddPolicy(ApiKeyAuthentication.WritePolicy, policy => policy.RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiKeyAuthentication.WritePolicy))
            .AddPolicy(ApiKeyAuthentication.MetricsPolicy, policy => policy.RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiKeyAuthentication.MetricsPolicy))
            .AddPolicy(ApiKeyAuthentication.ReviewPolicy, policy => policy.RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiKeyAuthentication.ReviewPolicy))
            .AddPolicy(ApiKeyAuthentication.AdminPolicy, policy => policy.RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiKeyAuthentication.AdminPolicy));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreFaultHandler>();
        builder.Services.AddOpenApi(OpenApiDescription.Configure);
        RequestLimits.Add(builder.Services, options, metrics);

        WebApplication app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's own refusals (a body over the limit: 413) keep their status; anything else is a 500 problem.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseHttpMetrics(http => http.SetMetricFactory(Metrics.WithCustomRegistry(metrics.Registry)));
        app.UseAuthentication();
        app.UseAuthorization();
        RequestLimits.Use(app);

        metrics.Registry.AddBeforeCollectCallback(() => metrics.Staleness.Set(app.Services.GetRequiredService<IndexFollower>().Staleness.TotalSeconds));
        // Both name the banks (metrics' labels, the document's examples): metrics need the metrics scope, the
        // document any valid key (the default policy: an authenticated request).
        app.MapMetrics("/metrics", metrics.Registry).RequireAuthorization(ApiKeyAuthentication.MetricsPolicy);
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization();
        BankEndpoints.Map(app);
        EntryEndpoints.Map(app);
        VideoEndpoints.Map(app);
        MatchEndpoints.Map(app);
        IndexEndpoints.Map(app);
        DecisionEndpoints.Map(app);
        KeyEndpoints.Map(app);
        ExchangeEndpoints.Map(app);
        ConsoleEndpoints.Map(app);
        if (options.HmaCompat)
        {
            HmaCompatRoutes.Map(app);
        }

        return app;
    }
}
