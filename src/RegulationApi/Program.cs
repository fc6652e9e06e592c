using RegulationApi.Curation;
using RegulationApi.Import;
using RegulationApi.Infrastructure;
using RegulationApi.Pages;
using RegulationApi.Records;
using RegulationApi.Stats;

// The content root is the program's own folder, wherever it is started from: its appsettings.json (log levels above
// all) then applies to `dotnet path/to/RegulationApi.dll` too, not only to a start from that folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Configure services: database, import, search, validation, protection, problems, health, OpenAPI
builder.AddRegulationApi();

// Commands keep standard output for their result (a new key, a summary): logs go to standard error
if (args is ["import" or "keys", ..])
{
    builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();

// `RegulationApi import FILE...` loads files instead of serving
if (args is ["import", .. var files])
{
    return await app.RunImportAsync(files);
}

// `RegulationApi keys create NAME | revoke NAME | list` manages the curators' API keys
if (args is ["keys", .. var keyArgs])
{
    return await app.RunKeysCommandAsync(keyArgs);
}

// Configure the HTTP pipeline: one problem format for every error
app.UseRegulationApi();

// Map the API, its documentation and health
app.MapRecords();
app.MapCuration();
app.MapStats();
app.MapRegulationOpenApi();
app.MapRegulationHealthChecks();

// Map the pages for people: search at /, a record at /records/{id}
app.MapPages();

await app.RunAsync();
return 0;
