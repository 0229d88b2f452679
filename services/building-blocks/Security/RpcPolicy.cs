using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mentoring.BuildingBlocks.Security;

/// <summary>
/// Who may call one RPC. The caller's token must hold <see cref="Scope"/> (what the application
/// may do), and the caller must be one of the allowed kinds (what the user may do): an
/// administrator, a client (partner app, reporting job), or the person the request is about
/// ("self"). Anything not allowed is denied.
/// </summary>
public sealed class RpcPolicy
{
    private Func<IMessage, string?>? selfTarget;
    private Func<IMessage, string?>? participantTarget;

    private RpcPolicy(MethodDescriptor method, string scope) => (Method, Scope) = (method, scope);

    public MethodDescriptor Method { get; }

    /// <summary>gRPC path, <c>/package.Service/Method</c>.</summary>
    public string Path => $"/{Method.Service.FullName}/{Method.Name}";

    public string Scope { get; }
    public bool Administrators { get; private set; }
    public bool Clients { get; private set; }
    public bool Self => selfTarget is not null;

    /// <summary>People taking part in the relationship the request is about (checked against the service's data).</summary>
    public bool Participants => participantTarget is not null;

    /// <summary>Every person of the organisation may call it (e.g. to read the competency framework).</summary>
    public bool People { get; private set; }

    /// <summary>Aggregates for the reporting job: the scope is <c>reporting.read</c>, which no area's token carries.</summary>
    public bool ForReporting => Scope == "reporting.read";

    /// <summary>When set, every call is written to the audit log; gives the resource from the request and response.</summary>
    public Func<IMessage, IMessage?, string?>? Audit { get; private set; }

    public static RpcPolicy For(ServiceDescriptor service, string method, string scope) =>
        new(service.FindMethodByName(method) ?? throw new ArgumentException($"{service.FullName} has no method {method}"), scope);

    public RpcPolicy AllowAdministrators()
    {
        Administrators = true;
        return this;
    }

    /// <summary>
    /// Administrators holding <paramref name="scope"/> instead of the policy's own: the reporting job's
    /// aggregates (scope <c>reporting.read</c>, which no user token carries) for the admin SPA's dashboard,
    /// under the administrator's scope of the service's area.
    /// </summary>
    public RpcPolicy AllowAdministratorsWith(string scope)
    {
        Administrators = true;
        AdministratorScope = scope;
        return this;
    }

    /// <summary>The scope an administrator needs, when it is not <see cref="Scope"/>.</summary>
    public string? AdministratorScope { get; private set; }

    /// <summary>Applications by client credentials (partner apps, the reporting job) holding the scope.</summary>
    public RpcPolicy AllowClients()
    {
        Clients = true;
        return this;
    }

    /// <summary>People may call it about themselves: <paramref name="target"/> gives the resource name the request is about.</summary>
    public RpcPolicy AllowSelf<TRequest>(Func<TRequest, string?> target) where TRequest : IMessage
    {
        selfTarget = m => target((TRequest)m);
        return this;
    }

    /// <summary>
    /// People who take part in the resource the request names — a relationship, or what is shared with
    /// relationships (profile's rapport profiles) — may call it; the service's
    /// <see cref="IParticipantDirectory"/> answers who does. Everyone else is denied, whatever the name.
    /// </summary>
    public RpcPolicy AllowParticipants<TRequest>(Func<TRequest, string?> resource) where TRequest : IMessage
    {
        participantTarget = m => resource((TRequest)m);
        return this;
    }

    /// <summary>Every person of the organisation (user token with role <c>person</c>) holding the scope, whatever the request is about.</summary>
    public RpcPolicy AllowPeople()
    {
        People = true;
        return this;
    }

    /// <summary>Administrative changes and reads of private content are audited.</summary>
    public RpcPolicy Audited<TRequest, TResponse>(Func<TRequest, TResponse?, string?> resource)
        where TRequest : IMessage where TResponse : class, IMessage
    {
        Audit = (request, response) => resource((TRequest)request, response as TResponse);
        return this;
    }

    public AccessDecision Evaluate(Caller caller, IMessage? request)
    {
        var scope = caller.Kind == CallerKind.Administrator && AdministratorScope is { } own ? own : Scope;
        if (!caller.Scopes.Contains(scope)) return AccessDecision.Deny($"the token lacks the scope {scope}");
        return caller.Kind switch
        {
            CallerKind.Administrator when Administrators => AccessDecision.Allow,
            CallerKind.Client when Clients => AccessDecision.Allow,
            CallerKind.Person when People => AccessDecision.Allow,
            CallerKind.Person when selfTarget is not null && request is not null && SamePerson(caller.Person, selfTarget(request)) => AccessDecision.Allow,
            CallerKind.Person when participantTarget is not null && request is not null && caller.Person is { Length: > 0 }
                && participantTarget(request) is { Length: > 0 } resource => AccessDecision.IfParticipant(resource),
            _ => AccessDecision.Deny($"{caller.Kind} callers may not call {Method.Name} here"),
        };
    }

    /// <summary>Resource names of the same person in different services share the id: people/{id}, participants/{id}.</summary>
    private static bool SamePerson(string? callerPerson, string? target)
    {
        static string? Id(string? name) => name?.LastIndexOf('/') is int i and >= 0 ? name[(i + 1)..] : null;
        var id = Id(callerPerson);
        return !string.IsNullOrEmpty(id) && string.Equals(id, Id(target), StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// The policy's answer: allowed, denied, or allowed if the caller takes part in <see cref="ParticipantOf"/>
/// (which only the service's data can tell).
/// </summary>
public sealed record AccessDecision(bool Allowed, string Reason, string? ParticipantOf = null)
{
    public static readonly AccessDecision Allow = new(true, "allowed");
    public static AccessDecision Deny(string reason) => new(false, reason);
    public static AccessDecision IfParticipant(string resource) => new(false, $"only participants of {resource}", resource);
}

/// <summary>Who takes part in a service's relationships; registered by services with participant policies.</summary>
public interface IParticipantDirectory
{
    /// <summary>Whether <paramref name="caller"/>'s person takes part in <paramref name="resource"/> (false when it does not exist).</summary>
    Task<bool> IsParticipantAsync(Caller caller, string resource, CancellationToken ct);
}
