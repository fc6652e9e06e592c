using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.OpenApi;

/// <summary>
/// A TypeScript client generated from the served document (openapi-typescript, openapi-fetch) compiles in strict mode
/// and its calls work against the service listening on a real port (clients/typescript/src/smoke.ts).
/// </summary>
public sealed class TypeScriptClientTests(PostgresFixture postgres)
{
    [Fact]
    public async Task GeneratedClient_SmokeProgramAgainstListeningService_ExitsZero()
    {
        // Arrange: the service on a port, the npm project installed, and the document that service serves
        var address = await postgres.ListeningApiAsync();
        await NpmProject.EnsureInstalledAsync();
        using var http = new HttpClient { BaseAddress = address };
        var documentFile = Path.Combine(Path.GetTempPath(), $"regulationapi-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(documentFile, await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken),
            TestContext.Current.CancellationToken);

        try
        {
            // Act: generate the types, compile the program against them, run it
            var generate = await NpmProject.RunToolAsync("openapi-typescript", [documentFile, "--output", "src/generated/api.ts"]);
            Assert.True(generate.ExitCode == 0, "openapi-typescript failed: " + generate);
            var compile = await NpmProject.RunToolAsync("tsc", ["-p", "tsconfig.json", "--noEmit", "false"]);
            Assert.True(compile.ExitCode == 0, "the client does not compile: " + compile);
            var run = await NpmProject.RunAsync("node", ["dist/smoke.js", address.ToString().TrimEnd('/')], TimeSpan.FromMinutes(2));

            // Assert
            Assert.True(run.ExitCode == 0, "the smoke program failed: " + run);
            Assert.Contains("smoke: all checks passed", run.Output);
        }
        finally
        {
            File.Delete(documentFile);
        }
    }
}
