using RegulationApi.Import;
using RegulationApi.Infrastructure;
using RegulationApi.Records;
using RegulationApi.Stats;

var builder = WebApplication.CreateBuilder(args);

// Configure services: database, import, search, validation, protection, problems, health, OpenAPI
builder.AddRegulationApi();

var app = builder.Build();

// `RegulationApi import FILE...` loads files instead of serving
if (args is ["import", .. var files])
{
    return await app.RunImportAsync(files);
}

// Configure the HTTP pipeline: one problem format for every error
app.UseRegulationApi();

// Map the API, its documentation and health
app.MapRecords();
app.MapStats();
app.MapRegulationOpenApi();
app.MapRegulationHealthChecks();

await app.RunAsync();
return 0;
