using System.ComponentModel;
using System.Reflection;
using FluentValidation.Validators;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc;

namespace RegulationApi.Infrastructure.OpenApi;

/// <summary>A query parameter as its request type and validator define it (the document repeats none of its rules).</summary>
internal sealed record QueryParameter(string Name, bool IsList, QueryValue? Rule, int? MaxLength, object? Default);

internal static class QueryParameters
{
    /// <summary>
    /// The <c>[FromQuery]</c> properties of an endpoint's <c>[AsParameters]</c> types, by name, each with the
    /// <see cref="QueryValue"/> and maximum length that the type's registered validator applies to it.
    /// </summary>
    public static Dictionary<string, QueryParameter> Of(ApiDescription description, IServiceProvider services)
    {
        var types = description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters()
            .Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null)
            .Select(p => p.ParameterType) ?? [];
        var parameters = new Dictionary<string, QueryParameter>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types)
        {
            var rules = (services.GetService(typeof(IValidator<>).MakeGenericType(type)) as IValidator)?.CreateDescriptor().Rules.ToList() ?? [];
            foreach (var property in type.GetProperties())
            {
                if (property.GetCustomAttribute<FromQueryAttribute>() is not { } query)
                {
                    continue;
                }

                var validators = rules.Where(r => r.Member?.Name == property.Name)
                    .SelectMany(r => r.Components).Select(c => c.Validator).ToList();
                var name = query.Name ?? property.Name;
                parameters[name] = new QueryParameter(name, property.PropertyType.IsArray,
                    validators.OfType<IQueryValueValidator>().Select(v => v.Rule).FirstOrDefault(),
                    validators.OfType<ILengthValidator>().Select(v => v.Max).Where(max => max > 0).Cast<int?>().FirstOrDefault(),
                    property.GetCustomAttribute<DefaultValueAttribute>()?.Value);
            }
        }

        return parameters;
    }
}
