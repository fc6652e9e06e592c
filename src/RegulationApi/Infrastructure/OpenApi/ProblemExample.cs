using System.Text.Json.Nodes;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>The one shape of every problem example: the type and title the service gives the status, and a traceId.</summary>
internal static class ProblemExample
{
    private const string TraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static JsonObject For(int status, string detail, string instance)
    {
        var (type, title) = Problems.TypeAndTitle(status);
        return Create(type, title, status, detail, instance, errors: null);
    }

    /// <summary>The problem status-code pages write for a status.</summary>
    public static JsonObject StatusCodePage(int status, string instance) =>
        For(status, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) + ".", instance);

    /// <summary>A 400 as the validation filters answer it: the errors by parameter, and the detail made of them.</summary>
    public static JsonObject Validation(IDictionary<string, string[]> errors, string instance)
    {
        var problem = TypedResults.ValidationProblem(errors).ProblemDetails;
        return Create(problem.Type!, problem.Title!, StatusCodes.Status400BadRequest, Problems.ValidationDetail(errors), instance, errors);
    }

    private static JsonObject Create(string type, string title, int status, string detail, string instance, IDictionary<string, string[]>? errors)
    {
        var problem = new JsonObject { ["type"] = type, ["title"] = title, ["status"] = status, ["detail"] = detail, ["instance"] = instance };
        if (errors is not null)
        {
            problem["errors"] = new JsonObject(errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode?)v)]))));
        }

        problem["traceId"] = TraceId;
        return problem;
    }
}
