namespace RegulationApi.Infrastructure;

/// <summary>The media types an endpoint's 200 may also have: the exports.</summary>
public sealed record ExportMediaTypes(string[] Types);
