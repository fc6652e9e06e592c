using System.Net;
using System.Text.Json;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Records;

public sealed class SortAndCursorTests(PostgresFixture postgres) : SeededApiTest(postgres)
{
    [Fact]
    public async Task List_DefaultSort_IsNewestFirstUndatedLastTiesById()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=4");
        AssertDateOrder(items, newestFirst: true);
        Assert.Equal(items.Select(i => i.GetProperty("id").GetString()), (await Client.AllPagesAsync("/api/v1/records?sort=date&limit=5")).Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task List_SortDateAsc_IsOldestFirstUndatedLastTiesById()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?sort=date-asc&limit=4");
        AssertDateOrder(items, newestFirst: false);
    }

    [Fact]
    public async Task List_PageSizes_DoNotChangeTheOrder()
    {
        var small = await Client.AllPagesAsync("/api/v1/records?limit=1");
        var large = await Client.AllPagesAsync("/api/v1/records?limit=100");
        Assert.Equal(large.Select(i => i.GetProperty("id").GetString()), small.Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task List_DefaultLimit_Is20()
    {
        var page = await Client.GetJsonAsync("/api/v1/records");
        Assert.Equal(20, page.GetProperty("items").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task List_WithQuery_DefaultsToRelevanceTitleMatchesFirst()
    {
        // 四川 is in the Sichuan notice's title, and only in the body of the FSDC readout and the Chaoyang ruling.
        var items = await Client.AllPagesAsync("/api/v1/records?limit=2&q=" + Uri.EscapeDataString("四川"));
        var relevance = await Client.AllPagesAsync("/api/v1/records?limit=2&sort=relevance&q=" + Uri.EscapeDataString("四川"));
        Assert.Equal(relevance.Select(i => i.GetProperty("id").GetString()), items.Select(i => i.GetProperty("id").GetString()));

        var inTitle = items.Select(i => i.GetProperty("title").Texts().Any(t => t.Contains("四川"))).ToList();
        Assert.Contains(true, inTitle);
        Assert.Contains(false, inTitle);
        Assert.Equal(inTitle.OrderByDescending(t => t), inTitle);
    }

    [Fact]
    public async Task List_QueryWithDateSort_IsOrderedByDate()
    {
        var items = await Client.AllPagesAsync("/api/v1/records?limit=3&sort=date&q=" + Uri.EscapeDataString("挖矿"));
        AssertDateOrder(items, newestFirst: true);
    }

    [Fact]
    public async Task List_TamperedCursor_Is400NamingCursor()
    {
        var page = await Client.GetJsonAsync("/api/v1/records?limit=2");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..];
        var response = await Client.FetchAsync("/api/v1/records?limit=2&cursor=" + tampered);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory]
    [InlineData("kind=ruling")]
    [InlineData("sort=date-asc")]
    [InlineData("year=2021")]
    public async Task List_CursorOfAnotherQuery_Is400NamingCursor(string otherQuery)
    {
        var page = await Client.GetJsonAsync("/api/v1/records?limit=2");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var response = await Client.FetchAsync($"/api/v1/records?limit=2&{otherQuery}&cursor={cursor}");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task List_CursorWithAnotherLimit_ContinuesTheSameQuery()
    {
        var first = await Client.GetJsonAsync("/api/v1/records?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var ids = first.Ids().ToList();
        for (string? next = cursor; next is not null;)
        {
            var page = await Client.GetJsonAsync("/api/v1/records?limit=5&cursor=" + next);
            Assert.Equal(first.GetProperty("total").GetInt64(), page.GetProperty("total").GetInt64());
            ids.AddRange(page.Ids());
            next = page.StringOrNull("nextCursor");
        }

        var all = await Client.AllPagesAsync("/api/v1/records?limit=100");
        Assert.Equal(all.Select(i => i.GetProperty("id").GetString()), ids);
    }

    private static void AssertDateOrder(List<JsonElement> items, bool newestFirst)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var (a, b) = (items[i - 1], items[i]);
            var (dateA, dateB) = (a.PrimaryDate(), b.PrimaryDate());
            var message = $"{a.GetProperty("id")} ({dateA}) before {b.GetProperty("id")} ({dateB})";
            if (dateA is null)
            {
                Assert.True(dateB is null, "undated records come last: " + message);
            }

            if (dateA == dateB)
            {
                Assert.True(string.CompareOrdinal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString()) < 0, "ties by id: " + message);
            }
            else if (dateA is not null && dateB is not null)
            {
                Assert.True(newestFirst ? dateA > dateB : dateA < dateB, message);
            }
        }
    }
}
