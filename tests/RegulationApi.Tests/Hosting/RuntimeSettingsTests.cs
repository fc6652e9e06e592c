using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Hosting;

/// <summary>
/// The runtime settings the memory target at a million records rests on (BENCHMARKS.md), as the build writes them
/// into the service's runtimeconfig.json: a misspelt MSBuild property is silently ignored.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void RuntimeConfig_WorkstationConcurrentGcWithoutInstrumentedTier()
    {
        var path = Path.ChangeExtension(ServiceCommand.Dll, ".runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first.");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // The Web SDK turns server GC on unless told otherwise; its first gen0 budgets after the index build are
        // tens of megabytes, where the workstation GC's are a few.
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(7, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
