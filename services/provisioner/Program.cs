using Mentoring.BuildingBlocks.Provisioning;
using Microsoft.Extensions.Configuration;

// Usage: Mentoring.Provisioner --admin "<admin connection string>" [--database mentoring] [--password-prefix dev-only-]
// Environment: PROVISION_ADMIN, PROVISION_DATABASE, PROVISION_PASSWORD_PREFIX.
// Service role passwords are <prefix><service>: a development default; clusters pass real secrets.
var config = new ConfigurationBuilder()
    .AddEnvironmentVariables("PROVISION_")
    .AddCommandLine(args, new Dictionary<string, string>
    {
        ["--admin"] = "ADMIN", ["--database"] = "DATABASE", ["--password-prefix"] = "PASSWORD_PREFIX",
    })
    .Build();

var admin = config["ADMIN"];
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("provisioner: --admin <connection string> (or PROVISION_ADMIN) is required");
    return 2;
}
var database = config["DATABASE"] ?? "mentoring";
var prefix = config["PASSWORD_PREFIX"] ?? "dev-only-";

await DatabaseProvisioner.ProvisionAsync(admin, database, service => prefix + service);
Console.WriteLine($"provisioned database {database}: schemas {string.Join(", ", DatabaseProvisioner.Services)}, eventbus");
return 0;
