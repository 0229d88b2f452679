using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Feedback.V1;

namespace Mentoring.Feedback;

/// <summary>Who may call each RPC of mentoring.feedback.v1.</summary>
public static class FeedbackPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = FeedbackService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "GetParticipant", "feedback.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetParticipantRequest>(r => r.Name),
        RpcPolicy.For(Service, "ListAuditRecords", "feedback.read").AllowAdministrators(),
    ]);
}
