using System.Collections.Frozen;

namespace Mentoring.BuildingBlocks.Security;

/// <summary>A service's policy table: one <see cref="RpcPolicy"/> per RPC it serves. An RPC without one is refused.</summary>
public sealed class RpcPolicies
{
    private readonly FrozenDictionary<string, RpcPolicy> byPath;

    public RpcPolicies(IEnumerable<RpcPolicy> policies)
    {
        All = policies.ToList();
        byPath = All.ToFrozenDictionary(p => p.Path, StringComparer.Ordinal);
    }

    public IReadOnlyList<RpcPolicy> All { get; }

    public RpcPolicy? Find(string path) => byPath.GetValueOrDefault(path);
}
