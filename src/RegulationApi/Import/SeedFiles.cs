using RegulationApi.Data;

namespace RegulationApi.Import;

/// <summary>The files an import reads: a file as named, a folder as every *.json below it (seed/cn/rulings/…).</summary>
public static class SeedFiles
{
    /// <summary>In ordinal order of their paths within each folder, so that every start reads them alike.</summary>
    public static List<string> Expand(IEnumerable<string> paths) =>
    [
        .. paths.SelectMany<string, string>(path => Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [path]),
    ];

    /// <summary>Database:SeedPath, else the first "seed" folder found from the content root upwards; null when there is none.</summary>
    public static string? Folder(DatabaseOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.SeedPath))
        {
            return Path.GetFullPath(options.SeedPath, environment.ContentRootPath);
        }

        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seed");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
