using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegulationApi.Data;

namespace RegulationApi.Curation;

/// <summary>
/// "Authorization: Bearer KEY" against the stored hashes of the keys that are not revoked. Looked up on every write,
/// so a key revoked by the command is refused at once, by every running service.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RegulationDbContext db, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The writes' policy: an authenticated key. Reads never authenticate, so they never look a key up.</summary>
    public const string Policy = "Curator";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 200)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer' followed by an API key.");
        }

        var hash = Hash(header["Bearer ".Length..].Trim());
        var name = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => k.Name).FirstOrDefaultAsync(Context.RequestAborted);
        return name is null
            ? AuthenticateResult.Fail("The API key is unknown or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Detail = result.Failure?.Message ?? "Changing the knowledge base needs an API key: send 'Authorization: Bearer KEY'.",
            },
        });
    }

    /// <summary>The stored form of a key: keys are long random secrets, so a fast hash is enough and needs no salt.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
