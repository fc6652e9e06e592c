using RegulationApi.Curation;
using RegulationApi.Data;
using RegulationApi.Import;
using RegulationApi.Infrastructure.OpenApi;
using RegulationApi.Infrastructure;
using RegulationApi.Mcp;
using RegulationApi.Pages;
using RegulationApi.Records;
using RegulationApi.Search;
using RegulationApi.Stats;
using RegulationApi.Telemetry;

// The content root is the program's own folder, wherever it is started from: its appsettings.json (log levels above
// all) then applies to `dotnet path/to/RegulationApi.dll` too, not only to a start from that folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// The features, each with its own services
builder.AddDatabase();
builder.AddImport();
builder.AddSearch();
builder.AddRecords();
builder.AddCuration();
builder.Services.AddRegulationPages();
builder.AddMcpTools();

// What every endpoint shares: JSON, problems, protection, caching, health, metrics and traces, the OpenAPI document
builder.AddApiJson();
builder.AddProblems();
builder.Services.AddRegulationRateLimits();
builder.Services.AddRegulationRequestLimits();
builder.Services.AddRegulationCaching();
builder.Services.AddRegulationHealthChecks();
builder.AddTelemetry();
// Last: under the build's document generator it takes the service's background work out again
builder.Services.AddRegulationOpenApi();

// Commands keep standard output for their result (a new key, a summary): logs go to standard error
if (args is ["import" or "keys", ..])
{
    builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();

// `RegulationApi import PATH...` loads files instead of serving
if (args is ["import", .. var files])
{
    return await app.RunImportAsync(files);
}

// `RegulationApi keys create NAME | revoke NAME | list` manages the curators' API keys
if (args is ["keys", .. var keyArgs])
{
    return await app.RunKeysCommandAsync(keyArgs);
}

// The pipeline: the pages' HTML and CSS leave compressed, whether from the cache or just rendered; one problem format
// for every error; a request line or headers too long refused first; rate limits before the output cache, so a cached
// answer counts too
app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRegulationRequestLimits();
app.UseRegulationRateLimits();
app.UseRegulationCaching();
app.UseAuthentication();
app.UseAuthorization();

// The API, its documentation, health and metrics
app.MapRecords();
app.MapCuration();
app.MapStats();
app.MapRegulationOpenApi();
app.MapRegulationHealthChecks();
app.MapTelemetry();

// The read API as tools for AI assistants (Model Context Protocol) at /mcp
app.MapMcpTools();

// The pages for people: search at /, a record at /records/{id}
app.MapPages();

await app.RunAsync();
return 0;
