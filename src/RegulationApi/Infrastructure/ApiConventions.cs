using System.Reflection;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace RegulationApi.Infrastructure;

public static class ApiConventions
{
    /// <summary>The API's JSON: Chinese as characters, and numbers as JSON numbers (so the document types them integer).</summary>
    public static IHostApplicationBuilder AddApiJson(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        return builder;
    }

    /// <summary>
    /// What every /api/v1 endpoint does before its handler: refuse query parameters it does not take (a misspelt
    /// filter must never silently widen a result) or that are given twice, then run the FluentValidation validator
    /// of each <c>[AsParameters]</c> argument. Both answer a 400 validation problem naming the parameter. Every GET
    /// answers HEAD too.
    /// </summary>
    public static RouteGroupBuilder WithApiConventions(this RouteGroupBuilder group)
    {
        group.AnswerHead();
        group.AddEndpointFilterFactory(QueryParameterFilter);
        group.AddEndpointFilterFactory(ValidationFilter);
        group.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        return group;
    }

    private static EndpointFilterDelegate QueryParameterFilter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // The query parameters an endpoint takes are the [FromQuery] properties of its [AsParameters] arguments.
        var parameters = QueryParametersOf(context.MethodInfo.GetParameters()
            .Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null)
            .Select(p => p.ParameterType));

        return async invocation =>
        {
            var errors = QueryProblems(invocation.HttpContext.Request.Query, parameters);
            return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : await next(invocation);
        };
    }

    /// <summary>The query parameters of these <c>[AsParameters]</c> types, by name (case-insensitive); array-typed ones are lists and may repeat.</summary>
    public static Dictionary<string, (string Name, bool IsList)> QueryParametersOf(IEnumerable<Type> types) =>
        types.SelectMany(t => t.GetProperties())
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<FromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (Name: p.Attribute!.Name ?? p.Property.Name, IsList: p.Property.PropertyType.IsArray))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The parameters of a query that the endpoint does not take, or that are given twice though single-valued.</summary>
    public static Dictionary<string, string[]> QueryProblems(IQueryCollection query, IReadOnlyDictionary<string, (string Name, bool IsList)> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, values) in query)
        {
            if (!parameters.TryGetValue(name, out var parameter))
            {
                errors[name] = [parameters.Count == 0
                    ? "is not a parameter of this endpoint, which takes none"
                    : "is not a parameter of this endpoint; it takes " + string.Join(", ", parameters.Keys)];
            }
            else if (!parameter.IsList && values.Count > 1)
            {
                // Named as the endpoint spells it (year), whichever spelling the client used (Year, YEAR).
                errors[parameter.Name] = ["is given more than once; give it once"];
            }
        }

        return errors;
    }

    private static EndpointFilterDelegate ValidationFilter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var isService = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var validated = context.MethodInfo.GetParameters()
            .Select((p, index) => (Index: index, ValidatorType: typeof(IValidator<>).MakeGenericType(p.ParameterType)))
            .Where(p => isService.IsService(p.ValidatorType))
            .ToList();
        if (validated.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            foreach (var (index, validatorType) in validated)
            {
                if (invocation.Arguments[index] is not { } argument)
                {
                    continue;
                }

                var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(validatorType);
                var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return TypedResults.ValidationProblem(result.ToDictionary());
                }
            }

            return await next(invocation);
        };
    }
}
