using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.People.RegisterPerson;

/// <summary>
/// Registers a person and, in the same transaction, queues <c>PersonRegistered</c> in the outbox.
/// Idempotent by <c>request_id</c>; the e-mail address is unique per organisation.
/// </summary>
public sealed class RegisterPersonHandler(TenantDatabase db, Outbox outbox)
{
    public async Task<Person> HandleAsync(RegisterPersonRequest request, CancellationToken ct)
    {
        RegisterPersonValidator.Validate(request).ThrowIfAny();
        var tenantId = db.TenantId;
        var p = request.Person;

        try
        {
            return await db.InTransactionAsync(async (c, tx, token) =>
            {
                if (request.RequestId.Length > 0 && await FindByRequestAsync(c, tx, tenantId, request.RequestId, token) is { } earlier)
                    return earlier.ToProto();

                var args = new DynamicParameters(PersonRecord.Columns(p));
                args.Add("tenantId", tenantId);
                args.Add("Id", Guid.CreateVersion7());
                var row = await c.QuerySingleAsync<PersonRecord>(new CommandDefinition(
                    $"""
                    INSERT INTO person (tenant_id, id, {PersonRecord.WritableColumns})
                    VALUES (@tenantId, @Id, {PersonRecord.WritableValues})
                    RETURNING {PersonRecord.SelectColumns}
                    """, args, tx, cancellationToken: token));

                if (request.RequestId.Length > 0)
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO register_person_request (tenant_id, request_id, person_id) VALUES (@tenantId, @RequestId, @Id)",
                        new { tenantId, request.RequestId, row.Id }, tx, cancellationToken: token));

                var person = row.ToProto();
                await outbox.EnqueueAsync(new PersonRegistered { Person = person }, tenantId, c, tx, token);
                return person;
            }, ct);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.ForeignKeyViolation, ConstraintName: "person_org_unit_fk" })
        {
            throw Violations.Single("person.org_unit", "names no unit of the organisation");
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "person_email_unique" })
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, "A person with this e-mail address is already registered."));
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "register_person_request_pkey" })
        {
            // A concurrent call with the same request_id won the race: answer with its result.
            return await db.InTransactionAsync(async (c, tx, token) =>
                (await FindByRequestAsync(c, tx, tenantId, request.RequestId, token))!.ToProto(), ct);
        }
    }

    private static Task<PersonRecord?> FindByRequestAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, string requestId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<PersonRecord>(new CommandDefinition(
            $"""
            SELECT {PersonRecord.SelectColumns} FROM person
            WHERE tenant_id = @tenantId
              AND id = (SELECT person_id FROM register_person_request WHERE tenant_id = @tenantId AND request_id = @requestId)
            """, new { tenantId, requestId }, tx, cancellationToken: ct));
}
