using Mentoring.BuildingBlocks.Security;
using Mentoring.UnitTests.Contracts;

namespace Mentoring.UnitTests.Security;

/// <summary>A new RPC cannot ship unprotected: every RPC in the contracts has exactly one declared policy.</summary>
public class PolicyTableTests
{
    public static readonly IReadOnlyList<RpcPolicies> Tables =
    [
        Mentoring.Profile.ProfilePolicies.Table,
        Mentoring.Matching.MatchingPolicies.Table,
        Mentoring.Scheduling.SchedulingPolicies.Table,
        Mentoring.Feedback.FeedbackPolicies.Table,
        Mentoring.Integration.IntegrationPolicies.Table,
    ];

    [Fact]
    public void Every_rpc_of_every_service_contract_has_exactly_one_policy()
    {
        var rpcs = ContractConventionsTests.Services.SelectMany(s => s.Methods)
            .Select(m => $"/{m.Service.FullName}/{m.Name}").Order().ToList();
        var declared = Tables.SelectMany(t => t.All).Select(p => p.Path).Order().ToList();

        Assert.Equal(rpcs, declared);
    }

    [Fact]
    public void Every_policy_names_the_scope_of_its_service_area()
    {
        foreach (var policy in Tables.SelectMany(t => t.All))
        {
            var area = policy.Method.Service.File.Package.Split('.')[1];
            // The integration service serves the event stream and webhooks: its scopes are events.read / events.write.
            if (area == "integration") area = "events";
            // The one exception: what the services serve the reporting job (report sections, the programmes), for
            // applications, and for administrators only under their own read scope of the area (the dashboard).
            if (policy.ForReporting)
            {
                Assert.Equal(("reporting.read", true, false, false, false), (policy.Scope, policy.Clients, policy.Self, policy.People, policy.Participants));
                Assert.Equal(policy.Administrators ? $"{area}.read" : null, policy.AdministratorScope);
                continue;
            }
            Assert.Null(policy.AdministratorScope);
            Assert.Matches($"^{area}\\.(read|write)$", policy.Scope);
            Assert.True(policy.Administrators || policy.Clients || policy.Self || policy.People || policy.Participants, $"{policy.Path} allows nobody");
        }
    }
}
