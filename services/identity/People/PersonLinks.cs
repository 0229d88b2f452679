using Dapper;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Identity.Data;
using Npgsql;

namespace Mentoring.Identity.People;

/// <summary>
/// The person a user is, for the <c>person</c> claim: the one the seed names, else the person of
/// the user's organisation registered in profile with the user's e-mail address (the newest, should
/// two briefly share it while an address moves). None when profile has nobody with that address.
/// An administrator is never linked by address: administrators edit people's addresses, and one who
/// gave a participant's record their own address would otherwise read that participant's
/// relationship content, which is for participants only (docs/architecture.md, "Who a user is").
/// </summary>
public sealed class PersonLinks(NpgsqlDataSource dataSource)
{
    public async Task<string?> PersonOfAsync(UserAccount user, CancellationToken ct)
    {
        if (user.Person is { Length: > 0 } seeded) return seeded;
        if (user.Roles.Contains(Caller.AdministratorRole)) return null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            """
            SELECT person FROM person_directory
            WHERE tenant = @Tenant AND email = @Email AND email <> ''
            ORDER BY version DESC, person LIMIT 1
            """,
            new { user.Tenant, user.Email }, cancellationToken: ct));
    }
}
