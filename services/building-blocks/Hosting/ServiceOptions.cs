namespace Mentoring.BuildingBlocks.Hosting;

/// <summary>Configuration section <c>Service</c>: who this service is and where it listens.</summary>
public sealed class ServiceOptions
{
    public const string Section = "Service";

    /// <summary>Short name, e.g. <c>profile</c>; also the CloudEvents source and database schema. Set by the service's code.</summary>
    public string Name { get; set; } = "";

    /// <summary>Cleartext HTTP/2 port for gRPC (REST works on it too with prior knowledge). 0 picks a free port.</summary>
    public int GrpcPort { get; set; }

    /// <summary>HTTP/1.1 port for REST (JSON transcoding) and health. 0 picks a free port.</summary>
    public int HttpPort { get; set; }

    /// <summary>Address to bind; loopback unless a deployment says otherwise.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How long a stopping service (SIGTERM) may take to finish the requests in flight and the
    /// events it is handling before it exits anyway. Below the orchestrator's grace period
    /// (30 s in k8s/base), so that the service, not SIGKILL, ends the process.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);
}
