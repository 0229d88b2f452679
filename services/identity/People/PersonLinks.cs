using Dapper;
using Mentoring.Identity.Data;
using Npgsql;

namespace Mentoring.Identity.People;

/// <summary>
/// The person a user is, for the <c>person</c> claim: the one the seed names, else the person of
/// the user's organisation registered in profile with the user's e-mail address (the newest, should
/// two briefly share it while an address moves). None when profile has nobody with that address.
/// </summary>
public sealed class PersonLinks(NpgsqlDataSource dataSource)
{
    public async Task<string?> PersonOfAsync(UserAccount user, CancellationToken ct)
    {
        if (user.Person is { Length: > 0 } seeded) return seeded;
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
