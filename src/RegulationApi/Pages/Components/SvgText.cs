using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace RegulationApi.Pages.Components;

/// <summary>An SVG &lt;text&gt; element: Razor reserves the tag name &lt;text&gt; in code, so it is built here.</summary>
public sealed class SvgText : ComponentBase
{
    [Parameter, EditorRequired] public string X { get; set; } = "0";
    [Parameter, EditorRequired] public string Y { get; set; } = "0";
    [Parameter] public string Anchor { get; set; } = "start";
    [Parameter] public string? Class { get; set; }
    [Parameter, EditorRequired] public string Text { get; set; } = "";

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "class", Class);
        builder.AddAttribute(2, "x", X);
        builder.AddAttribute(3, "y", Y);
        builder.AddAttribute(4, "text-anchor", Anchor);
        builder.AddContent(5, Text);
        builder.CloseElement();
    }
}
