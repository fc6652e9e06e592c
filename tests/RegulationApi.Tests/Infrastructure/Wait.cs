namespace RegulationApi.Tests.Infrastructure;

/// <summary>Waits on a condition instead of for a fixed time: as short as the machine allows, and a clear failure when it never holds.</summary>
public static class Wait
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {timeout.TotalSeconds:0} s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
