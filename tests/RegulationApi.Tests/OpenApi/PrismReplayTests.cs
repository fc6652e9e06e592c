using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.OpenApi;

/// <summary>
/// An independent validator agrees: the request corpus derived from the document (<see cref="ResponseConformanceTests.Corpus"/>),
/// the server's own errors and conditional GETs are replayed through Stoplight Prism's validating proxy
/// (<c>prism proxy DOC UPSTREAM --errors</c>, clients/typescript) in front of the service on a loopback port. Prism checks
/// each response's status, headers and body against the document; any violation it reports fails the test.
/// </summary>
public sealed class PrismReplayTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Corpus_ReplayedThroughPrismProxy_HasNoViolation()
    {
        // Arrange: the document as served, and Prism in front of the service
        await NpmProject.EnsureInstalledAsync();
        var upstream = await postgres.ListeningApiAsync();
        using var direct = new HttpClient { BaseAddress = upstream };
        var json = await direct.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var document = new ApiDocument(json);
        var path = Path.Combine(Path.GetTempPath(), $"regulationapi-prism-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);
        await using var prism = await PrismProxy.StartAsync(path, upstream);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = prism.Address };

        try
        {
            // Act: each request, and each 200 with an ETag again as a conditional GET
            var violations = new List<string>();
            var statuses = new HashSet<int>();
            var probes = new Queue<ResponseConformanceTests.Probe>(Corpus(document));
            var count = 0;
            while (probes.TryDequeue(out var probe))
            {
                count++;
                using var request = ResponseConformanceTests.Request(probe);
                if (probe.Method != "GET")
                {
                    // Prism answers a request without credentials itself (401); with a key the service does not know, it forwards
                    // it, and the service refuses it before anything is written.
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key");
                }

                using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                statuses.Add((int)response.StatusCode);
                if (Violation(response, body) is { } violation)
                {
                    violations.Add($"{probe} -> {(int)response.StatusCode}: {violation}");
                }

                if (probe is { Method: "GET", IfNoneMatch: null } && response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } etag)
                {
                    probes.Enqueue(probe with { IfNoneMatch = etag.Tag });
                }
            }

            // Assert: no violation, and the replay reached successes, 304s and each kind of error
            Assert.True(violations.Count == 0,
                $"Prism reported {violations.Count} violation(s) in {count} responses:\n{string.Join("\n", violations)}\n\nPrism's log:\n{prism.Log}");
            Assert.Superset(new HashSet<int> { 200, 304, 400, 401, 404, 414, 431 }, statuses);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The document's corpus, but for what Prism 5.16 cannot proxy (ResponseConformanceTests holds those to the document
    /// directly): HEAD, whose empty body it parses as JSON and fails on (prism-http's parseResponse reads any JSON-typed
    /// answer but a 204's); methods a path lacks, which it answers itself (405) without forwarding; and a JSON body that
    /// does not parse, on which it never answers. Then the server's own refusals, which no endpoint wrote.
    /// </summary>
    private static IEnumerable<ResponseConformanceTests.Probe> Corpus(ApiDocument document)
    {
        var methods = document.Operations.Select(o => (o.Path, Method: o.Method.ToUpperInvariant())).ToHashSet();
        foreach (var probe in ResponseConformanceTests.Corpus(document).Where(p => p.Method != "HEAD" && !IsMalformedJson(p)))
        {
            if (document.MatchPath(probe.Url.Split('?')[0]) is { } template && methods.Contains((template, probe.Method)))
            {
                yield return probe;
            }
        }

        yield return new("GET", "/api/v1/records?q=" + new string('a', 9 * 1024));
        yield return new("GET", "/api/v1/records?q=" + new string('a', 20 * 1024));
        // Headers beyond the service's limit (431 from the service), and beyond Kestrel's (431 from Kestrel, as a problem).
        yield return new("GET", "/api/v1/stats/years", HeaderPadding: 40 * 1024);
        yield return new("GET", $"/api/v1/records/{Contract.KnownId}", HeaderPadding: 70 * 1024);
        yield return new("GET", "/api/v1/records/%00");
        yield return new("GET", "/api/v1/records/a%00b/related");
    }

    private static bool IsMalformedJson(ResponseConformanceTests.Probe probe)
    {
        if (probe is not { Body: { } body, BodyType: "application/json" })
        {
            return false;
        }

        try
        {
            JsonDocument.Parse(body).Dispose();
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>What Prism says is wrong: its sl-violations header, or a problem of its own in place of the service's answer.</summary>
    private static string? Violation(HttpResponseMessage response, string body)
    {
        if (response.Headers.TryGetValues("sl-violations", out var violations))
        {
            return string.Join(" ", violations);
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && JsonDocument.Parse(body).RootElement.TryGetProperty("type", out var type)
            && type.GetString()?.StartsWith("https://stoplight.io/prism/errors", StringComparison.Ordinal) == true)
        {
            return "Prism answered instead of the service: " + body;
        }

        return null;
    }

    /// <summary>Prism's validating proxy on a free loopback port, stopped (with its children) when disposed.</summary>
    private sealed class PrismProxy : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _log = new();

        private PrismProxy(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public static async Task<PrismProxy> StartAsync(string document, Uri upstream)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(Path.Combine(NpmProject.Root, "node_modules", ".bin", "prism"))
            {
                WorkingDirectory = NpmProject.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["NO_COLOR"] = "1",
                    ["FORCE_COLOR"] = "0",
                    // Node reads 16 KB of request line and headers by default: the long requests must reach the service.
                    ["NODE_OPTIONS"] = "--max-http-header-size=262144",
                },
            };
            foreach (var argument in new[] { "proxy", document, upstream.ToString().TrimEnd('/'), "--errors", "--validate-request=false",
                         "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--verboseLevel", "warn" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var proxy = new PrismProxy(process, new Uri($"http://127.0.0.1:{port}"));
            process.OutputDataReceived += (_, e) => proxy.Append(e.Data);
            process.ErrorDataReceived += (_, e) => proxy.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var probe = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(5) };
            await Wait.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Prism exited with {process.ExitCode}:\n{proxy.Log}");
                }

                try
                {
                    return (await probe.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), "Prism's proxy to answer");
            return proxy;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
