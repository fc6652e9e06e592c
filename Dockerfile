# Multi-stage: the SDK image publishes, the ASP.NET image runs it as the image's non-root user.
# (No Docker engine runs on the development machines of this project, so this file is built elsewhere.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/RegulationApi/RegulationApi.csproj src/RegulationApi/
RUN dotnet restore src/RegulationApi/RegulationApi.csproj
COPY src/ src/
RUN dotnet publish src/RegulationApi/RegulationApi.csproj -c Release --no-restore -o /app -p:OpenApiGenerateDocumentsOnBuild=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY seed/ ./seed/
ENV ASPNETCORE_URLS=http://+:8080 \
    Database__SeedPath=/app/seed
EXPOSE 8080
USER $APP_UID
# Set ConnectionStrings__Regulations when running the image.
ENTRYPOINT ["dotnet", "RegulationApi.dll"]
