using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Internal;

namespace RegulationApi.Infrastructure;

internal static class ValidationNames
{
    /// <summary>
    /// Errors name fields and parameters as clients write them (dates.issued, yearFrom), not as C# does.
    /// A module initializer, so validators used without the host (tests, the import command) name them alike.
    /// </summary>
    [ModuleInitializer]
    internal static void UseCamelCase()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
        {
            var chain = expression is null ? member?.Name : PropertyChain.FromExpression(expression).ToString();
            return chain is null ? null : string.Join('.', chain.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
        };

        // Messages name the field as the error key does ('keyPoints', not 'key Points').
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }
}
