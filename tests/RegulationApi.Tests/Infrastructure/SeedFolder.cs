using System.Text.Json;
using RegulationApi.Import;
using RegulationApi.Model;

namespace RegulationApi.Tests.Infrastructure;

/// <summary>The repository's seed/ as the service reads it: one record a file, seed/&lt;country&gt;/&lt;kind&gt;s/&lt;id&gt;.json.</summary>
public static class SeedFolder
{
    public static string Path { get; } = System.IO.Path.Combine(PostgresFixture.RepositoryRoot, "seed");

    /// <summary>Every seed file, in the order the service imports them.</summary>
    public static IReadOnlyList<string> Files { get; } = SeedFiles.Expand([Path]);

    private static readonly Lazy<IReadOnlyList<(string File, RecordDocument Document)>> LazyRecords = new(() =>
        [.. Files.Select(file => (RelativePath(file), JsonSerializer.Deserialize<RecordDocument>(File.ReadAllText(file), RecordJson.Import)
                                                   ?? throw new InvalidOperationException(file + " holds null")))]);

    /// <summary>Each record with its file's path relative to seed/ (cn/rulings/cn-ruling-….json).</summary>
    public static IReadOnlyList<(string File, RecordDocument Document)> Records => LazyRecords.Value;

    public static string RelativePath(string file) => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/');
}
