using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Matching.Candidates.Projection;

/// <summary>
/// Profile's credentials on the candidate (MentorCredentialed, MentorCredentialRenewed): programmes that
/// require credentials propose only mentors whose credential has not expired at matching time.
/// </summary>
public sealed class CredentialProjection : IEventHandler<MentorCredentialed>, IEventHandler<MentorCredentialRenewed>
{
    public const string Subscriber = "candidate-credentials";
    public const string RenewalsSubscriber = "candidate-credential-renewals";

    public Task HandleAsync(MentorCredentialed @event, EventContext context, CancellationToken ct) =>
        CandidateUpdate.ApplyAsync(context, @event.Person,
            // Deliveries may come in any order: never shorten a credential (no expiry stays no expiry).
            "credential_expires_at = CASE WHEN @expires::timestamptz IS NULL OR (credentialed AND credential_expires_at IS NULL) THEN NULL " +
            "ELSE GREATEST(credential_expires_at, @expires::timestamptz) END, credentialed = true",
            new { expires = @event.ExpireTime?.ToDateTime() }, ct);

    public Task HandleAsync(MentorCredentialRenewed @event, EventContext context, CancellationToken ct) =>
        CandidateUpdate.ApplyAsync(context, @event.Person,
            "credential_expires_at = CASE WHEN credentialed AND credential_expires_at IS NULL THEN NULL " +
            "ELSE GREATEST(credential_expires_at, @expires::timestamptz) END, credentialed = true",
            new { expires = @event.ExpireTime?.ToDateTime() }, ct);
}
