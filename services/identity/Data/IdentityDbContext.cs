using Microsoft.EntityFrameworkCore;

namespace Mentoring.Identity.Data;

/// <summary>
/// The identity schema: OpenIddict's stores (applications, authorizations, scopes, tokens) and the
/// users of the embedded default. The tables are created by the versioned SQL scripts in
/// <c>Migrations/</c>, not by EF; a test checks that this model and those scripts agree.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public const string Schema = "identity";

    public DbSet<UserAccount> Users => Set<UserAccount>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasDefaultSchema(Schema);
        model.UseOpenIddict();
        model.Entity<UserAccount>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.Tenant).HasColumnName("tenant").IsRequired();
            user.Property(u => u.Email).HasColumnName("email").IsRequired();
            user.HasIndex(u => u.Email).IsUnique().HasDatabaseName("users_email_key");
            user.Property(u => u.PasswordHash).HasColumnName("password_hash").IsRequired();
            user.Property(u => u.Roles).HasColumnName("roles").IsRequired();
            user.Property(u => u.Person).HasColumnName("person");
            user.Property(u => u.CreatedAt).HasColumnName("created_at");
        });
    }
}
