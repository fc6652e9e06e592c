using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

internal static class Paging
{
    /// <summary>
    /// Follows nextCursor from the first page to the last, asserting on the way that every page repeats the same
    /// exact total, that the Link header names the next page, and that no record comes twice; then that the
    /// records collected are exactly <c>total</c>.
    /// </summary>
    public static async Task<List<JsonElement>> AllPagesAsync(this HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        var seen = new HashSet<string>();
        long? total = null;
        var next = url;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 1000, "paging does not end");
            var response = await client.FetchAsync(next);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {next}: {(int)response.StatusCode} {body}");
            var page = JsonDocument.Parse(body).RootElement.Clone();

            var pageTotal = page.GetProperty("total").GetInt64();
            Assert.Equal(total ?? pageTotal, pageTotal);
            total = pageTotal;
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(seen.Add(item.GetProperty("id").GetString()!), $"{item.GetProperty("id")} came twice");
                items.Add(item);
            }

            var cursor = page.StringOrNull("nextCursor");
            if (cursor is null)
            {
                Assert.False(response.Headers.Contains("Link"), "the last page has no Link header");
                next = null;
            }
            else
            {
                var link = Assert.Single(response.Headers.GetValues("Link"));
                Assert.EndsWith(">; rel=\"next\"", link);
                var linked = new Uri(link[1..link.IndexOf('>')]);
                Assert.Contains("cursor=" + Uri.EscapeDataString(cursor), linked.Query);
                next = linked.PathAndQuery;
            }
        }

        Assert.Equal(total, items.Count);
        return items;
    }

    public static DateOnly? PrimaryDate(this JsonElement record)
    {
        var decided = record.GetProperty("kind").GetString() == "ruling"
            ? record.GetProperty("ruling").StringOrNull("decided")
            : record.GetProperty("dates").StringOrNull("issued");
        var value = decided ?? record.GetProperty("dates").StringOrNull("published");
        return value is null ? null : DateOnly.Parse(value);
    }

    public static int? Year(this JsonElement record) =>
        record.GetProperty("year").ValueKind == JsonValueKind.Null ? null : record.GetProperty("year").GetInt32();

    public static IEnumerable<string> Texts(this JsonElement localized) =>
        localized.ValueKind == JsonValueKind.Object
            ? localized.EnumerateObject().Select(p => p.Value.GetString()!)
            : [];
}
