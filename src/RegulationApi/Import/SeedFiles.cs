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
}
