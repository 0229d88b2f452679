namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Exact maximum-benefit assignment of persons (mentees) to mentors with capacities, where a
/// person may also stay unmatched (benefit 0): an ε-scaling auction on a symmetric reformulation.
/// <para>
/// <b>Symmetric reformulation.</b> Mentors need not be full, and at an optimum a place left empty
/// must cost nothing; a plain forward auction cannot lower the prices it raised, so the asymmetric
/// problem is made symmetric, as in the min-cost-flow view (every mentee sends one unit to a sink,
/// through a mentor or directly): one extra object, the <i>pool</i>, stands for the sink, with one
/// place per mentee; staying unmatched means taking a place in the pool. Each place of a mentor
/// that no mentee takes is taken by a <i>phantom</i> of that mentor, a person of benefit 0 whose
/// only other option is the pool. Persons and places are then equally many and every person is
/// matched, so the forward auction alone solves it exactly (and a mentor with room ends priced
/// like the pool). Phantoms are implicit: an index range, two options each.
/// </para>
/// <para>
/// <b>Auction</b> (Bertsekas, "The auction algorithm: a distributed relaxation method for the
/// assignment problem", 1988; "Network Optimization: Continuous and Discrete Models", 1998, ch. 7).
/// Each object (mentor or pool) has a price. A waiting person bids for the object of best value
/// <c>benefit − price</c> against its second-best option: its bid is the price at which it would
/// be indifferent, plus ε. An object with room takes the bidder at its current price; a full
/// object keeps its best bids (a min-heap of <c>capacity</c> bids), evicts the lowest, and is then
/// priced at the lowest bid it keeps. Bidding for a mentor as a whole rather than for one of its
/// identical places avoids price wars among them ("similar objects": Bertsekas and Castañon, "The
/// auction algorithm for the transportation problem", 1989). Every matched person stays within ε
/// of its best option (ε-complementary slackness); phantoms, in every phase but the last and when
/// there are more places than mentees, within <see cref="PhantomEpsilonFactor"/> · ε (their bids
/// were the price wars of mentors with room).
/// </para>
/// <para>
/// <b>Exactness and speed.</b> With integer benefits scaled by more than the number of persons
/// (<see cref="BenefitScale"/>), an ε-complementary assignment with ε = 1 is exactly optimal (its
/// duality gap is below one unscaled unit). ε-scaling: ε starts at the largest benefit /
/// <see cref="InitialDivisor"/> and is divided by <see cref="Reduction"/> per phase; each phase
/// keeps the prices, and the matches that still satisfy the finer slackness, and re-auctions the
/// others.
/// </para>
/// <para>
/// <b>Early stop.</b> On tie-heavy scores the assignment is usually optimal several phases before
/// ε reaches 1, and the remaining phases only resolve sub-unit price differences among tied
/// bidders (price wars), at up to 80 % of the bids. After a phase that left the objective
/// unchanged, or whose ε is below a quarter of one score unit, <see cref="PotentialRepair"/> tries
/// to turn the prices into exact potentials within a few passes over the network; when it
/// succeeds the assignment is proved optimal and the auction stops (docs/adr/0007). When it does
/// not, nothing changes and the next phase runs. The proof is a certificate, not a heuristic:
/// exactness never depends on when it is tried.
/// </para>
/// </summary>
internal sealed class ScaledAuction
{
    /// <summary>Factor by which ε shrinks between phases. Larger factors mean fewer phases but
    /// more bidding per phase; 16 was the most robust on the benchmark shapes (ties, capacity 1,
    /// demand far above or below capacity). On the tie-heavy families of bench/README.md, 4 needs
    /// 5–50 % fewer bids but twice the phases, each of which re-checks every arc: it was slower on
    /// the programme families (docs/adr/0007).</summary>
    private const int Reduction = 16;

    /// <summary>The first ε is the largest benefit divided by this.</summary>
    private const long InitialDivisor = 64;

    /// <summary>Early optimality proofs are tried after every phase whose ε is below this fraction
    /// of one score unit (and after any phase that left the objective unchanged).</summary>
    private const long CertifyBelowScoreFraction = 4;

    /// <summary>The first phase whose ε is below a quarter of a score unit runs at ε ≥ that quarter
    /// divided by this (a sixteenth of a unit) instead of the previous ε / 16, which could be 16
    /// times finer. On the families of bench/README.md: 7–8 % fewer scans (bids and proofs) on
    /// "plenty of places" (phantom bids 4.75 → 3.81 million at 50k × 10k), 2–12 % fewer on
    /// "programme" and "scarce places", 4–7 % more on "product scores", whose proof then needs more
    /// scans. A quarter of a unit itself: proofs failed on "product scores" (37 % more work).</summary>
    private const long FirstFinePhaseDivisor = 4;

    /// <summary>Scans allowed to an early optimality proof, per node and arc of the batch. The
    /// successful proofs on the families of bench/README.md took 1.6–5 scans per node and arc, and
    /// 8.2 on "product scores" at 50k × 10k (2.5 at 10k × 2k): the work grows with the size, and a
    /// proof that runs out of budget only costs its scans (the next phase runs as before).</summary>
    private const long CertificateBudget = 16;

    /// <summary>When the batch has more places than mentees, phantoms bid and are kept with ε times
    /// this in every phase but the last (ε = 1); mentees always with ε itself. On "plenty of places"
    /// (1.4 places per mentee) phantoms made 91 % of the bids, each a sift through the pool's heap
    /// of one place per mentee, in ε-steps between a mentor's free places and the pool; this cuts
    /// their bids 3.6× at 10k × 2k and 4.5× at 50k × 10k (docs/adr/0007, "Phantoms' ε", fifth
    /// change). Exactness does not depend on it: the intermediate phases' slackness matters only
    /// to the early proofs, which are certificates, and the last phase runs at ε = 1 for everyone.
    /// 16 made the proof fail on "plenty of places". With fewer places than mentees phantoms bid
    /// little (4–6 % of the bids on the other families) and the factor only moved how ties fall
    /// (e.g. "scarce places" at 50k × 10k: +31 % work, its proof), so it is 1 there.</summary>
    private const long PhantomEpsilonFactor = 8;

    private const int Waiting = -1;
    private const int InPool = -1;

    private readonly MatchingState state;
    private readonly int mentees;
    private readonly int pool;
    private readonly int[] phantomMentor;
    private readonly int[] objectStart;
    private readonly int[] objectCapacity;
    private readonly int[] objectLoad;
    private readonly int[] holder;
    private readonly long[] holderBid;
    private readonly int[] position;
    private readonly int[] heldObject;
    private readonly int[] heldArc;
    private readonly long[] price;
    private readonly int[] waiting;
    private readonly long phantomEpsilonFactor;
    private int waitingCount;
    private int waitingHead;

    // Deterministic work counts of the current phase (AuctionOutcome.Phases).
    private long menteeBids;
    private long phantomBids;
    private long arcScans;

    private ScaledAuction(MatchingState state)
    {
        this.state = state;
        mentees = state.PersonCount;
        var mentors = state.MentorCount;
        pool = mentors;

        var places = PlacesPerMentor(state.Capacity, state.ArcMentor, state.ArcCount);
        objectCapacity = new int[mentors + 1];
        Array.Copy(places, objectCapacity, mentors);
        var phantoms = places.Sum();
        phantomEpsilonFactor = phantoms > mentees ? PhantomEpsilonFactor : 1;
        objectCapacity[pool] = mentees;
        phantomMentor = new int[phantoms];
        for (int j = 0, k = 0; j < mentors; j++)
        {
            for (var c = 0; c < objectCapacity[j]; c++)
                phantomMentor[k++] = j;
        }

        objectStart = new int[mentors + 2];
        for (var o = 0; o <= mentors; o++)
            objectStart[o + 1] = objectStart[o] + objectCapacity[o];
        objectLoad = new int[mentors + 1];
        var persons = mentees + phantoms;
        holder = new int[persons];
        holderBid = new long[persons];
        position = new int[persons];
        heldObject = new int[persons];
        heldArc = new int[mentees];
        price = new long[mentors + 1];
        waiting = new int[persons];
        Array.Fill(heldObject, Waiting);
    }

    /// <summary>The number of persons of the symmetric problem (mentees and phantoms) for a batch:
    /// the benefits must be scaled by more than this.</summary>
    public static int SymmetricPersons(int mentees, int[] capacity, int[] arcMentor, int arcCount) =>
        (int)Math.Min(int.MaxValue - 1, mentees + PlacesPerMentor(capacity, arcMentor, arcCount).Sum(c => (long)c));

    /// <summary>A mentor never needs more places than it has candidates: that bounds the phantoms.</summary>
    private static int[] PlacesPerMentor(int[] capacity, int[] arcMentor, int arcCount)
    {
        var places = new int[capacity.Length];
        for (var a = 0; a < arcCount; a++)
            places[arcMentor[a]]++;
        for (var j = 0; j < capacity.Length; j++)
            places[j] = Math.Min(places[j], capacity[j]);
        return places;
    }

    /// <summary>Matches the persons of <paramref name="state"/> optimally (filling its
    /// assignment and holders) and returns the mentor prices, the pool price and, when the
    /// assignment was proved optimal before the last phase, its exact potentials.</summary>
    public static AuctionOutcome Solve(MatchingState state)
    {
        var auction = new ScaledAuction(state);
        long maxBenefit = 0;
        var arcBenefit = state.ArcBenefit;
        for (var a = 0; a < state.ArcCount; a++)
            maxBenefit = Math.Max(maxBenefit, arcBenefit[a]);
        var epsilon = Math.Max(1, maxBenefit / InitialDivisor);
        var objective = (Score: -1L, Matches: -1);
        var fineEpsilon = state.Scale.MatchUnit * state.Scale.Precision / CertifyBelowScoreFraction;
        FlowPotentials? certified = null;
        var phases = new List<AuctionPhaseWork>();
        while (true)
        {
            auction.menteeBids = auction.phantomBids = auction.arcScans = 0;
            // ε ≤ the largest benefit / 64 < 2^54: the product cannot overflow.
            var phantomEpsilon = epsilon == 1 ? 1 : epsilon * auction.phantomEpsilonFactor;
            auction.Phase(epsilon, phantomEpsilon);
            auction.CheckPriceRange();
            var work = new AuctionPhaseWork(epsilon, auction.menteeBids, auction.phantomBids, auction.arcScans, false, false) { PhantomEpsilon = phantomEpsilon };
            if (epsilon == 1)
            {
                phases.Add(work);
                break;
            }
            var previous = objective;
            objective = auction.Objective();
            var tried = objective == previous || epsilon < fineEpsilon;
            long proofScans = 0;
            var negativeCycle = false;
            if (tried)
                certified = auction.TryCertify(out proofScans, out negativeCycle);
            phases.Add(work with { ProofTried = tried, Proved = certified is not null, ProofScans = proofScans, ProofFoundNegativeCycle = negativeCycle });
            if (certified is not null)
                break;
            // The first phase below a quarter of a score unit (where the proof is tried whatever
            // the objective) runs at no less than a sixteenth of a unit: a finer ε there only
            // lengthens the price wars of tied bidders (docs/adr/0007, "ε of the first fine phase").
            var next = Math.Max(1, epsilon / Reduction);
            if (epsilon >= fineEpsilon && next < fineEpsilon)
                next = Math.Max(next, fineEpsilon / FirstFinePhaseDivisor);
            epsilon = next;
        }
        auction.WriteBack();
        var mentorPrices = new long[state.MentorCount];
        Array.Copy(auction.price, mentorPrices, mentorPrices.Length);
        return new AuctionOutcome(mentorPrices, auction.price[auction.pool], certified) { Phases = phases };
    }

    /// <summary>Total score and number of matches of the current assignment (every person holds a place).</summary>
    private (long Score, int Matches) Objective()
    {
        long score = 0;
        var matches = 0;
        for (var i = 0; i < mentees; i++)
        {
            if (heldArc[i] != InPool)
            {
                score += state.ArcScore[heldArc[i]];
                matches++;
            }
        }
        return (score, matches);
    }

    /// <summary>Early termination: tries to prove the current assignment optimal with exact
    /// potentials (<see cref="PotentialRepair"/>) within a few passes over the network;
    /// on success the remaining ε phases are skipped. Leaves the state's assignment written.</summary>
    private FlowPotentials? TryCertify(out long scans, out bool negativeCycle)
    {
        WriteBack();
        var mentorPrices = new long[state.MentorCount];
        Array.Copy(price, mentorPrices, mentorPrices.Length);
        return PotentialRepair.TryFromPrices(state, mentorPrices, price[pool], CertificateBudget * PotentialRepair.Size(state), out scans, out negativeCycle);
    }

    /// <summary>One ε phase: re-auction everybody who does not satisfy ε-slackness, until all are
    /// matched; phantoms bid with <paramref name="phantomEpsilon"/> (≥ ε).</summary>
    private void Phase(long epsilon, long phantomEpsilon)
    {
        Refresh(epsilon, phantomEpsilon);
        var arcStart = state.ArcStart;
        var arcMentor = state.ArcMentor;
        var arcBenefit = state.ArcBenefit;
        var prices = price;
        while (waitingCount > 0)
        {
            var person = NextWaiting();
            int target;
            long bid;
            if (person < mentees)
            {
                // Options: the pool (staying unmatched, value −poolPrice), then each candidate.
                var best = -prices[pool];
                var second = long.MinValue;
                var bestArc = InPool;
                menteeBids++;
                arcScans += arcStart[person + 1] - arcStart[person] + 1;
                for (int a = arcStart[person], end = arcStart[person + 1]; a < end; a++)
                {
                    var value = arcBenefit[a] - prices[arcMentor[a]];
                    if (value > best)
                    {
                        second = best;
                        best = value;
                        bestArc = a;
                    }
                    else if (value > second)
                    {
                        second = value;
                    }
                }
                heldArc[person] = bestArc;
                if (bestArc == InPool)
                {
                    target = pool;
                    bid = -second + epsilon;
                }
                else
                {
                    target = arcMentor[bestArc];
                    bid = arcBenefit[bestArc] - second + epsilon;
                }
            }
            else
            {
                // A phantom: its mentor's place (value −price) or the pool (value −poolPrice).
                var mentor = phantomMentor[person - mentees];
                phantomBids++;
                arcScans += 2;
                if (prices[mentor] < prices[pool])
                {
                    target = mentor;
                    bid = prices[pool] + phantomEpsilon;
                }
                else
                {
                    target = pool;
                    bid = prices[mentor] + phantomEpsilon;
                }
            }
            Place(person, target, bid);
        }
    }

    /// <summary>Gives the person a place in the object: free room at the current price, else
    /// the place of the lowest bid if the person outbids it.</summary>
    private void Place(int person, int target, long bid)
    {
        var root = objectStart[target];
        if (objectLoad[target] < objectCapacity[target])
        {
            HeapPush(target, person, bid);
            heldObject[person] = target;
            if (objectLoad[target] == objectCapacity[target])
                price[target] = Math.Max(price[target], holderBid[root]);
        }
        else if (bid > holderBid[root])
        {
            var evicted = holder[root];
            heldObject[evicted] = Waiting;
            AddWaiting(evicted);
            SiftDown(target, root, person, bid);
            heldObject[person] = target;
            price[target] = holderBid[root];
        }
        else
        {
            // The price lagged behind the lowest kept bid: catch up and bid again.
            price[target] = holderBid[root];
            AddWaiting(person);
        }
    }

    /// <summary>Starts a phase: keeps every person whose place still satisfies ε-complementary
    /// slackness for the new ε (its own: <paramref name="phantomEpsilon"/> for phantoms), recording
    /// its new bid, and puts the others on the waiting list.</summary>
    private void Refresh(long menteeEpsilon, long phantomEpsilon)
    {
        var arcStart = state.ArcStart;
        var arcMentor = state.ArcMentor;
        var arcBenefit = state.ArcBenefit;
        var prices = price;
        var poolValue = -prices[pool];
        waitingCount = 0;
        waitingHead = 0;
        for (var person = holder.Length - 1; person >= 0; person--)
        {
            var held = heldObject[person];
            if (held == Waiting)
            {
                AddWaiting(person);
                continue;
            }
            long value, alternative;
            var epsilon = person < mentees ? menteeEpsilon : phantomEpsilon;
            if (person < mentees)
            {
                var heldAt = heldArc[person];
                value = heldAt == InPool ? poolValue : arcBenefit[heldAt] - prices[held];
                alternative = heldAt == InPool ? long.MinValue : poolValue;
                arcScans += arcStart[person + 1] - arcStart[person] + 1;
                for (int a = arcStart[person], end = arcStart[person + 1]; a < end; a++)
                {
                    if (a != heldAt)
                        alternative = Math.Max(alternative, arcBenefit[a] - prices[arcMentor[a]]);
                }
            }
            else
            {
                var mentor = phantomMentor[person - mentees];
                value = held == pool ? poolValue : -prices[mentor];
                alternative = held == pool ? -prices[mentor] : poolValue;
            }
            if (value >= alternative - epsilon)
            {
                // The bid is the price at which the person would be indifferent, plus ε.
                holderBid[position[person]] = prices[held] + value - alternative + epsilon;
            }
            else
            {
                Remove(held, person);
                heldObject[person] = Waiting;
                AddWaiting(person);
            }
        }
        for (var o = 0; o <= pool; o++)
        {
            var root = objectStart[o];
            for (var k = objectLoad[o] / 2 - 1; k >= 0; k--)
                SiftDown(o, root + k, holder[root + k], holderBid[root + k]);
            if (objectLoad[o] == objectCapacity[o] && objectLoad[o] > 0)
                prices[o] = Math.Max(prices[o], holderBid[root]);
        }
    }

    /// <summary>Prices stay close to the largest benefit in practice (the pool keeps them
    /// anchored); this guards the 64-bit arithmetic against a pathological drift.</summary>
    private void CheckPriceRange()
    {
        foreach (var p in price)
        {
            if (p > 2 * BenefitScale.Limit)
                throw new InvalidOperationException("Auction prices drifted beyond the range of exact 64-bit arithmetic.");
        }
    }

    /// <summary>The waiting list is a FIFO ring (first come, first served): on the benchmark shapes
    /// it needs fewer bids than a stack, notably when many persons compete for few places.</summary>
    private void AddWaiting(int person)
    {
        var at = waitingHead + waitingCount++;
        waiting[at < waiting.Length ? at : at - waiting.Length] = person;
    }

    private int NextWaiting()
    {
        var person = waiting[waitingHead];
        waitingHead = waitingHead + 1 == waiting.Length ? 0 : waitingHead + 1;
        waitingCount--;
        return person;
    }

    /// <summary>Copies the mentees' matches into the state (holders as plain sets).</summary>
    private void WriteBack()
    {
        Array.Clear(state.Load);
        for (var i = 0; i < mentees; i++)
        {
            var arc = heldArc[i];
            state.AssignedArc[i] = arc;
            if (arc != InPool)
                state.AddHolder(state.ArcMentor[arc], i);
        }
    }

    private void Remove(int target, int person)
    {
        var at = position[person];
        var last = objectStart[target] + --objectLoad[target];
        if (at == last)
            return;
        holder[at] = holder[last];
        holderBid[at] = holderBid[last];
        position[holder[at]] = at;
    }

    private void HeapPush(int target, int person, long bid)
    {
        var root = objectStart[target];
        var at = root + objectLoad[target]++;
        while (at > root)
        {
            var parent = root + (at - root - 1) / 2;
            if (holderBid[parent] <= bid)
                break;
            Put(at, holder[parent], holderBid[parent]);
            at = parent;
        }
        Put(at, person, bid);
    }

    private void SiftDown(int target, int at, int person, long bid)
    {
        var root = objectStart[target];
        var end = root + objectLoad[target];
        while (true)
        {
            var child = root + 2 * (at - root) + 1;
            if (child >= end)
                break;
            if (child + 1 < end && holderBid[child + 1] < holderBid[child])
                child++;
            if (holderBid[child] >= bid)
                break;
            Put(at, holder[child], holderBid[child]);
            at = child;
        }
        Put(at, person, bid);
    }

    private void Put(int at, int person, long bid)
    {
        holder[at] = person;
        holderBid[at] = bid;
        position[person] = at;
    }
}
