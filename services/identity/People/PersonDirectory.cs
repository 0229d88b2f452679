using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Identity.Data;

namespace Mentoring.Identity.People;

/// <summary>
/// Keeps <c>person_directory</c> in step with profile's people (idempotent upserts; the person's
/// version guards against late events). An erased person leaves a tombstone without an address,
/// so no later sign-in is linked to them and a late registration event cannot bring them back.
/// </summary>
public sealed class PersonDirectory : IEventHandler<PersonRegistered>, IEventHandler<PersonUpdated>, IEventHandler<PersonErased>
{
    public const string Subscriber = "person-directory";
    public const string UpdatesSubscriber = "person-directory-updates";
    public const string ErasureSubscriber = "person-directory-erasure";

    public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(@event.Person, version: 1, context, ct);

    public Task HandleAsync(PersonUpdated @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(@event.Person, @event.Version, context, ct);

    public Task HandleAsync(PersonErased @event, EventContext context, CancellationToken ct) =>
        WriteAsync(@event.Person, email: "", Erasure.TombstoneVersion, context, ct);

    private static Task UpsertAsync(Person person, long version, EventContext context, CancellationToken ct) =>
        WriteAsync(person.Name, UserAccount.NormalizeEmail(person.Email), version, context, ct);

    private static Task WriteAsync(string person, string email, long version, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", person, out _))
            throw new InvalidOperationException($"Event with a malformed person name '{person}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO person_directory (tenant, person, email, version) VALUES (@TenantId, @person, @email, @version)
            ON CONFLICT (tenant, person) DO UPDATE SET email = excluded.email, version = excluded.version
            WHERE person_directory.version < excluded.version
            """,
            new { context.TenantId, person, email, version }, context.Transaction, cancellationToken: ct));
    }
}
