using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.BrowserTests;

/// <summary>
/// Setting up through the API what a browser test is not about (the journey test covers doing it
/// in the browser): tokens of the seeded users, through the gateway like the SPA's.
/// </summary>
public sealed class PlatformApi(AdminSpaPlatform platform)
{
    public async Task<string> TokenAsync(string email, string password) =>
        (await platform.Identity.UserTokenForClientAsync(FrontDoorPlatform.SpaClient, email, password, FrontDoorPlatform.SpaScopes)).EnsureSuccess().AccessToken!;

    public Task<string> AdministratorTokenAsync() => TokenAsync(FrontDoorPlatform.AdminEmail, FrontDoorPlatform.AdminPassword);

    public ProfileService.ProfileServiceClient Profile(string token) => new(platform.Gateway.CreateChannel(token));
    public MatchingService.MatchingServiceClient Matching(string token) => new(platform.Gateway.CreateChannel(token));
    public SchedulingService.SchedulingServiceClient Scheduling(string token) => new(platform.Gateway.CreateChannel(token));

    /// <summary>Enrols each person once matching has learned of them (by event from profile).</summary>
    public static async Task EnrolAsync(MatchingService.MatchingServiceClient matching, string programme, params (string Person, EnrolmentRole Role)[] people)
    {
        foreach (var (person, role) in people)
            await WhenKnownAsync($"matching knows {person}", () => matching.EnrolAsync(new EnrolRequest
            {
                Programme = programme, Enrolment = new Enrolment { Person = person, Role = role },
            }).ResponseAsync);
    }

    /// <summary>A person's token once the token server links the account to the person (it learns of them by event).</summary>
    public Task<string> PersonTokenAsync(string email, string password) =>
        Eventually.Until($"{email} is linked to a person", async () =>
        {
            var token = await TokenAsync(email, password);
            var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
            var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
            return json.Contains("\"person\"", StringComparison.Ordinal) ? token : null;
        });

    /// <summary>Calls until the service knows what the call needs (it learns of it by event): NOT_FOUND and FAILED_PRECONDITION until then.</summary>
    public static async Task<T> WhenKnownAsync<T>(string what, Func<Task<T>> call) where T : class =>
        await Eventually.Until(what, async () =>
        {
            try { return await call(); }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition) { return null; }
        });
}
