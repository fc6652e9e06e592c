using System.Text.Json;
using System.Text.RegularExpressions;

namespace RegulationApi.Tests.OpenApi;

/// <summary>One operation of the document, with its path-level and own parameters ($refs resolved).</summary>
public sealed record ApiOperation(string Path, string Method, JsonElement Operation, IReadOnlyList<JsonElement> Parameters)
{
    public IEnumerable<JsonElement> ParametersIn(string location) =>
        Parameters.Where(p => p.GetProperty("in").GetString() == location);

    public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
}

/// <summary>
/// An OpenAPI document as the tests read it: its operations, which path template a request path falls under,
/// and whether a response (status and media type) is one the document declares.
/// </summary>
public sealed class ApiDocument
{
    public static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly List<(string Template, Regex Pattern, int Parameters)> _templates;

    public ApiDocument(string json)
    {
        Json = json;
        Root = JsonDocument.Parse(json).RootElement.Clone();
        _templates = [.. Paths.Select(p => (p, Template(p), p.Count(c => c == '{')))];
        Operations = [.. Paths.SelectMany(path => Root.GetProperty("paths").GetProperty(path).EnumerateObject()
            .Where(o => Methods.Contains(o.Name))
            .Select(o => new ApiOperation(path, o.Name, o.Value, ParametersOf(path, o.Value))))];
    }

    public string Json { get; }

    public JsonElement Root { get; }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public IEnumerable<string> Paths => Root.GetProperty("paths").EnumerateObject().Select(p => p.Name);

    /// <summary>The template a request path falls under, as routing would choose it: literal segments beat parameters.</summary>
    public string? MatchPath(string requestPath)
    {
        var path = requestPath.Length > 1 ? requestPath.TrimEnd('/') : requestPath;
        return _templates.Where(t => t.Pattern.IsMatch(path)).OrderBy(t => t.Parameters).Select(t => t.Template).FirstOrDefault();
    }

    /// <summary>
    /// Null when the document declares this response for the request (its status, by code, range or default, and,
    /// for a body, its media type); otherwise what is wrong. A method the path lacks must answer a 405 that some
    /// operation of the path declares. Requests outside the document's paths are not its concern (null).
    /// </summary>
    public string? Undeclared(string method, string requestPath, int status, string? contentType)
    {
        if (MatchPath(requestPath) is not { } template)
        {
            return null;
        }

        var candidates = Operations.Where(o => o.Path == template).ToList();
        var own = candidates.Where(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).ToList();
        if (own.Count == 0 && status != 405)
        {
            return $"{method} is not an operation of {template}, yet it answered {status} rather than 405";
        }

        // A HEAD has no body: its status is the HEAD operation's to declare, its Content-Type the GET's.
        if (own.Count > 0 && method.Equals("HEAD", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(contentType)
            && candidates.FirstOrDefault(o => o.Method == "get") is { } get
            && UndeclaredBy(get, status, contentType) is { } mediaProblem)
        {
            return $"{get} (whose headers a HEAD sends): {mediaProblem}";
        }

        if (method.Equals("HEAD", StringComparison.OrdinalIgnoreCase) && own.Count > 0)
        {
            contentType = null;
        }

        var problems = new List<string>();
        foreach (var operation in own.Count > 0 ? own : candidates)
        {
            if (UndeclaredBy(operation, status, contentType) is not { } problem)
            {
                return null;
            }

            problems.Add($"{operation}: {problem}");
        }

        return string.Join("; ", problems);
    }

    private string? UndeclaredBy(ApiOperation operation, int status, string? contentType)
    {
        var responses = operation.Operation.GetProperty("responses");
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(code, out var response)
            && !responses.TryGetProperty(code[0] + "XX", out response)
            && !responses.TryGetProperty("default", out response))
        {
            return $"{status} is not declared (it declares {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})";
        }

        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        response = Resolve(response);
        var declared = response.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(c => c.Name.ToLowerInvariant()).ToList() : [];
        return declared.Any(d => d == mediaType || d == "*/*" || (d.EndsWith("/*", StringComparison.Ordinal) && mediaType.StartsWith(d[..^1], StringComparison.Ordinal)))
            ? null
            : $"its {status} body is {mediaType}, but the {status} response declares {(declared.Count == 0 ? "no content" : string.Join(", ", declared))}";
    }

    /// <summary>Follows a local $ref (#/components/...).</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            var target = Root;
            foreach (var segment in reference.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target.GetProperty(segment.Replace("~1", "/").Replace("~0", "~"));
            }

            element = target;
        }

        return element;
    }

    private List<JsonElement> ParametersOf(string path, JsonElement operation)
    {
        var pathLevel = Root.GetProperty("paths").GetProperty(path).TryGetProperty("parameters", out var shared)
            ? shared.EnumerateArray().Select(Resolve).ToList()
            : [];
        var own = operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray().Select(Resolve).ToList() : [];
        // An operation's own parameter overrides the path's parameter of the same name and location.
        return [.. own, .. pathLevel.Where(p => !own.Any(o => Key(o) == Key(p)))];

        static string Key(JsonElement parameter) => parameter.GetProperty("in").GetString() + ":" + parameter.GetProperty("name").GetString();
    }

    private static Regex Template(string path) =>
        new("^" + string.Join("/", path.Split('/').Select(s => s.StartsWith('{') ? "[^/]+" : Regex.Escape(s))) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
