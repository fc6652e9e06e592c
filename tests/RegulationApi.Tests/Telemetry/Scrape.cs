using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace RegulationApi.Tests.Telemetry;

/// <summary>One sample of a Prometheus text exposition: <c>name{label="value",...} value</c>.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One scrape of /metrics, parsed (the Prometheus text format, comments left out).</summary>
public sealed partial class Scrape(string text, IReadOnlyList<Sample> samples)
{
    public string Text { get; } = text;

    public IReadOnlyList<Sample> Samples { get; } = samples;

    public static async Task<Scrape> TakeAsync(HttpClient client, string url = "/metrics")
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Parse(text);
    }

    public static Scrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups[1].Value, m => Regex.Unescape(m.Groups[2].Value));
            samples.Add(new Sample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }

        return new Scrape(text, samples);
    }

    /// <summary>The samples of a name that carry every given label.</summary>
    public IEnumerable<Sample> Named(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The one sample of a name with these labels; fails, showing the scrape's names, when there is none or several.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var found = Named(name, labels).ToList();
        Assert.True(found.Count == 1,
            $"expected one sample {name} {string.Join(",", labels)}, found {found.Count}; names: {string.Join(" ", Samples.Select(s => s.Name).Distinct().Order())}");
        return found[0].Value;
    }

    /// <summary>The sum over every matching series; 0 where none exists yet (a counter nothing has counted).</summary>
    public double Total(string name, params (string Label, string Value)[] labels) =>
        Named(name, labels).Sum(s => s.Value);

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
