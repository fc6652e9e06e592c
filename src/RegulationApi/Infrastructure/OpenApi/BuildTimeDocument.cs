using RegulationApi.Data;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>
/// The build writes the document to openapi/v1.json (Microsoft.Extensions.ApiDescription.Server): its GetDocument.Insider
/// runs Program with a server that never listens and asks for the document once the host has started. The document
/// needs no database, so under it nothing connects to one.
/// </summary>
public static class BuildTimeDocument
{
    public static bool IsGenerating => DatabaseServices.UnderDocumentGenerator;

    /// <summary>Under the generator, none of the service's own background work (migrating, seeding, the index, the health probe).</summary>
    public static void RemoveBackgroundWork(IServiceCollection services)
    {
        foreach (var hosted in services.Where(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Assembly == typeof(BuildTimeDocument).Assembly).ToList())
        {
            services.Remove(hosted);
        }
    }
}
