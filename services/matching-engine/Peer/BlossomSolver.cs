namespace Mentoring.Matching.Engine.Peer;

/// <summary>
/// The state and stages of the blossom algorithm, ported from Van Rantwijk's <c>mwmatching.py</c>
/// statement by statement so that it can be checked against it; names follow the original.
/// Vertices are 0..n-1, blossoms n..2n-1. Edge k has endpoints 2k (its first vertex) and 2k+1
/// (its second); <c>p ^ 1</c> is the other end of the same edge. Labels: 0 free, 1 S (outer),
/// 2 T (inner), and bit 4 as a breadcrumb during <see cref="ScanBlossom"/>. Dual variables and
/// slacks are doubled, so with integer weights they stay integers.
/// </summary>
internal sealed class BlossomSolver
{
    private readonly int _n;
    private readonly int _edgeCount;
    private readonly bool _maxCardinality;
    private readonly int[] _edgeU, _edgeV;
    private readonly long[] _edgeW;
    private readonly int[] _endpoint;
    private readonly List<int>[] _neighbend;
    private readonly int[] _mate;
    private readonly int[] _label, _labelEnd, _inBlossom, _blossomParent, _blossomBase, _bestEdge;
    private readonly List<int>?[] _blossomChilds, _blossomEndps, _blossomBestEdges;
    private readonly List<int> _unusedBlossoms;
    private readonly long[] _dualVar;
    private readonly bool[] _allowEdge;
    private readonly List<int> _queue = [];

    public BlossomSolver(int vertexCount, IReadOnlyList<WeightedEdge> edges, bool maxCardinality)
    {
        _n = vertexCount;
        _edgeCount = edges.Count;
        _maxCardinality = maxCardinality;
        (_edgeU, _edgeV, _edgeW) = (new int[_edgeCount], new int[_edgeCount], new long[_edgeCount]);
        var maxWeight = 0L;
        for (var k = 0; k < _edgeCount; k++)
        {
            (_edgeU[k], _edgeV[k], _edgeW[k]) = (edges[k].U, edges[k].V, edges[k].Weight);
            maxWeight = Math.Max(maxWeight, edges[k].Weight);
        }

        _endpoint = new int[2 * _edgeCount];
        for (var p = 0; p < _endpoint.Length; p++) _endpoint[p] = p % 2 == 0 ? _edgeU[p / 2] : _edgeV[p / 2];
        _neighbend = new List<int>[_n];
        for (var i = 0; i < _n; i++) _neighbend[i] = [];
        for (var k = 0; k < _edgeCount; k++)
        {
            _neighbend[_edgeU[k]].Add(2 * k + 1);
            _neighbend[_edgeV[k]].Add(2 * k);
        }

        _mate = Filled(_n, -1);
        _label = new int[2 * _n];
        _labelEnd = Filled(2 * _n, -1);
        _inBlossom = new int[_n];
        for (var i = 0; i < _n; i++) _inBlossom[i] = i;
        _blossomParent = Filled(2 * _n, -1);
        _blossomChilds = new List<int>?[2 * _n];
        _blossomBase = Filled(2 * _n, -1);
        for (var i = 0; i < _n; i++) _blossomBase[i] = i;
        _blossomEndps = new List<int>?[2 * _n];
        _bestEdge = Filled(2 * _n, -1);
        _blossomBestEdges = new List<int>?[2 * _n];
        _unusedBlossoms = [];
        for (var b = _n; b < 2 * _n; b++) _unusedBlossoms.Add(b);
        _dualVar = new long[2 * _n];
        for (var i = 0; i < _n; i++) _dualVar[i] = maxWeight;
        _allowEdge = new bool[_edgeCount];
    }

    private static int[] Filled(int length, int value)
    {
        var array = new int[length];
        Array.Fill(array, value);
        return array;
    }

    /// <summary>Python's negative indexing: <c>list[j]</c> for -Count ≤ j &lt; Count.</summary>
    private static int At(List<int> list, int j) => list[j < 0 ? j + list.Count : j];

    private long Slack(int k) => _dualVar[_edgeU[k]] + _dualVar[_edgeV[k]] - 2 * _edgeW[k];

    private List<int> BlossomLeaves(int b)
    {
        var leaves = new List<int>();
        AddLeaves(b, leaves);
        return leaves;
    }

    private void AddLeaves(int b, List<int> leaves)
    {
        if (b < _n) { leaves.Add(b); return; }
        foreach (var t in _blossomChilds[b]!)
            if (t < _n) leaves.Add(t);
            else AddLeaves(t, leaves);
    }

    /// <summary>Assigns label <paramref name="t"/> to the top-level blossom containing vertex
    /// <paramref name="w"/>, reached through the edge with remote endpoint <paramref name="p"/>.</summary>
    private void AssignLabel(int w, int t, int p)
    {
        var b = _inBlossom[w];
        _label[w] = _label[b] = t;
        _labelEnd[w] = _labelEnd[b] = p;
        _bestEdge[w] = _bestEdge[b] = -1;
        if (t == 1)
        {
            // b became an S-vertex/blossom; add its vertices to the queue.
            _queue.AddRange(BlossomLeaves(b));
        }
        else if (t == 2)
        {
            // b became a T-blossom; assign label S to its mate (its base is its only vertex with an external mate).
            var baseVertex = _blossomBase[b];
            AssignLabel(_endpoint[_mate[baseVertex]], 1, _mate[baseVertex] ^ 1);
        }
    }

    /// <summary>Traces back from vertices v and w to discover a new blossom (returns its base) or an augmenting path (returns -1).</summary>
    private int ScanBlossom(int v, int w)
    {
        var path = new List<int>();
        var baseVertex = -1;
        while (v != -1 || w != -1)
        {
            // Look for a breadcrumb in v's blossom or put a new one.
            var b = _inBlossom[v];
            if ((_label[b] & 4) != 0)
            {
                baseVertex = _blossomBase[b];
                break;
            }
            path.Add(b);
            _label[b] = 5;
            if (_labelEnd[b] == -1)
            {
                // The base of blossom b is single; stop tracing this path.
                v = -1;
            }
            else
            {
                v = _endpoint[_labelEnd[b]];
                b = _inBlossom[v];
                // b is a T-blossom; trace one more step back.
                v = _endpoint[_labelEnd[b]];
            }
            // Alternate between both paths.
            if (w != -1) (v, w) = (w, v);
        }
        foreach (var b in path) _label[b] = 1;
        return baseVertex;
    }

    /// <summary>Constructs a new blossom with the given base, through S-vertices joined by edge k.</summary>
    private void AddBlossom(int baseVertex, int k)
    {
        var (v, w) = (_edgeU[k], _edgeV[k]);
        var bb = _inBlossom[baseVertex];
        var bv = _inBlossom[v];
        var bw = _inBlossom[w];
        var b = _unusedBlossoms[^1];
        _unusedBlossoms.RemoveAt(_unusedBlossoms.Count - 1);
        _blossomBase[b] = baseVertex;
        _blossomParent[b] = -1;
        _blossomParent[bb] = b;
        var path = new List<int>();
        var endps = new List<int>();
        _blossomChilds[b] = path;
        _blossomEndps[b] = endps;
        // Trace back from v to base.
        while (bv != bb)
        {
            _blossomParent[bv] = b;
            path.Add(bv);
            endps.Add(_labelEnd[bv]);
            v = _endpoint[_labelEnd[bv]];
            bv = _inBlossom[v];
        }
        path.Add(bb);
        path.Reverse();
        endps.Reverse();
        endps.Add(2 * k);
        // Trace back from w to base.
        while (bw != bb)
        {
            _blossomParent[bw] = b;
            path.Add(bw);
            endps.Add(_labelEnd[bw] ^ 1);
            w = _endpoint[_labelEnd[bw]];
            bw = _inBlossom[w];
        }
        _label[b] = 1;
        _labelEnd[b] = _labelEnd[bb];
        _dualVar[b] = 0;
        foreach (var leaf in BlossomLeaves(b))
        {
            // Former T-vertices become S-vertices and go to the queue.
            if (_label[_inBlossom[leaf]] == 2) _queue.Add(leaf);
            _inBlossom[leaf] = b;
        }

        // Compute the blossom's least-slack edges to neighbouring S-blossoms.
        var bestEdgeTo = Filled(2 * _n, -1);
        foreach (var sub in path)
        {
            List<List<int>> lists;
            if (_blossomBestEdges[sub] is null)
            {
                lists = [];
                foreach (var leaf in BlossomLeaves(sub))
                {
                    var edgesOfLeaf = new List<int>(_neighbend[leaf].Count);
                    foreach (var p in _neighbend[leaf]) edgesOfLeaf.Add(p / 2);
                    lists.Add(edgesOfLeaf);
                }
            }
            else
            {
                lists = [_blossomBestEdges[sub]!];
            }
            foreach (var list in lists)
                foreach (var edge in list)
                {
                    var (i, j) = (_edgeU[edge], _edgeV[edge]);
                    if (_inBlossom[j] == b) (i, j) = (j, i);
                    var bj = _inBlossom[j];
                    if (bj != b && _label[bj] == 1 && (bestEdgeTo[bj] == -1 || Slack(edge) < Slack(bestEdgeTo[bj])))
                        bestEdgeTo[bj] = edge;
                }
            _blossomBestEdges[sub] = null;
            _bestEdge[sub] = -1;
        }
        var best = new List<int>();
        foreach (var edge in bestEdgeTo)
            if (edge != -1) best.Add(edge);
        _blossomBestEdges[b] = best;
        _bestEdge[b] = -1;
        foreach (var edge in best)
            if (_bestEdge[b] == -1 || Slack(edge) < Slack(_bestEdge[b])) _bestEdge[b] = edge;
    }

    /// <summary>Expands the top-level blossom b (recursively at the end of a stage for sub-blossoms of zero dual).</summary>
    private void ExpandBlossom(int b, bool endStage)
    {
        var childs = _blossomChilds[b]!;
        // Convert sub-blossoms into top-level blossoms.
        foreach (var s in childs)
        {
            _blossomParent[s] = -1;
            if (s < _n) _inBlossom[s] = s;
            else if (endStage && _dualVar[s] == 0) ExpandBlossom(s, endStage);
            else
                foreach (var leaf in BlossomLeaves(s)) _inBlossom[leaf] = s;
        }

        // Expanding a T-blossom during a stage: relabel its sub-blossoms.
        if (!endStage && _label[b] == 2)
        {
            var endps = _blossomEndps[b]!;
            // The sub-blossom through which the expanding blossom obtained its label.
            var entryChild = _inBlossom[_endpoint[_labelEnd[b] ^ 1]];
            var j = childs.IndexOf(entryChild);
            int jStep, endpTrick;
            if ((j & 1) != 0)
            {
                // Start index is odd; go forward and wrap.
                j -= childs.Count;
                jStep = 1;
                endpTrick = 0;
            }
            else
            {
                // Start index is even; go backward.
                jStep = -1;
                endpTrick = 1;
            }
            // Move along the blossom until we get to the base.
            var p = _labelEnd[b];
            while (j != 0)
            {
                // Relabel the T-sub-blossom.
                _label[_endpoint[p ^ 1]] = 0;
                _label[_endpoint[At(endps, j - endpTrick) ^ endpTrick ^ 1]] = 0;
                AssignLabel(_endpoint[p ^ 1], 2, p);
                // Step to the next S-sub-blossom and note its forward endpoint.
                _allowEdge[At(endps, j - endpTrick) / 2] = true;
                j += jStep;
                p = At(endps, j - endpTrick) ^ endpTrick;
                // Step to the next T-sub-blossom.
                _allowEdge[p / 2] = true;
                j += jStep;
            }
            // Relabel the base T-sub-blossom without stepping through to its mate.
            var bv = At(childs, j);
            _label[_endpoint[p ^ 1]] = _label[bv] = 2;
            _labelEnd[_endpoint[p ^ 1]] = _labelEnd[bv] = p;
            _bestEdge[bv] = -1;
            // Continue along the blossom until we get back to entryChild.
            j += jStep;
            while (At(childs, j) != entryChild)
            {
                // A sub-blossom reachable from a neighbouring S-vertex outside the expanding blossom gets label T.
                bv = At(childs, j);
                if (_label[bv] == 1)
                {
                    // It just got label S through one of its neighbours; leave it.
                    j += jStep;
                    continue;
                }
                var reached = -1;
                foreach (var leaf in BlossomLeaves(bv))
                    if (_label[leaf] != 0) { reached = leaf; break; }
                if (reached >= 0)
                {
                    _label[reached] = 0;
                    _label[_endpoint[_mate[_blossomBase[bv]]]] = 0;
                    AssignLabel(reached, 2, _labelEnd[reached]);
                }
                j += jStep;
            }
        }

        // Recycle the blossom number.
        _label[b] = _labelEnd[b] = -1;
        _blossomChilds[b] = _blossomEndps[b] = null;
        _blossomBase[b] = -1;
        _blossomBestEdges[b] = null;
        _bestEdge[b] = -1;
        _unusedBlossoms.Add(b);
    }

    /// <summary>Swaps matched and unmatched edges over an alternating path through blossom b between vertex v and the base.</summary>
    private void AugmentBlossom(int b, int v)
    {
        // Bubble up through the blossom tree from v to an immediate sub-blossom of b.
        var t = v;
        while (_blossomParent[t] != b) t = _blossomParent[t];
        // Recursively deal with the first sub-blossom.
        if (t >= _n) AugmentBlossom(t, v);
        var childs = _blossomChilds[b]!;
        var endps = _blossomEndps[b]!;
        var i = childs.IndexOf(t);
        var j = i;
        int jStep, endpTrick;
        if ((i & 1) != 0)
        {
            j -= childs.Count;
            jStep = 1;
            endpTrick = 0;
        }
        else
        {
            jStep = -1;
            endpTrick = 1;
        }
        // Move along the blossom until we get to the base.
        while (j != 0)
        {
            // Step to the next sub-blossom and augment it recursively.
            j += jStep;
            t = At(childs, j);
            var p = At(endps, j - endpTrick) ^ endpTrick;
            if (t >= _n) AugmentBlossom(t, _endpoint[p]);
            // Step to the next sub-blossom and augment it recursively.
            j += jStep;
            t = At(childs, j);
            if (t >= _n) AugmentBlossom(t, _endpoint[p ^ 1]);
            // Match the edge connecting those sub-blossoms.
            _mate[_endpoint[p]] = p ^ 1;
            _mate[_endpoint[p ^ 1]] = p;
        }
        // Rotate the sub-blossoms to put the new base at the front.
        _blossomChilds[b] = [.. childs.Skip(i), .. childs.Take(i)];
        _blossomEndps[b] = [.. endps.Skip(i), .. endps.Take(i)];
        _blossomBase[b] = _blossomBase[_blossomChilds[b]![0]];
    }

    /// <summary>Augments the matching along the path through edge k between two S-vertices.</summary>
    private void AugmentMatching(int k)
    {
        foreach (var (start, startP) in new[] { (_edgeU[k], 2 * k + 1), (_edgeV[k], 2 * k) })
        {
            // Match vertex s to remote endpoint p, then trace back from s until a single vertex,
            // swapping matched and unmatched edges on the way.
            var (s, p) = (start, startP);
            while (true)
            {
                var bs = _inBlossom[s];
                // Augment through the S-blossom from s to its base.
                if (bs >= _n) AugmentBlossom(bs, s);
                _mate[s] = p;
                if (_labelEnd[bs] == -1) break; // Reached a single vertex.
                var t = _endpoint[_labelEnd[bs]];
                var bt = _inBlossom[t];
                // Trace one step back.
                s = _endpoint[_labelEnd[bt]];
                var j = _endpoint[_labelEnd[bt] ^ 1];
                // Augment through the T-blossom from j to its base.
                if (bt >= _n) AugmentBlossom(bt, j);
                _mate[j] = _labelEnd[bt];
                // Keep the opposite endpoint: it becomes mate[s] in the next step.
                p = _labelEnd[bt] ^ 1;
            }
        }
    }

    public int[] Run()
    {
        for (var stage = 0; stage < _n; stage++)
        {
            // Each stage finds an augmenting path and uses it to improve the matching.
            Array.Clear(_label);
            Array.Fill(_bestEdge, -1);
            for (var b = _n; b < 2 * _n; b++) _blossomBestEdges[b] = null;
            Array.Clear(_allowEdge);
            _queue.Clear();
            // Label single blossoms/vertices with S and put them in the queue.
            for (var v = 0; v < _n; v++)
                if (_mate[v] == -1 && _label[_inBlossom[v]] == 0) AssignLabel(v, 1, -1);

            var augmented = false;
            while (true)
            {
                // Each substage labels what alternating paths reach, then either augments or changes the duals.
                while (_queue.Count > 0 && !augmented)
                {
                    var v = _queue[^1];
                    _queue.RemoveAt(_queue.Count - 1);
                    foreach (var p in _neighbend[v])
                    {
                        var k = p / 2;
                        var w = _endpoint[p];
                        if (_inBlossom[v] == _inBlossom[w]) continue; // internal to a blossom
                        long kSlack = 0;
                        if (!_allowEdge[k])
                        {
                            kSlack = Slack(k);
                            if (kSlack <= 0) _allowEdge[k] = true; // zero slack: allowable
                        }
                        if (_allowEdge[k])
                        {
                            if (_label[_inBlossom[w]] == 0)
                            {
                                // (C1) w is free: label it T and its mate S.
                                AssignLabel(w, 2, p ^ 1);
                            }
                            else if (_label[_inBlossom[w]] == 1)
                            {
                                // (C2) w is an S-vertex of another blossom: a new blossom or an augmenting path.
                                var baseVertex = ScanBlossom(v, w);
                                if (baseVertex >= 0) AddBlossom(baseVertex, k);
                                else
                                {
                                    AugmentMatching(k);
                                    augmented = true;
                                    break;
                                }
                            }
                            else if (_label[w] == 0)
                            {
                                // w is inside a T-blossom but not yet reached from outside it: note it (for relabelling on expansion).
                                _label[w] = 2;
                                _labelEnd[w] = p ^ 1;
                            }
                        }
                        else if (_label[_inBlossom[w]] == 1)
                        {
                            // Least-slack non-allowable edge to a different S-blossom.
                            var b = _inBlossom[v];
                            if (_bestEdge[b] == -1 || kSlack < Slack(_bestEdge[b])) _bestEdge[b] = k;
                        }
                        else if (_label[w] == 0)
                        {
                            // w is free (or unreached inside a T-blossom) but not reachable yet: least-slack edge to it.
                            if (_bestEdge[w] == -1 || kSlack < Slack(_bestEdge[w])) _bestEdge[w] = k;
                        }
                    }
                }
                if (augmented) break;

                // No augmenting path under these constraints: compute delta and change the duals.
                var deltaType = -1;
                long delta = 0;
                int deltaEdge = -1, deltaBlossom = -1;

                // delta1: the least vertex dual.
                if (!_maxCardinality)
                {
                    deltaType = 1;
                    delta = long.MaxValue;
                    for (var v = 0; v < _n; v++) delta = Math.Min(delta, _dualVar[v]);
                }
                // delta2: the least slack of an edge between an S-vertex and a free vertex.
                for (var v = 0; v < _n; v++)
                {
                    if (_label[_inBlossom[v]] != 0 || _bestEdge[v] == -1) continue;
                    var d = Slack(_bestEdge[v]);
                    if (deltaType == -1 || d < delta) (delta, deltaType, deltaEdge) = (d, 2, _bestEdge[v]);
                }
                // delta3: half the least slack of an edge between two S-blossoms.
                for (var b = 0; b < 2 * _n; b++)
                {
                    if (_blossomParent[b] != -1 || _label[b] != 1 || _bestEdge[b] == -1) continue;
                    var d = Slack(_bestEdge[b]) / 2;
                    if (deltaType == -1 || d < delta) (delta, deltaType, deltaEdge) = (d, 3, _bestEdge[b]);
                }
                // delta4: the least dual of a T-blossom.
                for (var b = _n; b < 2 * _n; b++)
                {
                    if (_blossomBase[b] < 0 || _blossomParent[b] != -1 || _label[b] != 2) continue;
                    if (deltaType == -1 || _dualVar[b] < delta) (delta, deltaType, deltaBlossom) = (_dualVar[b], 4, b);
                }
                if (deltaType == -1)
                {
                    // Max-cardinality optimum reached; a last update makes the optimum verifiable.
                    deltaType = 1;
                    delta = long.MaxValue;
                    for (var v = 0; v < _n; v++) delta = Math.Min(delta, _dualVar[v]);
                    delta = Math.Max(0, delta);
                }

                // Update the duals.
                for (var v = 0; v < _n; v++)
                {
                    var label = _label[_inBlossom[v]];
                    if (label == 1) _dualVar[v] -= delta;
                    else if (label == 2) _dualVar[v] += delta;
                }
                for (var b = _n; b < 2 * _n; b++)
                {
                    if (_blossomBase[b] < 0 || _blossomParent[b] != -1) continue;
                    if (_label[b] == 1) _dualVar[b] += delta;
                    else if (_label[b] == 2) _dualVar[b] -= delta;
                }

                // Act where the least delta occurred.
                if (deltaType == 1) break; // optimum reached
                if (deltaType == 2)
                {
                    _allowEdge[deltaEdge] = true;
                    var (i, j) = (_edgeU[deltaEdge], _edgeV[deltaEdge]);
                    if (_label[_inBlossom[i]] == 0) (i, j) = (j, i);
                    _queue.Add(i);
                }
                else if (deltaType == 3)
                {
                    _allowEdge[deltaEdge] = true;
                    _queue.Add(_edgeU[deltaEdge]);
                }
                else
                {
                    ExpandBlossom(deltaBlossom, false);
                }
            }

            // Stop when no augmenting path can be found.
            if (!augmented) break;

            // End of a stage: expand all S-blossoms whose dual is zero.
            for (var b = _n; b < 2 * _n; b++)
                if (_blossomParent[b] == -1 && _blossomBase[b] >= 0 && _label[b] == 1 && _dualVar[b] == 0)
                    ExpandBlossom(b, true);
        }

        // mate[v] holds a remote endpoint; turn it into the partner vertex.
        var partner = new int[_n];
        for (var v = 0; v < _n; v++) partner[v] = _mate[v] >= 0 ? _endpoint[_mate[v]] : -1;
        return partner;
    }
}
