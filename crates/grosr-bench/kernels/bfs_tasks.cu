// bfs_tasks.cu: BFS as grosr runtime tasks (appended to bfs_common.cuh by the host).
//
// bfs_level (block width) runs levels one after another inside one task while a level has at most
// BFS_ONE_BLOCK items and BFS_ONE_BLOCK_EDGES edges: no launch, no host, no other block. Levels of
// at most 32 items run on one warp alone (shuffles, no block barrier, no atomics: the chain's
// latency path); larger ones on the whole block, BFS_ROUND items per round, the first round of each
// level from shared memory (the previous level left it there), the rest from the global queue. A
// larger level is worked by a crew (below): helper tasks pushed straight into other blocks' queues
// (ctx.spawn_on) that take rounds from one cursor and carry on from level to level without a
// barrier or a new task. Levels whose frontier holds more than m / BFS_BU_DIV edges go bottom-up on
// symmetric graphs. The BFS is over when a level is empty: every task returns, and the job's exact
// termination tells the host. A BFS still going after BFS_ASYNC_LEVEL levels (a high-diameter graph)
// goes asynchronous at its next level of more than 32 items: bfs_async workers on every block relax
// labels with no level barrier at all (below); bfs_finish then copies the labels out.

// count: items of the level; edges: their edges (what decides how the level is expanded).
struct BfsLevelArgs { u32 level; u32 count; u64 edges; };
// The level a helper was spawned for (for debugging; a helper joins whatever level is current).
struct BfsHelperArgs { u32 level; };
// flags bit 0: free the asynchronous mode's ring too (first BFS on a graph, or after a failed one:
// a BFS that ends normally leaves every slot free).
struct BfsResetArgs { u32 source; u32 begin; u32 end; u32 flags; };
// An asynchronous-mode worker (the level of the switch, for debugging).
// bar: 0, an asynchronous worker; k > 0, the barrier mode's worker k - 1 (BFS_BAR).
struct BfsAsyncArgs { u32 level; u32 bar; };
// Vertices [begin, end) split evenly over `parts` blocks from block `first`; the task is part 0.
struct BfsFinishArgs { u32 begin; u32 end; u32 first; u32 parts; };

// The graph and working arrays (set by the host with Runtime::set_global before each BFS).
__device__ const BfsGraph* bfs_graph;
// One working set per scheduler block; only block-width tasks use it, and they run one at a time.
__shared__ __align__(16) BfsScratch bfs_scratch;  // 16: the asynchronous mode's records (uint4, BfsRange)

// Direction-optimizing: a level whose frontier has more than m / BFS_BU_DIV edges is expanded
// bottom-up (every unvisited vertex looks for a neighbour in the frontier and stops at the first),
// on symmetric graphs only. 0 turns it off.
#ifndef BFS_BU_DIV
#define BFS_BU_DIV 64u
#endif
// ...and whose items have at most this many edges in all (the one-block mode's other bound).
#ifndef BFS_ONE_BLOCK_EDGES
#define BFS_ONE_BLOCK_EDGES (BFS_CREW_WARP ? 2048u : 16384u)
#endif
// The level's edge counter (u64 in two control words).
__device__ __forceinline__ u64& bfs_ctl_edges(const BfsGraph& g, u32 level) {
    return *reinterpret_cast<u64*>(&g.ctl[BFS_CTL_EDGES + 2 * (level % 3)]);
}
// Vertices one bottom-up round covers (a crew member takes rounds from the cursor).
#define BFS_BU_SPAN (BFS_BLOCK * 8u)
// Items of one top-down crew round (<= BFS_ROUND, a power of two dividing BFS_BU_SPAN): small
// rounds spread a level over many members; one block's round is bound by its SM's scattered loads
// (512-item rounds: rgg 1M 19.4 ms, 64: 8.9 ms; results/2026-11-25-session6/run4).
#ifndef BFS_CREW_WARP
// Crew rounds with a warp per item (bfs_round_warp_items), not the block gather: with 16-item rounds
// and one-block levels of at most 2,048 edges, G(10k, 0.01) 0.098 -> 0.067 ms and R-MAT 20 0.283 ->
// 0.223 ms, others unchanged (results/2026-11-26-session9/run27).
#define BFS_CREW_WARP 1
#endif
#ifndef BFS_CREW_ROUND
#define BFS_CREW_ROUND (BFS_CREW_WARP ? 16u : 64u)
#endif
// ...and on graphs of wide lists (BFS_FLAG_WIDE_LISTS, set by the host): 8-item rounds spread a
// level's ~1,000 edges a round over twice the members. G(10k, 0.01) 0.051 -> 0.046-0.048 ms; R-MAT
// 18 / 22 (~30 edges a vertex) lose 6% / 13% with them, so they keep 16 (session 15 run19-run20).
#ifndef BFS_CREW_ROUND_WIDE
#define BFS_CREW_ROUND_WIDE (BFS_CREW_WARP ? 8u : 64u)
#endif
static_assert(BFS_CREW_ROUND <= BFS_ROUND && BFS_BU_SPAN % BFS_CREW_ROUND == 0, "BFS_CREW_ROUND");
static_assert(BFS_CREW_ROUND_WIDE <= BFS_ROUND && BFS_BU_SPAN % BFS_CREW_ROUND_WIDE == 0, "BFS_CREW_ROUND_WIDE");
// Items in a crew round of this BFS (fixed for a BFS, so every member moves the cursor alike).
__device__ __forceinline__ u32 bfs_crew_round(const BfsGraph& g) {
    return (g.flags & BFS_FLAG_WIDE_LISTS) ? BFS_CREW_ROUND_WIDE : BFS_CREW_ROUND;
}

// Whether one block's own levels filter claims with a dist load first (see bfs_warp_claim_append).
#ifndef BFS_BLOCK_PRECHECK
#define BFS_BLOCK_PRECHECK 0
#endif
// Whether the exclusive warp path reads dist through L1 (after one L1-invalidating acquire fence).
#ifndef BFS_DIST_L1
#define BFS_DIST_L1 1
#endif

// Warp level, and the only warp of the grid working on this BFS (the whole BFS is inside this task:
// no crew member of it is running). Expands one level of `count` <= 32 items whose edges number at
// most 32 (`total`): one edge per lane, no loop. Exclusive, so claims need no atomic: lanes that found
// the same vertex are told apart by __match_any_sync, dist is read through L1 after the warp path's
// L1-invalidating fence (BFS_DIST_L1; else through L2) and written with plain stores, which the next level's loads see after
// the caller's __syncwarp (it orders memory among the warp's lanes). Appends like bfs_warp_expand;
// returns the next level's item count, and adds their edges to `edges` (every lane).
// (v, beg: this lane's item; incl, excl: prefix sums of the items' edge counts.)
__device__ inline u32 bfs_warp_level_exclusive(const BfsGraph& g, BfsScratch& s, u32 count, u32 total, u32 v, u64 beg,
                                               u32 incl, u32 excl, u32 level, u64& edges) {
    u32 lane = threadIdx.x & 31u, nxt = (level & 1) ^ 1;
    // Owner item of edge `lane` (one item: item 0; its lanes' `incl` is not a prefix then).
    u32 o = count > 1 ? bfs_warp_owner(incl, lane) : 0u;
    u32 pv = __shfl_sync(0xffffffffu, v, o);
    u64 pb = __shfl_sync(0xffffffffu, beg, o);
    u32 pe = __shfl_sync(0xffffffffu, excl, o);
    u32 u = lane < total ? __ldg(&g.targets[pb + (lane - pe)]) : BFS_INF;
    // The candidate's dist and offsets together: one memory round trip.
    u32 d = 0;
    u64 o0 = 0, o1 = 0;
    if (u != BFS_INF) {
        d = BFS_DIST_L1 ? g.dist[u] : __ldcg(&g.dist[u]);
        o0 = __ldg(&g.offsets[u]);
        o1 = __ldg(&g.offsets[u + 1]);
    }
    u32 peers = __match_any_sync(0xffffffffu, u);
    bool won = u != BFS_INF && d == BFS_INF && lane == (u32)__ffs(peers) - 1;
    if (won) {
        g.dist[u] = level + 1;
        g.parent[u] = pv;
    }
    u32 mine = won ? bfs_pieces(o1 - o0) : 0u;
    edges += bfs_warp_sum_edges(won ? o1 - o0 : 0u);
    u32 at, next;
    u32 one = __ballot_sync(0xffffffffu, mine == 1), many = __ballot_sync(0xffffffffu, mine > 1);
    if (many == 0) {
        // Every claimed vertex is one item (degree <= BFS_PIECE): positions by popcount.
        at = __popc(one & ((1u << lane) - 1));
        next = __popc(one);
    } else {
        at = mine;
#pragma unroll
        for (u32 dd = 1; dd < 32; dd <<= 1) {
            u32 t = __shfl_up_sync(0xffffffffu, at, dd);
            if (lane >= dd) at += t;
        }
        next = __shfl_sync(0xffffffffu, at, 31);
        at -= mine;
    }
    u64* out = g.queue[nxt];
    for (u32 k = 0; k < mine; ++k, ++at) {
        out[at] = ((u64)u << 32) | k;
        if (at < BFS_ROUND) {
            u64 sb = o0 + (u64)k * BFS_PIECE;
            s.v[nxt][at] = u;
            s.bl[nxt][at] = bfs_pack(sb, (u32)min(o1 - sb, (u64)BFS_PIECE));
        }
    }
    return next;
}

__device__ __forceinline__ bool bfs_go_async(u32 level, u32 count, u64 edges);

// Warp level (warp 0 of the task's block): runs levels while they have 1..32 items, starting with
// `count` items of `edges` edges of `level` in s.v/s.bl[level & 1]; a level of more than 32 edges
// that goes asynchronous (bfs_go_async) ends it too. Leaves in s.wlevel/s.wcount/s.wedges the
// first level it did not run, its item count and their edges (0 items: the BFS is over; else more
// than 32 or asynchronous, the first BFS_ROUND items in s.v/s.bl[s.wlevel & 1], all of them in
// g.queue[s.wlevel & 1]).
__device__ inline void bfs_warp_levels(const BfsGraph& g, BfsScratch& s, u32 count, u32 level, u64 edges) {
    u32 lane = threadIdx.x & 31u;
    // BFS_DIST_L1: drop whatever this SM's L1 holds from earlier runs or other blocks' levels (an
    // acquire fence at gpu scope invalidates L1); from here only this warp writes dist.
    if (BFS_DIST_L1) asm volatile("fence.acq_rel.gpu;" ::: "memory");
    while (count > 0 && count <= 32) {
        u32 cur = level & 1;
        edges = 0;
        u32 v = 0, len = 0;
        u64 beg = 0;
        if (lane < count) {
            v = s.v[cur][lane];
            len = bfs_len(s.bl[cur][lane]);
            beg = bfs_beg(s.bl[cur][lane]);
        }
        u32 incl = len;
        if (count == 1) {
            // One item (a chain): every lane's inclusive prefix is its length.
            incl = __shfl_sync(0xffffffffu, len, 0);
        } else {
#pragma unroll
            for (u32 d = 1; d < 32; d <<= 1) {
                u32 t = __shfl_up_sync(0xffffffffu, incl, d);
                if (lane >= d) incl += t;
            }
        }
        u32 total = __shfl_sync(0xffffffffu, incl, 31);
        if (total <= 32) {
            count = bfs_warp_level_exclusive(g, s, count, total, v, beg, incl, incl - len, level, edges);
        } else {
            // A level that goes asynchronous leaves here (its items are in g.queue[cur]). Until
            // session 18 only a level of more than 32 items did: a grid's first 32 levels, ~4 us
            // each on this path. (Checked here only: the exclusive path is the chains' latency path.)
            if (bfs_go_async(level, count, total)) {
                edges = total;
                break;
            }
            if (lane == 0) {
                s.tail = 0;
                s.edges = 0;
            }
            // Shared memory, one warp: the reset is seen by the lane that reserves on the tail.
            __syncwarp();
            bfs_warp_expand(g, s, cur, count, level, g.queue[cur ^ 1], &s.tail, cur ^ 1);
            // The tail's and the edge counter's final values are visible to every lane.
            __syncwarp();
            count = s.tail;
            edges = s.edges;
        }
        ++level;
        // The level's appends (shared and global) and claims are visible to every lane, and every
        // lane is done reading this level's items before the next level overwrites that slot.
        __syncwarp();
    }
    if (lane == 0) {
        s.wlevel = level;
        s.wcount = count;
        s.wedges = edges;
    }
}

// Block level: the bottom-up expansion of level `level` over vertices [begin, end): each thread
// takes unvisited vertices and scans their edges for a neighbour at `level`, stopping at the first;
// found vertices get level + 1 and that parent, and their items go to `out` (reserved on *tail).
// A vertex is only ever written by the thread that owns it in this step, so no atomic claims: a
// concurrent reader of dist sees BFS_INF or level + 1, and neither equals `level`.
__device__ inline void bfs_block_bottom_up(const BfsGraph& g, BfsScratch& s, u32 begin, u32 end, u32 level, u64* out,
                                           u32* tail) {
    for (u32 base = begin; base < end; base += BFS_BLOCK) {
        u32 v = base + threadIdx.x;
        u32 parent = BFS_INF;
        u64 o0 = 0, o1 = 0;
        // .cg: dist changes between levels and runs; L1 could hold an old line (invariant 3).
        if (v < end && __ldcg(&g.dist[v]) == BFS_INF) {
            o0 = __ldg(&g.offsets[v]);
            o1 = __ldg(&g.offsets[v + 1]);
            for (u64 e = o0; e < o1; e += 4) {
                // Four edges' loads in flight at once, then the first hit in edge order.
                u32 u[4], d[4];
#pragma unroll
                for (u32 k = 0; k < 4; ++k) u[k] = e + k < o1 ? __ldg(&g.targets[e + k]) : BFS_INF;
#pragma unroll
                for (u32 k = 0; k < 4; ++k) d[k] = u[k] != BFS_INF ? __ldcg(&g.dist[u[k]]) : BFS_INF;
#pragma unroll
                for (u32 k = 0; k < 4; ++k) {
                    if (parent == BFS_INF && d[k] == level) parent = u[k];
                }
                if (parent != BFS_INF) break;
            }
            if (parent != BFS_INF) {
                g.dist[v] = level + 1;
                g.parent[v] = parent;
            }
        }
        u32 mine = parent != BFS_INF ? bfs_pieces(o1 - o0) : 0u;
        bfs_warp_add_edges(s, parent != BFS_INF ? o1 - o0 : 0u);
        u32 at = bfs_warp_reserve(tail, mine);
        for (u32 k = 0; k < mine; ++k) out[at + k] = ((u64)v << 32) | k;
    }
}

// ---------------------------------------------------------------------------------------------
// Asynchronous mode (label-correcting, no levels). On a high-diameter graph a level-synchronous BFS
// pays a whole level's dependent round trips and a grid-wide agreement for each of thousands of
// levels of a few hundred vertices. A BFS still going after BFS_ASYNC_LEVEL levels switches, at its
// next level of more than BFS_ASYNC_MIN_ITEMS items (the one-warp path is faster below that), to
// workers: one bfs_async task per scheduler block, whose warps each hold up to 32 x BFS_AQ_PER_LANE
// work items (vertex, label). A warp relaxes its items' edges, keeps up to that many of the vertices
// whose labels it lowered as its next items (no queue, no scheduler iteration: a hop costs two
// memory round trips, the edges' dist and labels, then the atomicMin with the next edges' targets)
// and pushes the rest to a ring that idle warps take from. A vertex reached first through a longer
// path is simply relaxed again when a shorter one arrives. Invariants:
// A1. dist and parent belong to the level-synchronous part: a vertex with dist != BFS_INF was settled
//     there (dist <= L, the level of the switch) and is never relaxed; the asynchronous part writes
//     only dp, of vertices with dist == BFS_INF, until bfs_finish.
// A2. dp[w] = d << 32 | p only falls (atomicMin); d is the length of a path through p. Whoever
//     lowers d makes the item (w, d); an item whose d is above w's current label is dropped (the
//     lower label's item relaxes w's edges with it).
// A3. pending (ctl) >= the items that exist (held by a warp or in the ring): a warp adds what it
//     pushes before pushing (a returning atomic), and adds (kept - processed) after a step, which
//     never lets it fall below what the warp still holds. So pending == 0 means no item is left:
//     every label's item has relaxed every edge and no label can fall; workers leave, and the
//     last worker warp to leave (a count in ctl) spawns bfs_finish on every block, which copies dp
//     into dist and parent before the job ends. d is then the distance, and p's
//     label was d - 1 when it relaxed w, which is its distance, so p is exactly one level closer.
// A5. Optimistic claims (BFS_AQ_OPT; exact ones, A2, on denser graphs) replace A2's "whoever lowers
//     d makes the item": whoever sees (in a plain read) a label above d + 1 on w lowers dp[w] with
//     a red.min of (d + 1, v) and makes the item (w, d + 1) without waiting for the result. Every
//     item carries its parent v (a ring slot is two words) and stops if dp[w] reads below (d + 1,
//     v): a warp's own item reads it beside its first edges' loads, a ring item when it is taken. A
//     read is never below the final dp[w] (labels only fall), and the red.min that wrote the final
//     (d*, p*) had its issuer make the item (w, d*, p*), so that item never stops: A3's argument
//     holds as before. The issuers of equal labels race (both make items; the larger parent's stops
//     once it sees the smaller, a step later), which costs lanes, not hops. Comparing labels alone
//     would let such twins both run, and their children (same label, same parent) could not be told
//     apart again. (BFS_AQ_RED_ALL: a lane without a candidate issues red.min of ~0, which changes
//     no label, to dp[w] or to a sink word of its own.)
// Workers that found nothing to do for BFS_AQ_IDLE_NS also leave (safe: a warp that pushes items
// takes them back itself before it leaves), as do all once one failed (BFS_CTL_AQ_ABORT).
// A4. The ring: positions only grow; a producer reserves them on the tail, waits for the slot to be
//     free (both words BFS_AQ_EMPTY) and stores the item and its parent; a consumer claims
//     positions below the tail it read with a CAS on the head, waits for both words, and frees the
//     slot. An item is self-contained and labels live in L2 (atomics, .cg reads): relaxed accesses
//     suffice, no fence.
// Labels are read through L2 (.cg: reset and other SMs write them); a stale read is a higher label
// (labels only fall), so it costs at most a redundant atomicMin or item, never a wrong drop.
// A BFS goes asynchronous (or to the barrier mode) at its first level >= BFS_ASYNC_LEVEL of more
// than BFS_ASYNC_MIN_ITEMS items. 4 / 4 against 32 / 32 (session 17 run12, H100): rgg 1M 3.43-3.59
// -> 3.05 ms, R-MAT 20 0.210 -> 0.202, grid 1000^2 3.66 -> 3.60; chains, G(10k, 0.01), grid 4000^2
// unchanged (16 / 16 and 8 / 8 in between).
#ifndef BFS_ASYNC_LEVEL
#define BFS_ASYNC_LEVEL 4u   // 0: never asynchronous
#endif
#ifndef BFS_ASYNC_MIN_ITEMS
#define BFS_ASYNC_MIN_ITEMS 4u
#endif
#ifndef BFS_ASYNC_MAX_AVG_DEG
#define BFS_ASYNC_MAX_AVG_DEG 16u  // ...and whose items average at most this many edges (one lane relaxes a vertex)
#endif
#ifndef BFS_AQ_PASS_OFFSETS
#define BFS_AQ_PASS_OFFSETS 1u     // a warp's own next items carry their edge ranges (3 round trips a hop, not 4)
#endif
#ifndef BFS_AQ_PER_LANE
#define BFS_AQ_PER_LANE 1u         // items a worker lane holds (2: 4.93 -> 6.66 ms on grid 1000^2, run8)
#endif
#ifndef BFS_AQ_KEEP
#define BFS_AQ_KEEP (32u * BFS_AQ_PER_LANE)  // new items a warp keeps for its next step (the rest go to the ring)
#endif
static_assert(BFS_AQ_PER_LANE >= 1 && BFS_AQ_PER_LANE <= 2 && BFS_AQ_KEEP >= 1 && BFS_AQ_KEEP <= 32u * BFS_AQ_PER_LANE,
              "BFS_AQ_PER_LANE, BFS_AQ_KEEP: the kept items' ranges live in BfsScratch");
#ifndef BFS_AQ_WARPS
// Worker warps per block. 2 since session 18 (run15, against 4: grid 1000^2 3.12-3.13 / 3.15 ms,
// grid 4000^2 12.85 / 12.99, world_highways 1.38-1.42 / 1.44-1.46; R-MAT the same): fewer idle
// warps polling the ring. (8: rgg 6.48 against 5.52 ms in session 9, when rgg went asynchronous.)
#define BFS_AQ_WARPS 2u
#endif
#ifndef BFS_AQ_UNROLL
#define BFS_AQ_UNROLL 4u           // edges a lane relaxes per round
#endif
#ifndef BFS_AQ_DIST_L1
#define BFS_AQ_DIST_L1 0u          // workers read dist through L1 (it is fixed in this mode, A1)
#endif
#ifndef BFS_AQ_RED_ALL
// 1: every lane issues a red.min for every edge slot of a round, with ~0 (no change) where it has no
// candidate, so the claims need no branch (ptxas turns a predicated red into one, with a
// reconvergence each); lanes without a target reduce into a sink word of their own. Off: it was
// 1-3% faster in medians (H100, session 19 run6), but the extra atomics on the wavefront's label
// lines delay the real red.mins, other warps then read labels that have not fallen yet and make
// items in vain, and that feeds itself: with 4 worker warps a block, grid 4000^2 made 340-630 M
// items a BFS instead of 34 M and took 0.8-1.7 s (run18; 11.5 ms with it off), and with 2, about
// one BFS in 100 took 40-320 ms (run17).
#define BFS_AQ_RED_ALL 0u
#endif
// BFS_AQ_RED_ALL: a word per worker lane (modulo its size) for the red.min of lanes without a target.
#define BFS_AQ_SINK (BFS_AQ_RED_ALL ? 65536u : 1u)
__device__ u64 bfs_aq_sink[BFS_AQ_SINK];
#ifndef BFS_AQ_OPT
// Optimistic claims (A5): a candidate's label is lowered with a fire-and-forget red.min and its item
// made at once; a warp's own item reads its label word beside its first edges' loads and stops if a
// lower (label, parent) is there. A hop then waits for no returning atomic. 0: never; 1: always;
// 2: on graphs of at most BFS_AQ_OPT_MAX_DEG edges a vertex on average. Neighbouring items of a
// denser graph share many targets, and each shared one becomes an item per sharer (twins, A5):
// rgg 1M (10 a vertex) made 10-17 items a vertex against 3.4, and took 22-100 ms against 5.8.
#define BFS_AQ_OPT 2u
#endif
#ifndef BFS_AQ_OPT_MAX_DEG
#define BFS_AQ_OPT_MAX_DEG 4u
#endif
#ifndef BFS_AQ_IDLE_MAX_NS
// The longest pause of an idle worker warp between two looks at the ring. 256 since session 19
// (2048 before): a pushed item waits less, and on road networks such waits decide how much is
// relabelled (world_highways, H100 run10: 1.11-1.13 ms against 1.75-1.84 at 2048, 0.71-2.36 M items
// a BFS at 2048; grids and world_railways the same or 1% faster).
#define BFS_AQ_IDLE_MAX_NS 256u
#endif
#define BFS_CTL_AQ_HEAD 32
#define BFS_CTL_AQ_TP 34              // u64: the ring's tail (low word) and pending (A3, high word)
#define BFS_CTL_AQ_ABORT 36           // a worker failed: the others leave
#define BFS_CTL_AQ_LEFT 43            // worker warps that left (A3: the last one starts bfs_finish)
#define BFS_AQ_EMPTY 0xFFFFFFFFFFFFFFFFull
#define BFS_AQ_BUF 128u               // new items a warp collects per round (16-byte records in s.bl)
static_assert(BFS_AQ_WARPS * BFS_AQ_BUF * 16u <= sizeof(BfsScratch::bl) && BFS_AQ_WARPS * 64u * 16u <= sizeof(BfsScratch::v),
              "BFS_AQ_WARPS: each worker warp's records are a quarter of s.bl (new items) and of s.v (kept ranges)");
#define BFS_AQ_STUCK_NS 1000000000ull // a ring slot not filled or freed within this long: the task fails
#define BFS_AQ_IDLE_NS 100000000ull    // an idle worker leaves after this long without work (100 ms)
#define BFS_ERR_ASYNC_RING 0xB0001u

// The ring's tail and pending count in one word, so that a push reserves and counts with one atomic:
// adding p << 32 | p adds p to both (the tail stays below 2^32 in a BFS, so it never carries).
__device__ __forceinline__ unsigned long long* bfs_aq_tp(const BfsGraph& g) {
    return reinterpret_cast<unsigned long long*>(&g.ctl[BFS_CTL_AQ_TP]);
}

// Block level: a crew round's items [begin, end) of queue q with a warp per item (BFS_CREW_WARP):
// lanes over the item's edges, BFS_UNROLL each in flight, claims and appends as everywhere.
__device__ inline void bfs_round_warp_items(const BfsGraph& g, BfsScratch& s, const u64* q, u32 begin, u32 end,
                                            u32 level, u64* out, u32* tail) {
    u32 lane = threadIdx.x & 31u;
    for (u32 i = begin + (threadIdx.x >> 5); i < end; i += BFS_BLOCK / 32u) {
        // .cg: the queue was written by other blocks in this level or an earlier run (invariant 3).
        u64 it = __ldcg(&q[i]);
        u32 v = (u32)(it >> 32);
        u64 b = __ldg(&g.offsets[v]) + (u64)(u32)it * BFS_PIECE;
        u64 e = min(__ldg(&g.offsets[v + 1]), b + BFS_PIECE);
        for (u64 base = b; base < e; base += 32u * BFS_UNROLL) {
            u32 u[BFS_UNROLL], p[BFS_UNROLL];
#pragma unroll
            for (u32 r = 0; r < BFS_UNROLL; ++r) {
                u64 x = base + r * 32u + lane;
                u[r] = x < e ? __ldg(&g.targets[x]) : BFS_INF;
                p[r] = v;
            }
            bfs_warp_claim_append<true>(g, s, u, p, level, out, tail, 2u);
        }
    }
}

// Thread level: whether level `level` with `count` items of `edges` edges goes asynchronous.
__device__ __forceinline__ bool bfs_go_async(u32 level, u32 count, u64 edges) {
    return BFS_ASYNC_LEVEL != 0 && level >= BFS_ASYNC_LEVEL && count > BFS_ASYNC_MIN_ITEMS &&
           edges <= (u64)count * BFS_ASYNC_MAX_AVG_DEG;
}

#if BFS_PROF
// BFS_PROF: the asynchronous mode's counters (zeroed by the reset; the last worker warp to leave
// prints them): steps, items stepped, stale items dropped, items pushed, ring claims, SM cycles in
// steps, warps left.
__device__ unsigned long long bfs_aq_prof[20];
#define BFS_AQ_PROF_ADD(i, x) atomicAdd(&bfs_aq_prof[i], (unsigned long long)(x))
#else
#define BFS_AQ_PROF_ADD(i, x) do {} while (0)
#endif
#ifndef BFS_AQ_STATS
#define BFS_AQ_STATS 0
#endif
#if BFS_AQ_STATS
// BFS_AQ_STATS: light counters of the asynchronous mode, kept in each warp's registers and added
// up when it leaves (so steps run at full speed, unlike BFS_PROF's): steps, items stepped, the sum
// of the items squared, pushes and pushed items, ring claims, warps left, the switch, the first
// task's start, the last warp's leave (globaltimer), bfs_finish tasks done.
__device__ unsigned long long bfs_aq_stats[12];
#endif

// Thread level: ring position `pos`'s two words (the item, then its parent; A4, A5).
__device__ __forceinline__ u64* bfs_aq_slot(const BfsGraph& g, u32 pos) { return &g.aq[2u * (u64)(pos & g.aq_mask)]; }

// Thread level: stores item `it` with parent `par` at ring position `pos` once both words of the slot
// are free (A4); false if they never free (the ring is full: the task fails instead of hanging).
// Relaxed stores in either order: a taker waits for both words.
__device__ __forceinline__ bool bfs_aq_put(const BfsGraph& g, u32 pos, u64 it, u32 par) {
    u64* slot = bfs_aq_slot(g, pos);
    if (grosr::ld_relaxed_gpu(slot) != BFS_AQ_EMPTY || grosr::ld_relaxed_gpu(slot + 1) != BFS_AQ_EMPTY) {
        u64 t0 = grosr::globaltimer_ns();
        while (grosr::ld_relaxed_gpu(slot) != BFS_AQ_EMPTY || grosr::ld_relaxed_gpu(slot + 1) != BFS_AQ_EMPTY) {
            if (grosr::globaltimer_ns() - t0 > BFS_AQ_STUCK_NS) return false;
            __nanosleep(64);
        }
    }
    grosr::st_relaxed_gpu(slot + 1, (u64)par);
    grosr::st_relaxed_gpu(slot, it);
    return true;
}

// Thread level: takes the item at ring position `pos` (claimed by this thread's warp) and its parent
// (*par), and frees the slot; BFS_AQ_EMPTY if its producer never stores both words.
__device__ __forceinline__ u64 bfs_aq_take(const BfsGraph& g, u32 pos, u32* par) {
    u64* slot = bfs_aq_slot(g, pos);
    u64 it = grosr::ld_relaxed_gpu(slot), pw = grosr::ld_relaxed_gpu(slot + 1);
    if (it == BFS_AQ_EMPTY || pw == BFS_AQ_EMPTY) {
        // Reserved, not yet stored: its producer is storing it now.
        u64 t0 = grosr::globaltimer_ns();
        for (;;) {
            it = grosr::ld_relaxed_gpu(slot);
            pw = grosr::ld_relaxed_gpu(slot + 1);
            if (it != BFS_AQ_EMPTY && pw != BFS_AQ_EMPTY) break;
            if (grosr::globaltimer_ns() - t0 > BFS_AQ_STUCK_NS) return BFS_AQ_EMPTY;
        }
    }
    grosr::st_relaxed_gpu(slot, BFS_AQ_EMPTY);
    grosr::st_relaxed_gpu(slot + 1, BFS_AQ_EMPTY);
    *par = (u32)pw;
    return it;
}

// Warp level: pushes the items of records rec[first, end) ({vertex, label, parent}) to the ring
// (counted in pending first, A3); false if the ring is stuck.
__device__ inline bool bfs_aq_push_warp(const BfsGraph& g, const uint4* rec, u32 first, u32 end) {
    u32 lane = threadIdx.x & 31u, p = end - first, pos = 0;
    if (lane == 0) {
        // One returning atomic: counted before any item can be taken and finished by another warp (A3).
        pos = (u32)grosr::atom_add(bfs_aq_tp(g), (u64)p << 32 | p);
    }
    pos = __shfl_sync(0xffffffffu, pos, 0);
    bool ok = true;
    for (u32 i = lane; i < p; i += 32) {
        uint4 r = rec[first + i];
        ok &= bfs_aq_put(g, pos + i, (u64)r.x << 32 | r.y, r.z);
    }
    return __all_sync(0xffffffffu, ok);
}

// Thread level: a ring slot stuck (A4): the job fails, and every worker leaves.
__device__ __forceinline__ void bfs_async_fail(const grosr::Ctx& ctx, const BfsGraph& g) {
    ctx.fail(BFS_ERR_ASYNC_RING);
    atomicExch(&g.ctl[BFS_CTL_AQ_ABORT], 1u);
}

// Block level: the switch. Level `level`'s vertices (piece 0 of each, queue[level & 1]) go to the
// ring as items (vertex, level); then every block gets a worker (ctx.spawn_on) and this one works too.
__device__ inline void bfs_async_start(grosr::Ctx& ctx, const BfsGraph& g, u32 level, u32 count) {
    const u64* items = g.queue[level & 1];
    BfsScratch& s = bfs_scratch;
    // Count the items first (A3), then store them.
    u32 mine = 0;
    for (u32 i = threadIdx.x; i < count; i += BFS_BLOCK) mine += (u32)__ldcg(&items[i]) == 0u;
    u32 seeds = __reduce_add_sync(0xffffffffu, mine);
    if ((threadIdx.x & 31u) == 0) s.warp_sum[threadIdx.x >> 5] = seeds;
    __syncthreads();
    if (threadIdx.x == 0) {
        u32 all = 0;
        for (u32 w = 0; w < BFS_BLOCK / 32; ++w) all += s.warp_sum[w];
        s.flag = (u32)grosr::atom_add(bfs_aq_tp(g), (u64)all << 32 | all);
        s.total = 0;
    }
    __syncthreads();
    bool ok = true;
    for (u32 i = threadIdx.x; i < count; i += BFS_BLOCK) {
        // .cg: crew members of other SMs may have appended the items (ordered by the crew's fences).
        u64 it = __ldcg(&items[i]);
        if ((u32)it != 0u) continue;
        u32 at = atomicAdd(&s.total, 1u);
        // The seeds were settled by the level-synchronous part (A1): their labels stay BFS_INF, so any
        // parent passes A5's check.
        ok &= bfs_aq_put(g, s.flag + at, (it & 0xFFFFFFFF00000000ull) | level, 0u);
    }
    if (!ok) bfs_async_fail(ctx, g);
    for (u32 c = threadIdx.x; c + 1 < ctx.blocks(); c += BFS_BLOCK) {
        ctx.spawn_on(blockIdx.x + 1 + c, GROSR_TYPE(bfs_async), BfsAsyncArgs{level, 0u});
    }
#if BFS_AQ_STATS
    if (threadIdx.x == 0) bfs_aq_stats[7] = grosr::globaltimer_ns();
#endif
    __syncthreads();
}

// Warp level: a ring slot stuck (A4): the job fails, and every worker leaves.
__device__ inline void bfs_async_abort(const grosr::Ctx& ctx, const BfsGraph& g) {
    if ((threadIdx.x & 31u) == 0) bfs_async_fail(ctx, g);
}

// Warp level: this worker warp leaves (A3). The last of the BFS's BFS_AQ_WARPS x blocks warps to
// leave has seen every label fall for the last time: it starts the copy of the labels into dist
// and parent, a bfs_finish task on every block in this job, so the job ends when they are copied
// (no second job, no host round trip between the two).
__device__ inline void bfs_async_leave(const grosr::Ctx& ctx, const BfsGraph& g) {
    u32 lane = threadIdx.x & 31u;
    bool last = false;
    if (lane == 0) {
        // Release: this warp's red.min and atomicMin on the labels are ordered before its count.
        __threadfence();
        last = atomicAdd(&g.ctl[BFS_CTL_AQ_LEFT], 1u) + 1u == BFS_AQ_WARPS * ctx.blocks();
        // Acquire (the last warp): every warp's count, and so its labels, before the copy starts.
        __threadfence();
    }
    if (!__shfl_sync(0xffffffffu, last, 0)) return;
#if BFS_AQ_STATS
    if (lane == 0) bfs_aq_stats[9] = grosr::globaltimer_ns();
#endif
    // Two rounds of spawns, not nb / 32 one after another: a task per lane for a group of blocks,
    // which spawns the group's other parts from all its threads at once.
    u32 nb = ctx.blocks(), groups = min(nb, 32u);
    if (lane < groups) {
        u32 first = nb * lane / groups, past = nb * (lane + 1) / groups;
        u32 b = (u32)((u64)g.n * first / nb), e = (u32)((u64)g.n * past / nb);
        if (b < e) ctx.spawn_on(first, GROSR_TYPE(bfs_finish), BfsFinishArgs{b, e, first, past - first});
    }
}

// A kept item's edge range, {begin, end} (one shared store and load: 8 bytes for 32-bit offsets).
template <typename E>
struct alignas(2 * sizeof(E)) BfsRange {
    E b, e;
};

// Predicated shared stores at a 32-bit shared address (a register the compiler keeps: through a
// generic pointer, it recomputed the shared window's base, an S2R, before each store of a step).
__device__ __forceinline__ void bfs_sts_if(bool on, u32 a, uint4 v) {
    asm volatile("{\n\t.reg .pred q;\n\tsetp.ne.u32 q, %5, 0;\n\t@q st.shared.v4.u32 [%0], {%1, %2, %3, %4};\n\t}" ::"r"(a),
                 "r"(v.x), "r"(v.y), "r"(v.z), "r"(v.w), "r"((u32)on)
                 : "memory");
}
__device__ __forceinline__ void bfs_sts_if(bool on, u32 a, BfsRange<u32> v) {
    asm volatile("{\n\t.reg .pred q;\n\tsetp.ne.u32 q, %3, 0;\n\t@q st.shared.v2.u32 [%0], {%1, %2};\n\t}" ::"r"(a), "r"(v.b),
                 "r"(v.e), "r"((u32)on)
                 : "memory");
}
__device__ __forceinline__ void bfs_sts_if(bool on, u32 a, BfsRange<u64> v) {
    asm volatile("{\n\t.reg .pred q;\n\tsetp.ne.u32 q, %3, 0;\n\t@q st.shared.v2.u64 [%0], {%1, %2};\n\t}" ::"r"(a), "l"(v.b),
                 "l"(v.e), "r"((u32)on)
                 : "memory");
}

// Block level (each warp on its own): works items until none is left anywhere (A3). Template
// parameters, so that a step carries neither the other kind's branches nor wider arithmetic than it
// needs: OPT, optimistic claims (A5); E, the type of edge offsets in a step (u32 when the graph has
// fewer than 2^32 edges: half the instructions for each offset's compare, add and address).
template <bool OPT, typename E>
__device__ __noinline__ void bfs_async_work_t(const grosr::Ctx& ctx) {
    constexpr u32 J = BFS_AQ_PER_LANE, KEEP = BFS_AQ_KEEP, U = BFS_AQ_UNROLL;
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    u32 lane = threadIdx.x & 31u, warp = threadIdx.x >> 5;
    // Fewer worker warps than the block has: fewer idle ones polling the ring's words.
    if (warp >= BFS_AQ_WARPS) return;
    // BFS_AQ_DIST_L1: drop whatever this SM's L1 holds of dist from before the level-synchronous
    // part wrote it (an acquire fence at gpu scope invalidates L1); dist stays fixed from here (A1).
    if (BFS_AQ_DIST_L1) asm volatile("fence.acq_rel.gpu;" ::: "memory");
    // The new items of a step, a 16-byte record each ({vertex, label, parent}: one shared store, and
    // one load for a kept one)...
    uint4* buf = reinterpret_cast<uint4*>(&s.bl[0][0]) + warp * BFS_AQ_BUF;
    // ...and the first KEEP's edge ranges ({begin, end}: the next step's items need not read their
    // offsets).
    BfsRange<E>* kr = reinterpret_cast<BfsRange<E>*>(&s.v[0][0]) + warp * 64u;
    // ...and their shared-space addresses (for bfs_sts_if).
    const u32 buf_s = (u32)__cvta_generic_to_shared(buf), kr_s = (u32)__cvta_generic_to_shared(kr);
    u64* sink = &bfs_aq_sink[((blockIdx.x * BFS_AQ_WARPS + warp) * 32u + lane) % BFS_AQ_SINK];
    // This lane's items (item j here is the warp's item j * 32 + lane).
    u32 v[J], d[J];
    E o0[J], o1[J];
    bool known[J];  // o0, o1 hold v's edges (an item this warp made), else they are read
    bool verify[J];   // optimistic: an item this warp made, checked against its parent par[j] (A5)
    u32 par[J];
#pragma unroll
    for (u32 j = 0; j < J; ++j) {
        v[j] = BFS_INF;
        d[j] = 0;
        o0[j] = o1[j] = 0;
        known[j] = false;
        verify[j] = false;
        par[j] = 0;
    }
    u32 sleep = 32;
    u64 idle_since = 0;  // lane 0
#if BFS_AQ_STATS
    unsigned long long stc[6] = {0, 0, 0, 0, 0, 0};  // the warp's counts (bfs_aq_stats)
#endif
#if BFS_PROF
    long long t_end = 0;  // when the last step ended (0: the warp has been idle since)
    // This warp's SM clock over its life (cycles against ns), printed by the last warp to leave.
    long long clk0 = clock64();
    u64 ns0 = grosr::globaltimer_ns();
#endif
    for (;;) {
        u32 k = 0;
#pragma unroll
        for (u32 j = 0; j < J; ++j) k += __popc(__ballot_sync(0xffffffffu, v[j] != BFS_INF));
        if (k == 0) {
            // Idle: claim up to KEEP ring items, or leave when none is left anywhere.
            u32 got = 0, h = 0;
            if (lane == 0) {
                u64 tp = grosr::ld_relaxed_gpu(reinterpret_cast<const u64*>(bfs_aq_tp(g)));
                u32 t = (u32)tp;
                h = grosr::ld_relaxed_gpu(&g.ctl[BFS_CTL_AQ_HEAD]);
                // Any tail value read is at most the tail now, so [h, t) was reserved; but the head
                // may have passed that t meanwhile (then t - h is negative: nothing to claim here).
                if ((int)(t - h) > 0) {
                    u32 take = min(t - h, KEEP);
                    if (atomicCAS(&g.ctl[BFS_CTL_AQ_HEAD], h, h + take) == h) got = take;
                } else if ((u32)(tp >> 32) == 0 || grosr::ld_relaxed_gpu(&g.ctl[BFS_CTL_AQ_ABORT]) != 0) {
                    got = 0xFFFFFFFFu;
                } else if (idle_since == 0) {
                    idle_since = grosr::globaltimer_ns();
                } else if (grosr::globaltimer_ns() - idle_since > BFS_AQ_IDLE_NS) {
                    got = 0xFFFFFFFFu;
                }
            }
            got = __shfl_sync(0xffffffffu, got, 0);
            if (got == 0xFFFFFFFFu) {
                bfs_async_leave(ctx, g);
#if BFS_AQ_STATS
                if (lane == 0) {
#pragma unroll
                    for (u32 i = 0; i < 6; ++i) atomicAdd(&bfs_aq_stats[i], stc[i]);
                    if (atomicAdd(&bfs_aq_stats[6], 1ull) + 1 == (unsigned long long)BFS_AQ_WARPS * ctx.blocks()) {
                        const unsigned long long* q = bfs_aq_stats;
                        printf("bfs_aq_stats: first task to the switch %llu us, async %llu us, steps %llu, items %llu "
                               "(%.2f a step, %.2f weighted), pushes %llu (%llu items), ring claims %llu\n",
                               (q[7] - q[8]) / 1000, (grosr::globaltimer_ns() - q[7]) / 1000, q[0], q[1],
                               (double)q[1] / (q[0] ? q[0] : 1), (double)q[2] / (q[1] ? q[1] : 1), q[3], q[4], q[5]);
                    }
                }
#endif
#if BFS_PROF
                if (lane == 0 && atomicAdd(&bfs_aq_prof[6], 1ull) + 1 == (unsigned long long)BFS_AQ_WARPS * ctx.blocks()) {
                    unsigned long long* q = bfs_aq_prof;
                    unsigned long long r = q[7] ? q[7] : 1, st = q[0] ? q[0] : 1;
                    printf("bfs_aq_prof: steps %llu, items %llu (stale %llu), pushed %llu, claims %llu, "
                           "cycles per step %llu (rounds %llu: targets %llu, dist and labels %llu, claims %llu "
                           "[last loads %llu, atomics %llu, ballots and buffer %llu, count %llu, push %llu]; "
                           "step's end %llu, next step's start %llu; optimistic %d; this worker %llu us at %llu MHz)\n",
                           q[0], q[1], q[2], q[3], q[4], q[5] / st, q[7], q[8] / r, q[9] / r, q[10] / r, q[11] / r,
                           q[12] / r, q[13] / r, q[14] / r, q[15] / r, q[16] / st, q[17] / st, (int)OPT,
                           (grosr::globaltimer_ns() - ns0) / 1000,
                           (unsigned long long)(clock64() - clk0) * 1000 / (grosr::globaltimer_ns() - ns0 + 1));
                }
#endif
                return;
            }
            if (lane == 0 && got) BFS_AQ_PROF_ADD(4, 1);
#if BFS_AQ_STATS
            stc[5] += got != 0;
#endif
#if BFS_PROF
            t_end = 0;
#endif
            if (got == 0) {
                __nanosleep(sleep);
                sleep = min(sleep * 2, BFS_AQ_IDLE_MAX_NS);
                continue;
            }
            sleep = 32;
            idle_since = 0;
            h = __shfl_sync(0xffffffffu, h, 0);
            bool lost = false;
#pragma unroll
            for (u32 j = 0; j < J; ++j) {
                u32 i = j * 32 + lane;
                if (i < got) {
                    u64 it = bfs_aq_take(g, h + i, &par[j]);
                    lost |= it == BFS_AQ_EMPTY;
                    v[j] = (u32)(it >> 32);
                    d[j] = (u32)it;
                    known[j] = false;
                    verify[j] = false;
                }
            }
            if (__any_sync(0xffffffffu, lost)) {
                bfs_async_abort(ctx, g);
                return;
            }
            continue;
        }
#if BFS_PROF
        long long t_step = clock64(), t_step0 = t_step;
        if (lane == 0 && t_end != 0) BFS_AQ_PROF_ADD(17, t_step - t_end);
#endif
        // One step: every lane relaxes its items' edges, U of each per round; the vertices whose
        // labels fall are collected in buf, the first KEEP become the warp's next items, the rest go
        // to the ring.
#pragma unroll
        for (u32 j = 0; j < J; ++j) {
            if (v[j] == BFS_INF) {
                o0[j] = o1[j] = 0;
            } else if (!BFS_AQ_PASS_OFFSETS || !known[j]) {
                u64 lw = __ldcg(reinterpret_cast<const unsigned long long*>(&g.dp[v[j]]));
                o0[j] = (E)__ldg(&g.offsets[v[j]]);
                o1[j] = (E)__ldg(&g.offsets[v[j] + 1]);
                // A2: a lower label's item does this vertex's work (A5: a lower (label, parent)). (An
                // item this warp made was lowered a moment ago: when exact it skips the check; if a
                // lower label came since, it relaxes in vain.)
                bool stale = OPT ? lw < ((u64)d[j] << 32 | par[j]) : (u32)(lw >> 32) < d[j];
                if (stale) o1[j] = o0[j];
                if (BFS_PROF && stale) BFS_AQ_PROF_ADD(2, 1);
            }
        }
        // ok: this lane's pushes found room; pushed (the same in every lane): the warp pushed, so ok
        // needs a look (a vote only then).
        bool ok = true, pushed = false;
        bool first = true;
        // The new items in buf so far (the same in every lane: it adds up ballots).
        u32 c = 0;
        // Rounds while any item has edges left (the first without a vote: k > 0 items have some, or
        // else a round with nothing to load does nothing).
        bool more;
        do {
            // U edges of every item at once: their targets, then their dist, label and offsets.
            u32 w[J][U], dw[J][U], pw[J][U];
            E ob[J][U], oe[J][U];
#pragma unroll
            for (u32 j = 0; j < J; ++j) {
#pragma unroll
                for (u32 x = 0; x < U; ++x) {
                    w[j][x] = o0[j] + x < o1[j] ? __ldg(&g.targets[o0[j] + x]) : BFS_INF;
                }
            }
            // Optimistic: the warp-made items' own label words, read beside the edges' (A5).
            u64 own[J];
#pragma unroll
            for (u32 j = 0; j < J; ++j) {
                own[j] = first && verify[j] ? __ldcg(reinterpret_cast<const unsigned long long*>(&g.dp[v[j]])) : ~0ull;
            }
#if BFS_PROF
            // Wait for the targets (a vote on them), then time the next phase.
            long long t_r0 = clock64();
            if (__any_sync(0xffffffffu, w[0][0] == 0xFFFFFFFEu)) t_r0 += 1;
            long long t_r1 = clock64();
#endif
#pragma unroll
            for (u32 j = 0; j < J; ++j) {
#pragma unroll
                for (u32 x = 0; x < U; ++x) {
                    dw[j][x] = pw[j][x] = 0;
                    ob[j][x] = oe[j][x] = 0;
                    if (w[j][x] != BFS_INF) {
                        // dist does not change in this mode (A1): through L1 with BFS_AQ_DIST_L1.
                        dw[j][x] = BFS_AQ_DIST_L1 ? g.dist[w[j][x]] : __ldcg(&g.dist[w[j][x]]);
                        pw[j][x] = __ldcg(reinterpret_cast<const u32*>(&g.dp[w[j][x]]) + 1);  // the label half
                        if (BFS_AQ_PASS_OFFSETS) {
                            ob[j][x] = (E)__ldg(&g.offsets[w[j][x]]);
                            oe[j][x] = (E)__ldg(&g.offsets[w[j][x] + 1]);
                        }
                    }
                }
            }
#if BFS_PROF
            if (__any_sync(0xffffffffu, dw[0][0] == 1u || pw[0][0] == 1u || ob[0][0] == 1u)) t_r1 += 1;
            long long t_r2 = clock64();
            // ...and the round's other loads (their tail), timed apart.
            {
                bool any1 = false;
#pragma unroll
                for (u32 j = 0; j < J; ++j) {
#pragma unroll
                    for (u32 x = 0; x < U; ++x) any1 |= dw[j][x] == 1u || pw[j][x] == 1u || ob[j][x] == 1u || oe[j][x] == 1u;
                }
                if (__any_sync(0xffffffffu, any1)) t_r2 += 1;
            }
            long long t_c0 = clock64();
#endif
            if (OPT && first) {
                // A5: an item whose label word holds a lower (label, parent) stops; its loads were in vain.
#pragma unroll
                for (u32 j = 0; j < J; ++j) {
                    if (verify[j] && own[j] < ((u64)d[j] << 32 | par[j])) {
                        if (BFS_PROF) BFS_AQ_PROF_ADD(2, 1);
                        o1[j] = o0[j];
#pragma unroll
                        for (u32 x = 0; x < U; ++x) w[j][x] = BFS_INF;
                    }
                    verify[j] = false;
                }
            }
            first = false;
            // The claims: every candidate's atomicMin issued before any result is used, so they share
            // one round trip; then the items.
            u64 old[J][U];
#pragma unroll
            for (u32 j = 0; j < J; ++j) {
                u32 nd = d[j] + 1;
                u64 mine = (u64)nd << 32 | v[j];
#pragma unroll
                for (u32 x = 0; x < U; ++x) {
                    old[j][x] = 0;
                    // A1: settled vertices are never relaxed; a label at or below nd needs nothing.
                    bool cand = w[j][x] != BFS_INF && dw[j][x] == BFS_INF && pw[j][x] > nd;
                    if (OPT) {
                        // A5: nothing waits for it; old marks a candidate.
                        if (BFS_AQ_RED_ALL) {
                            // Every lane, every x, without a branch: a min with ~0 where not a
                            // candidate, into this lane's sink word where there is no target.
                            u64* a = w[j][x] != BFS_INF ? reinterpret_cast<u64*>(&g.dp[w[j][x]]) : sink;
                            grosr::red_min(a, cand ? mine : ~0ull);
                        } else {
                            // No access unless cand (w may be BFS_INF otherwise).
                            grosr::red_min_if(cand, reinterpret_cast<u64*>(&g.dp[w[j][x]]), mine);
                        }
                        old[j][x] = cand ? ~0ull : 0ull;
                    } else if (cand) {
                        // Relaxed atomic at gpu scope: the label is the whole protocol (A2).
                        old[j][x] = grosr::atom_min(reinterpret_cast<u64*>(&g.dp[w[j][x]]), mine);
                    }
                }
            }
#if BFS_PROF
            long long t_c1 = clock64();
#endif
            // Positions in buf by ballot (no shared atomics): c is the warp's running count. A lane
            // whose item finds buf full pushes it to the ring after the loop (spill: its bit j * U + x).
            u32 spill = 0;
#pragma unroll
            for (u32 j = 0; j < J; ++j) {
                u32 nd = d[j] + 1;
#pragma unroll
                for (u32 x = 0; x < U; ++x) {
                    // Lowered: candidates only (the others' old is 0; optimistic: every candidate, A5).
                    bool low = (u32)(old[j][x] >> 32) > nd;
                    u32 mask = __ballot_sync(0xffffffffu, low);
                    u32 at = c + __popc(mask & ((1u << lane) - 1u));
                    c += __popc(mask);
                    // Flat conditions, so that the stores are predicated rather than branched around.
                    bool in_buf = low && at < BFS_AQ_BUF, in_keep = BFS_AQ_PASS_OFFSETS && in_buf && at < KEEP;
                    bfs_sts_if(in_buf, buf_s + at * 16u, make_uint4(w[j][x], nd, v[j], 0u));
                    bfs_sts_if(in_keep, kr_s + at * (u32)sizeof(BfsRange<E>), BfsRange<E>{ob[j][x], oe[j][x]});
                    spill |= (u32)(low && !in_buf) << (j * U + x);
                }
                o0[j] = min((E)(o0[j] + U), o1[j]);
            }
            if (__any_sync(0xffffffffu, spill != 0)) {
                // The buffer is full (a wide fan-out): each such lane pushes its items itself.
                pushed = true;
#pragma unroll
                for (u32 j = 0; j < J; ++j) {
#pragma unroll
                    for (u32 x = 0; x < U; ++x) {
                        if (spill >> (j * U + x) & 1u) {
                            u64 item = (u64)w[j][x] << 32 | (d[j] + 1);
                            ok &= bfs_aq_put(g, (u32)grosr::atom_add(bfs_aq_tp(g), 1ull << 32 | 1ull), item, v[j]);
                        }
                    }
                }
            }
#if BFS_PROF
            long long t_c2 = clock64();
#endif
            // The round's buffer entries are visible to every lane.
            __syncwarp();
#if BFS_PROF
            if (lane == 0) {
                long long t_r3 = clock64();
                BFS_AQ_PROF_ADD(7, 1);
                BFS_AQ_PROF_ADD(8, t_r1 - t_step);
                BFS_AQ_PROF_ADD(9, t_r2 - t_r1);
                BFS_AQ_PROF_ADD(10, t_r3 - t_r2);
                BFS_AQ_PROF_ADD(11, t_c0 - t_r2);
                BFS_AQ_PROF_ADD(12, t_c1 - t_c0);
                BFS_AQ_PROF_ADD(13, t_c2 - t_c1);
                BFS_AQ_PROF_ADD(14, t_r3 - t_c2);
                t_step = t_r3;
            }
#endif
            c = min(c, BFS_AQ_BUF);
            if (c > KEEP) {
                pushed = true;
                ok &= bfs_aq_push_warp(g, buf, KEEP, c);
                if (lane == 0) BFS_AQ_PROF_ADD(3, c - KEEP);
#if BFS_AQ_STATS
                stc[3] += 1;
                stc[4] += c - KEEP;
#endif
                // Every lane has read its pushed items before the next round writes buf past KEEP.
                __syncwarp();
                c = KEEP;
            }
#if BFS_PROF
            if (lane == 0) {
                long long t_p = clock64();
                BFS_AQ_PROF_ADD(15, t_p - t_step);
                t_step = t_p;
            }
#endif
            more = false;
#pragma unroll
            for (u32 j = 0; j < J; ++j) more |= o0[j] < o1[j];
        } while (__any_sync(0xffffffffu, more));
        u32 kept = min(c, KEEP);
#if BFS_AQ_STATS
        stc[0] += 1;
        stc[1] += k;
        stc[2] += (unsigned long long)k * k;
#endif
#if BFS_PROF
        if (lane == 0) {
            BFS_AQ_PROF_ADD(0, 1);
            BFS_AQ_PROF_ADD(1, k);
            BFS_AQ_PROF_ADD(5, clock64() - t_step0);
        }
#endif
#pragma unroll
        for (u32 j = 0; j < J; ++j) {
            u32 i = j * 32 + lane;
            uint4 r = i < kept ? buf[i] : make_uint4(BFS_INF, 0u, 0u, 0u);
            v[j] = r.x;
            d[j] = r.y;
            par[j] = r.z;
            known[j] = BFS_AQ_PASS_OFFSETS && i < kept;
            // A5: checked beside its first edges' loads.
            verify[j] = OPT && known[j];
            if (known[j]) {
                BfsRange<E> e = kr[i];
                o0[j] = e.b;
                o1[j] = e.e;
            }
        }
        // A3: the kept items in, the processed ones out, in one atomic (no result needed).
        if (lane == 0 && kept != k) grosr::red_add(bfs_aq_tp(g), (u64)(kept - k) << 32);
        // Every lane has read its kept item before the next step writes buf.
        __syncwarp();
        if (pushed && !__all_sync(0xffffffffu, ok)) {
            bfs_async_abort(ctx, g);
            return;
        }
#if BFS_PROF
        t_end = clock64();
        if (lane == 0) BFS_AQ_PROF_ADD(16, t_end - t_step);
#endif
    }
}

#ifndef BFS_AQ_E64
#define BFS_AQ_E64 0u  // 1: 64-bit edge offsets in every step (to test that form on small graphs)
#endif
// Block level: the worker for this graph (its kind of claims, A5, and its offsets' width), the same
// for every worker of the BFS.
__device__ __forceinline__ void bfs_async_work(const grosr::Ctx& ctx) {
    const BfsGraph& g = *bfs_graph;
    u64 m = __ldg(&g.offsets[g.n]);
    bool opt = BFS_AQ_OPT == 1 || (BFS_AQ_OPT == 2 && m <= (u64)BFS_AQ_OPT_MAX_DEG * g.n);
    // Below 2^32: every offset and offset + BFS_AQ_UNROLL fits.
    bool narrow = !BFS_AQ_E64 && m < 0xFFFFFFFFull - BFS_AQ_UNROLL;
    if (opt) {
        if (narrow) {
            bfs_async_work_t<true, u32>(ctx);
        } else {
            bfs_async_work_t<true, u64>(ctx);
        }
    } else if (narrow) {
        bfs_async_work_t<false, u32>(ctx);
    } else {
        bfs_async_work_t<false, u64>(ctx);
    }
}

// ---------------------------------------------------------------------------------------------
// Barrier mode (BFS_BAR): on a graph denser than BFS_AQ_OPT_MAX_DEG edges a vertex on average (and
// with bq allocated, g.has_bq: the host does so above 4 edges a vertex), where the asynchronous mode
// relabels (rgg: 3.4 items a vertex), a BFS that would go asynchronous runs the rest level by level
// instead: one worker per scheduler block, BFS_BAR_LANES lanes per frontier item and a counter
// barrier among the workers between levels. Invariants:
// B1. The mode needs every worker running at once. A block runs one block-width task at a time
//     and every block gets one worker (an idle block that stole another's worker leaves its own to
//     be stolen the same way: a busy owner's lone task, GROSR_STEAL_LONE_NS later), so
//     they all run unless another job's task holds a block; one BFS at a time holds the mode
//     (bfs_bar_lock; the others go asynchronous), so two barrier BFSs never wait on each other. A
//     barrier not passed within BFS_BAR_STUCK_NS fails the task (BFS_ERR_BARRIER) and every worker
//     leaves: an error the host sees, never a hang.
// B2. Levels as the cooperative kernel's: worker 0 zeroes the tail two levels ahead (no worker reads
//     it any more), items of level L are queue[L & 1] counted by ctl[TAIL + L % 3], claims by CAS on
//     dist. dist and parent are final when the last level ends: no bfs_finish.
// B3. The last worker to leave frees the mode (workers that start after a failure leave at once).
// B4. An item the mode appends carries its edge range (`vertex << 32 | len`, offset in bq[L & 1],
//     read at the CAS): the next level needs no offsets load. Its first level's items come from
//     the level that switched, in the usual `vertex << 32 | piece` form.
// B5. A worker keeps up to BFS_BAR_KEEP of the items it claims in its shared memory, for its own
//     next level (no queue round trip, no global atomic); the rest go to the queue. A level's count
//     is the queue's tail plus the kept items, which each worker adds to ctl[BAR_KEPT + L % 3]
//     before its arrival, so every worker reads the same count after the barrier.
#ifndef BFS_BAR
#define BFS_BAR 1u
#endif
#define BFS_CTL_BAR_LEFT 37             // workers that left the barrier mode (B3)
#define BFS_CTL_BAR_ABORT 38            // a worker failed: the others leave (B1)
#define BFS_BAR_STUCK_NS 1000000000ull  // a barrier not passed within this long: the task fails (B1)
#define BFS_ERR_BARRIER 0xB0002u
__device__ u32 bfs_bar_lock;            // 1 while a BFS holds the barrier mode (B1)
#if BFS_PROF
// BFS_PROF: work and wait cycles (sums, slowest), levels; fence cycles (sum), the last arriver's
// cycles from its arrival to passing (sum, count); a histogram of a worker's work per level (1,024 cycles a bin).
__device__ unsigned long long bfs_bar_prof[7];
__device__ unsigned long long bfs_bar_hist[16];
#endif

// Barrier-mode levels: BFS_BAR_LANES lanes per item (a power of two; rgg averages 10 edges a
// vertex, so a warp's 32 lanes would idle), each with BFS_BAR_UNROLL edges in flight. The dist
// pre-check (BFS_BAR_PRECHECK) filters visited vertices before any CAS. A worker keeps up to
// BFS_BAR_KEEP of the items it claims for its own next level (B5).
#ifndef BFS_BAR_LANES
#define BFS_BAR_LANES 16u
#endif
#define BFS_BAR_UNROLL (32u / BFS_BAR_LANES)
#define BFS_BAR_GROUPS (BFS_BLOCK / BFS_BAR_LANES)  // item groups of a worker
#ifndef BFS_BAR_PRECHECK
#define BFS_BAR_PRECHECK 0
#endif
#ifndef BFS_BAR_KEEP
#define BFS_BAR_KEEP (BFS_BAR_GROUPS / 2)
#endif
static_assert(BFS_BAR_LANES >= 1 && BFS_BAR_LANES <= 32 && (BFS_BAR_LANES & (BFS_BAR_LANES - 1)) == 0,
              "BFS_BAR_LANES: a power of two up to 32");
static_assert(BFS_BAR_KEEP <= BFS_ROUND, "BFS_BAR_KEEP: kept items live in s.v/s.bl");
#define BFS_CTL_BAR_KEPT 40  // [3] items the workers kept for a level, by level % 3 (B5)

// Block level: the barrier after the mode's level `level` (target = arrivals of every worker so far);
// false if it was not passed in time or another worker failed (B1). Before arriving, thread 0 adds the
// items this worker kept for the next level to the level's count (B5).
__device__ inline bool bfs_bar_wait(const BfsGraph& g, u32 level, u32 target, u64 (&prof)[3]) {
    BfsScratch& s = bfs_scratch;
    __syncthreads();
    if (threadIdx.x == 0) {
        bool ok = true;
#if BFS_PROF
        u64 arrive = clock64();
        prof[1] += arrive - prof[0];
#endif
        u32 kept = min(s.ltail[(level + 1) & 1], BFS_BAR_KEEP);
        if (kept) atomicAdd(&g.ctl[BFS_CTL_BAR_KEPT + (level + 1) % 3], kept);
        // Every thread read this level's kept count at its start; the level after next appends here.
        s.ltail[level & 1] = 0;
        // Release: this block's claims, appends and kept count of the level before its arrival.
#if BFS_PROF
        u64 f0 = clock64();
        bfs_fence_release();
        u64 f1 = clock64();
        bool last = atomicAdd(&g.ctl[BFS_CTL_BAR], 1u) + 1 == target;
        atomicAdd(&bfs_bar_prof[4], f1 - f0);
        atomicAdd(&bfs_bar_hist[min((arrive - prof[0]) >> 10, 15ull)], 1ull);
#else
        bfs_fence_release();
        atomicAdd(&g.ctl[BFS_CTL_BAR], 1u);
#endif
        u64 t0 = 0;
        u32 spins = 0;
        while ((int)(bfs_poll(&g.ctl[BFS_CTL_BAR]) - target) < 0) {
            if ((++spins & 255u) == 0) {
                if (grosr::ld_relaxed_gpu(&g.ctl[BFS_CTL_BAR_ABORT]) != 0) {
                    ok = false;
                    break;
                }
                u64 now = grosr::globaltimer_ns();
                if (t0 == 0) {
                    t0 = now;
                } else if (now - t0 > BFS_BAR_STUCK_NS) {
                    ok = false;
                    break;
                }
            }
        }
        // Acquire: every worker's writes of the level are visible once all have arrived.
        bfs_fence_acquire();
        s.flag = ok;
#if BFS_PROF
        prof[0] = clock64();
        prof[2] += prof[0] - arrive;
        if (last) {
            atomicAdd(&bfs_bar_prof[5], prof[0] - f1);
            atomicAdd(&bfs_bar_prof[6], 1ull);
        }
#endif
    }
    __syncthreads();
    bool ok = s.flag != 0;
    // Every thread has read the verdict before s.flag is written again.
    __syncthreads();
    return ok;
}

// Block level (all threads): worker `wid` expands level `level` of the barrier mode and returns the
// level's item count, kept and shared (B2, B5). Group j = threadIdx.x / BFS_BAR_LANES first takes
// this worker's kept items j, j + BFS_BAR_GROUPS, ... (shared memory), then the shared items gi,
// gi + groups, ... of the queue. A shared item after the mode's first level carries its edge range
// (B4): `vertex << 32 | len` in queue[L & 1] and the offset in bq[L & 1]; the first level's are the
// usual `vertex << 32 | piece`. The counts and the group's first shared item are loaded together: a
// slot past the count holds an older level's item, read and ignored.
__device__ inline u32 bfs_bar_level(const BfsGraph& g, BfsScratch& s, u32 level, bool first, u32 gi, u32 groups) {
    const u64* in = g.queue[level & 1];
    const u64* inb = g.bq[level & 1];
    u64* out = g.queue[(level + 1) & 1];
    u64* outb = g.bq[(level + 1) & 1];
    u32* tail = &g.ctl[BFS_CTL_TAIL + (level + 1) % 3];
    const u32 lane = threadIdx.x & 31u, sub = threadIdx.x & (BFS_BAR_LANES - 1), j = threadIdx.x / BFS_BAR_LANES;
    const u32 cur = level & 1, nxt = cur ^ 1u;
    // .cg: the counts and items were written by other workers before the barrier (B2).
    u32 count = __ldcg(&g.ctl[BFS_CTL_TAIL + level % 3]);
    u32 kept_all = __ldcg(&g.ctl[BFS_CTL_BAR_KEPT + level % 3]);
    u64 w0 = 0, w1 = 0;
    // A queue holds at least n + 1 items, so slot gi < n exists whatever the count.
    if (gi < g.n) {
        w0 = __ldcg(&in[gi]);
        if (!first) w1 = __ldcg(&inb[gi]);
    }
    // Kept items start without waiting for the counts (the level is not empty then).
    u32 lc = min(s.ltail[cur], BFS_BAR_KEEP);
    if (lc == 0 && count + kept_all == 0) return 0;
    u32 nloc = lc > j ? (lc - j + BFS_BAR_GROUPS - 1) / BFS_BAR_GROUPS : 0u;
    for (u32 t = 0;; ++t) {
        u32 v = BFS_INF, len = 0;
        u64 beg = 0;
        bool have = true;
        if (t < nloc) {
            u32 li = j + t * BFS_BAR_GROUPS;
            v = s.v[cur][li];
            beg = bfs_beg(s.bl[cur][li]);
            len = bfs_len(s.bl[cur][li]);
        } else {
            u32 i = gi + (t - nloc) * groups;
            have = i < count;
            if (have) {
                if (t != nloc) {
                    w0 = __ldcg(&in[i]);
                    if (!first) w1 = __ldcg(&inb[i]);
                }
                v = (u32)(w0 >> 32);
                if (first) {
                    beg = __ldg(&g.offsets[v]) + (u64)(u32)w0 * BFS_PIECE;
                    len = (u32)min(__ldg(&g.offsets[v + 1]) - beg, (u64)BFS_PIECE);
                } else {
                    beg = w1;
                    len = (u32)w0;
                }
            }
        }
        if (!__any_sync(0xffffffffu, have)) break;
        u32 most = __reduce_max_sync(0xffffffffu, len);
        for (u32 base = 0; base < most; base += BFS_BAR_LANES * BFS_BAR_UNROLL) {
            u32 u[BFS_BAR_UNROLL];
            bool won[BFS_BAR_UNROLL];
            u64 ob[BFS_BAR_UNROLL], oe[BFS_BAR_UNROLL];
#pragma unroll
            for (u32 k = 0; k < BFS_BAR_UNROLL; ++k) {
                u32 x = base + sub + k * BFS_BAR_LANES;
                u[k] = x < len ? __ldg(&g.targets[beg + x]) : BFS_INF;
            }
#pragma unroll
            for (u32 k = 0; k < BFS_BAR_UNROLL; ++k) {
                // A1 of bfs_common (invariant 1); .cg: dist changes during the level, L1 may be stale.
                won[k] = u[k] != BFS_INF && (!BFS_BAR_PRECHECK || __ldcg(&g.dist[u[k]]) == BFS_INF);
            }
#pragma unroll
            for (u32 k = 0; k < BFS_BAR_UNROLL; ++k) {
                // The candidate's edge range, in flight beside its CAS (the next level's item needs it).
                ob[k] = won[k] ? __ldg(&g.offsets[u[k]]) : 0;
                oe[k] = won[k] ? __ldg(&g.offsets[u[k] + 1]) : 0;
            }
#pragma unroll
            for (u32 k = 0; k < BFS_BAR_UNROLL; ++k) {
                won[k] = won[k] && atomicCAS(&g.dist[u[k]], BFS_INF, level + 1) == BFS_INF;
            }
            u32 np = 0;
#pragma unroll
            for (u32 k = 0; k < BFS_BAR_UNROLL; ++k) {
                if (won[k]) {
                    g.parent[u[k]] = v;
                    np += bfs_pieces(oe[k] - ob[k]);
                }
            }
            // Positions in this worker's next level: one shared atomic per warp (B5); those past
            // BFS_BAR_KEEP go to the shared queue, one global atomic per warp that has any.
            u32 incl = np;
#pragma unroll
            for (u32 d = 1; d < 32; d <<= 1) {
                u32 x = __shfl_up_sync(0xffffffffu, incl, d);
                if (lane >= d) incl += x;
            }
            u32 wtotal = __shfl_sync(0xffffffffu, incl, 31), pos = 0;
            if (lane == 31 && wtotal) pos = atomicAdd(&s.ltail[nxt], wtotal);
            pos = __shfl_sync(0xffffffffu, pos, 31) + incl - np;
            u32 spill = pos + np <= BFS_BAR_KEEP ? 0u : min(np, pos + np - BFS_BAR_KEEP);
            u32 at = 0;
            // Relaxed appends: read after the barrier, which orders them (B2).
            if (__any_sync(0xffffffffu, spill != 0)) at = bfs_warp_reserve(tail, spill);
#pragma unroll
            for (u32 k = 0; k < BFS_BAR_UNROLL; ++k) {
                if (!won[k]) continue;
                for (u64 b = ob[k]; b < oe[k]; b += BFS_PIECE, ++pos) {
                    u32 plen = (u32)min(oe[k] - b, (u64)BFS_PIECE);
                    if ((int)(pos - BFS_BAR_KEEP) < 0) {  // pos < BFS_BAR_KEEP, also for a KEEP of 0
                        s.v[nxt][pos] = u[k];
                        s.bl[nxt][pos] = bfs_pack(b, plen);
                    } else {
                        out[at] = ((u64)u[k] << 32) | plen;
                        outb[at] = b;
                        ++at;
                    }
                }
            }
        }
    }
    return count + kept_all;
}

// Block level: worker `wid` of the barrier mode, from level `level0` on (B2). Every worker reads the
// same counts, so all leave at the same empty level, with no barrier after it.
__device__ __noinline__ void bfs_bar_work(const grosr::Ctx& ctx, u32 level0, u32 wid) {
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    const u32 workers = ctx.blocks();
    const u32 groups = workers * BFS_BAR_GROUPS;
    // Consecutive shared items go to different workers first (a small level is spread over every
    // SM), and to a worker's last groups first: kept items take its first groups (B5).
    const u32 gi = (BFS_BAR_GROUPS - 1 - threadIdx.x / BFS_BAR_LANES) * workers + wid;
    if (threadIdx.x == 0) s.ltail[0] = s.ltail[1] = 0;
    __syncthreads();
    // B3: a worker that starts after a failure leaves at once.
    bool ok = grosr::ld_relaxed_gpu(&g.ctl[BFS_CTL_BAR_ABORT]) == 0;
    // BFS_PROF: thread 0's clock at the level's start, cycles working and waiting at the barrier.
    u64 prof[3] = {(u64)clock64(), 0, 0};
    u32 level = level0;
    for (; ok; ++level) {
        // Nobody reads level - 1's counts any more (every worker passed its barrier).
        if (wid == 0 && threadIdx.x == 0) {
            g.ctl[BFS_CTL_TAIL + (level + 2) % 3] = 0;
            g.ctl[BFS_CTL_BAR_KEPT + (level + 2) % 3] = 0;
        }
        if (bfs_bar_level(g, s, level, level == level0, gi, groups) == 0) break;
        ok = bfs_bar_wait(g, level, (level - level0 + 1) * workers, prof);
    }
    if (threadIdx.x == 0) {
#if BFS_PROF
        atomicAdd(&bfs_bar_prof[0], prof[1]);
        atomicAdd(&bfs_bar_prof[1], prof[2]);
        atomicMax(&bfs_bar_prof[2], prof[1]);
        if (wid == 0) bfs_bar_prof[3] = level - level0;
        __threadfence();
#endif
        if (!ok) {
            ctx.fail(BFS_ERR_BARRIER);
            atomicExch(&g.ctl[BFS_CTL_BAR_ABORT], 1u);
        }
        // B3: the last to leave frees the mode (relaxed: the next holder resets every word it uses).
        if (atomicAdd(&g.ctl[BFS_CTL_BAR_LEFT], 1u) + 1 == workers) {
#if BFS_PROF
            __threadfence();
            u64 lv = max(bfs_bar_prof[3], 1ull);
            printf("bfs_bar_prof levels %llu workers %u cycles/level: work %llu (slowest worker %llu) wait %llu\n", lv,
                   workers, bfs_bar_prof[0] / workers / lv, bfs_bar_prof[2] / lv, bfs_bar_prof[1] / workers / lv);
            printf("bfs_bar_prof fence %llu cycles, last arrival to pass %llu cycles; work histogram (1,024-cycle bins):",
                   bfs_bar_prof[4] / workers / lv, bfs_bar_prof[5] / max(bfs_bar_prof[6], 1ull));
            for (int k = 0; k < 16; ++k) printf(" %llu", bfs_bar_hist[k]);
            printf("\n");
            for (int k = 0; k < 7; ++k) bfs_bar_prof[k] = 0;
            for (int k = 0; k < 16; ++k) bfs_bar_hist[k] = 0;
#endif
            atomicExch(&bfs_bar_lock, 0u);
        }
    }
}

// Block level: the barrier mode's start at level `level` of `count` items, if this BFS gets the mode
// (B1); then every other block gets a worker and this block is worker 0.
__device__ inline bool bfs_bar_start(grosr::Ctx& ctx, const BfsGraph& g, u32 level, u32 count) {
    BfsScratch& s = bfs_scratch;
    if (threadIdx.x == 0) {
        bool mine = atomicCAS(&bfs_bar_lock, 0u, 1u) == 0u;
        if (mine) {
            g.ctl[BFS_CTL_TAIL + level % 3] = count;
            g.ctl[BFS_CTL_TAIL + (level + 1) % 3] = 0;
            g.ctl[BFS_CTL_TAIL + (level + 2) % 3] = 0;
            g.ctl[BFS_CTL_BAR] = 0;
            g.ctl[BFS_CTL_BAR_LEFT] = 0;
            g.ctl[BFS_CTL_BAR_ABORT] = 0;
            for (u32 k = 0; k < 3; ++k) g.ctl[BFS_CTL_BAR_KEPT + k] = 0;
            // Release: the words above before any worker can start.
            bfs_fence_release();
        }
        s.flag = mine;
    }
    __syncthreads();
    bool mine = s.flag != 0;
    __syncthreads();
    if (!mine) return false;
    for (u32 c = threadIdx.x; c + 1 < ctx.blocks(); c += BFS_BLOCK) {
        ctx.spawn_on(blockIdx.x + 1 + c, GROSR_TYPE(bfs_async), BfsAsyncArgs{level, c + 2});
    }
    return true;
}

// Block width: an asynchronous-mode worker (bfs_async_work), or the barrier mode's (bfs_bar_work).
GROSR_TASK(bfs_async, BfsAsyncArgs) {
    if (args.bar) {
        bfs_bar_work(ctx, args.level, args.bar - 1);
    } else {
        bfs_async_work(ctx);
    }
    __syncthreads();
}

// Block width: A3's copy of the asynchronous labels of vertices [begin, end) into dist and parent,
// spawned on every block by the last worker warp to leave (bfs_async_leave).
GROSR_TASK(bfs_finish, BfsFinishArgs) {
    const BfsGraph g = *bfs_graph;
    // Part i is [begin + span * i / parts, begin + span * (i + 1) / parts).
    u32 span = args.end - args.begin;
    for (u32 i = 1 + threadIdx.x; i < args.parts; i += BFS_BLOCK) {
        u32 b = args.begin + (u32)((u64)span * i / args.parts);
        u32 e = args.begin + (u32)((u64)span * (i + 1) / args.parts);
        if (b < e) ctx.spawn_on(args.first + i, GROSR_TYPE(bfs_finish), BfsFinishArgs{b, e, args.first + i, 1u});
    }
    u32 end = args.begin + (u32)((u64)span / args.parts);
    constexpr u32 K = 8;  // labels loaded before any is stored (the stores might alias them)
    for (u32 v0 = args.begin + threadIdx.x; v0 < end; v0 += K * BFS_BLOCK) {
        u64 p[K];
#pragma unroll
        for (u32 i = 0; i < K; ++i) {
            u32 v = v0 + i * BFS_BLOCK;
            // .cg: the labels were set by atomics in L2 by other blocks' workers.
            p[i] = v < end ? __ldcg(&g.dp[v]) : ~0ull;
        }
#pragma unroll
        for (u32 i = 0; i < K; ++i) {
            u32 v = v0 + i * BFS_BLOCK;
            if (p[i] != ~0ull) {
                g.dist[v] = (u32)(p[i] >> 32);
                g.parent[v] = (u32)p[i];
            }
        }
    }
#if BFS_AQ_STATS
    __syncthreads();
    if (threadIdx.x == 0 && atomicAdd(&bfs_aq_stats[10], 1ull) + 1 == ctx.blocks()) {
        printf("bfs_aq_stats: the last task of the copy ended %llu us after the last worker left\n",
               (grosr::globaltimer_ns() - bfs_aq_stats[9]) / 1000);
    }
#endif
}

// ---------------------------------------------------------------------------------------------
// The crew: levels too large for one block. The block that meets such a level forms a crew: it
// publishes the level (its work count and mode) and a cursor, pushes helper tasks into other
// blocks' queues (ctx.spawn_on) and starts on the level itself. Every member takes rounds from the
// cursor and reports the items (or vertices) it finished; the member whose report completes the
// level is its leader: it reads the next level's size and either publishes that level on the same
// cursor (everyone carries on, no barrier and no new task) or disbands the crew and goes on alone in
// one-block mode; a leader whose next level has more rounds than the crew has members spawns more
// helpers. Nobody waits for a given member: a member without work waits for the level to end, which
// only needs the members that hold its rounds, and those are running; a helper that starts late or
// never only means less help. Members leave when the crew is disbanded (or, as a safety net, after
// BFS_CREW_WAIT_NS without a new level). Invariants:
// C1. cursor = gen << 32 | next position, gen = the level, with BFS_GEN_OFF set when no crew runs.
//     Positions only grow within a generation; a new generation is set with one atomicExch, at
//     position bfs_crew_round(g): the first round belongs to the publisher's block.
// C2. The leader of level L writes everything level L + 1 needs (work, mode, its zeroed done count,
//     the zeroed tail and edge count of level L + 2) before the cursor's release; members read them
//     after an acquire that follows the atomicAdd that handed them a round of that generation.
// C3. done[L % 3] sums the work of finished rounds; a member adds after its round's appends, tail
//     and edge increments (release); exactly one add reaches work[L % 3]: its member leads.
#define BFS_GEN_OFF 0x80000000u
#define BFS_CREW_WAIT_NS 100000000ull
#define BFS_CTL_CREW_SIZE 28   // members the crew was given (the forming block and the helpers spawned)
#define BFS_CTL_CREW_CUR 16    // u64 cursor (C1), two words
#define BFS_CTL_CREW_DONE 18   // [3] by level % 3
#define BFS_CTL_CREW_WORK 22   // [3] u64 by level % 3: level << 32 | work count (| BFS_WORK_BU: bottom-up)
#define BFS_WORK_BU 0x80000000u

__device__ __forceinline__ u64* bfs_crew_cursor(const BfsGraph& g) {
    return reinterpret_cast<u64*>(&g.ctl[BFS_CTL_CREW_CUR]);
}
__device__ __forceinline__ u64* bfs_crew_work_word(const BfsGraph& g, u32 level) {
    return reinterpret_cast<u64*>(&g.ctl[BFS_CTL_CREW_WORK + 2 * (level % 3)]);
}

// Thread level: whether level `level` with `count` items of `edges` edges stays in one block.
__device__ __forceinline__ bool bfs_one_block(u32 count, u64 edges) {
    return count <= BFS_ONE_BLOCK && edges <= BFS_ONE_BLOCK_EDGES;
}

// Thread 0: the work word of a crew level (bottom-up on symmetric graphs when its edges exceed
// m / BFS_BU_DIV: the work is then every vertex). m: the graph's edges (offsets[n], which callers
// load early: it is read on the way to every crew level's publication).
__device__ __forceinline__ u32 bfs_crew_work(const BfsGraph& g, u32 count, u64 edges, u64 m) {
    bool bu = BFS_BU_DIV != 0 && (g.flags & BFS_FLAG_SYMMETRIC) && edges * BFS_BU_DIV > m;
    return bu ? (g.n | BFS_WORK_BU) : count;
}

#ifndef BFS_CREW_SPARE
#define BFS_CREW_SPARE 4u  // members a crew is given per round of its level (spares are ready for a larger next level)
#endif
#ifndef BFS_BU_ADAPT
#define BFS_BU_ADAPT 1u
#endif
// Thread level: the vertices of one bottom-up crew round. BFS_BU_SPAN, halved (down to a block's
// width and a top-down round) while the graph has fewer rounds than there are scheduler blocks
// (BFS_BU_ADAPT): G(10k, 0.01) would otherwise run its bottom-up levels on five blocks. Fixed for
// a BFS (the graph and the grid are), so every member scales cursor positions alike.
__device__ __forceinline__ u32 bfs_bu_span(const BfsGraph& g, u32 blocks) {
    u32 span = BFS_BU_SPAN;
    if (BFS_BU_ADAPT) {
        const u32 least = max(BFS_BLOCK, max(BFS_CREW_ROUND, BFS_CREW_ROUND_WIDE));
        while (span > least && (g.n + span - 1) / span < blocks) span >>= 1;
    }
    return span;
}

// Thread level: the members a crew level of `work` rounds of `span` asks for.
__device__ __forceinline__ u32 bfs_crew_want(u32 work, u32 span, u32 blocks) {
    return min(((work & ~BFS_WORK_BU) + span - 1) / span * BFS_CREW_SPARE, blocks);
}

// BFS_TRACE=1: a timeline of one BFS in globaltimer ns (zeroed by the reset, printed by the block
// that finds the BFS over): 0 the first task's start, 1 + L crew level L's publication (L < 30),
// 31 + L its first round's start, 61 the first helper's start, 63 the end.
#ifndef BFS_TRACE
#define BFS_TRACE 0
#endif
#if BFS_TRACE
__device__ unsigned long long bfs_trace[64];
// Thread 0: the first time of slot i (later ones are ignored).
#define BFS_TRACE_AT(i)                                                                          \
    do {                                                                                         \
        if (threadIdx.x == 0 && (i) < 64u) atomicCAS(&bfs_trace[i], 0ull, grosr::globaltimer_ns()); \
    } while (0)
#else
#define BFS_TRACE_AT(i) do {} while (0)
#endif

// Thread 0: publishes crew level `level` (C2, C1); its items are in queue[level & 1]. The cursor
// starts past the first round, which the publisher's block takes itself without the cursor's
// atomic and the work word's read (it wrote both).
__device__ inline void bfs_crew_publish(const BfsGraph& g, u32 level, u32 work) {
    BFS_TRACE_AT(1u + min(level, 29u));
    // One 64-bit store: a reader that checks the level half never pairs it with another level's count.
    *bfs_crew_work_word(g, level) = (u64)level << 32 | work;
    g.ctl[BFS_CTL_CREW_DONE + level % 3] = 0;
    g.ctl[BFS_CTL_TAIL + (level + 1) % 3] = 0;
    bfs_ctl_edges(g, level + 1) = 0;
    // Release (C2): the words above, and the level's items, before the new generation.
    bfs_fence_release();
    grosr::atom_exch(bfs_crew_cursor(g), (u64)level << 32 | bfs_crew_round(g));
}

// Block level: works as a crew member until the BFS ends or this block leaves. Returns true with
// s.wlevel/s.wcount/s.wedges set when this block led a level whose successor is small (the crew
// is disbanded; the caller goes on in one-block mode), false when it just leaves. pre_level,
// pre_work (thread 0): the level this block just published, whose first round is its own
// (bfs_crew_publish), or BFS_GEN_OFF (a helper).
__device__ __noinline__ bool bfs_crew_member(grosr::Ctx& ctx, u32 pre_level, u32 pre_work) {
    // The graph in registers and the shared variable itself, not reference parameters: a
    // non-inlined function would reach those through the stack and generic addresses.
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    u64* cur = bfs_crew_cursor(g);
    const u32 bu_span = bfs_bu_span(g, ctx.blocks());
    const u64 m = __ldg(&g.offsets[g.n]);
    for (;;) {
        if (threadIdx.x == 0) {
            u32 gen, pos = 0, work = 0;
            if (pre_level != BFS_GEN_OFF) {
                // This block published the level: its first round is taken, and it wrote the words.
                gen = pre_level;
                work = pre_work;
                pre_level = BFS_GEN_OFF;
            } else {
                u64 c = grosr::atom_add(cur, (u64)bfs_crew_round(g));
                gen = (u32)(c >> 32);
                pos = (u32)c;
                if (!(gen & BFS_GEN_OFF)) {
                    // Acquire (C2): the generation's words after the add that revealed it.
                    bfs_fence_acquire();
                    u64 w = __ldcg(bfs_crew_work_word(g, gen));
                    // A member that got no round of this level may read the word only after later
                    // levels reused it: then it has no work here (it waits for the cursor to move on).
                    work = (u32)(w >> 32) == gen ? (u32)w : 0u;
                    // Bottom-up rounds cover bu_span vertices: scale the position.
                    if (work & BFS_WORK_BU) pos = (u32)min((u64)pos * (bu_span / bfs_crew_round(g)), (u64)0xFFFFFFFFu);
                }
            }
            s.wlevel = gen;
            s.wcount = pos;
            s.flag = work;
        }
        __syncthreads();
        u32 gen = s.wlevel, pos = s.wcount, work = s.flag;
        __syncthreads();
        if (gen & BFS_GEN_OFF) return false;
        bool bu = (work & BFS_WORK_BU) != 0;
        u32 total = work & ~BFS_WORK_BU, level = gen;
        if (pos >= total) {
            // No work left in this level: wait for the next one (bounded), then try again.
            if (threadIdx.x == 0) {
                u64 t0 = grosr::globaltimer_ns();
                u32 left = 1;
                // .cg: the cursor changes in L2; a stale L1 line would hide the new generation.
                while ((u32)(__ldcg(cur) >> 32) == gen) {
                    if (grosr::globaltimer_ns() - t0 > BFS_CREW_WAIT_NS) {
                        left = 0;
                        break;
                    }
                    __nanosleep(64);
                }
                s.flag = left;
            }
            __syncthreads();
            bool stay = s.flag != 0;
            __syncthreads();
            if (!stay) return false;
            continue;
        }
        u32* tail = &g.ctl[BFS_CTL_TAIL + (level + 1) % 3];
        u64* out = g.queue[(level + 1) & 1];
        u32 end, k;
        if (threadIdx.x == 0) s.edges = 0;
        BFS_TRACE_AT(31u + min(level, 29u));
        __syncthreads();
        if (bu) {
            end = min(total, pos + bu_span);
            bfs_block_bottom_up(g, s, pos, end, level, out, tail);
        } else if (BFS_CREW_WARP) {
            end = min(total, pos + bfs_crew_round(g));
            bfs_round_warp_items(g, s, g.queue[level & 1], pos, end, level, out, tail);
        } else {
            end = min(total, pos + bfs_crew_round(g));
            bfs_block_load(g, s, 0, g.queue[level & 1], pos, end);
            __syncthreads();
            bfs_block_expand(g, s, 0, end - pos, level, out, tail, 2);
        }
        k = end - pos;
        __syncthreads();
        if (threadIdx.x == 0) {
            u32 lead = 0;
            // Relaxed: published by the release below.
            if (s.edges) grosr::red_add(&bfs_ctl_edges(g, level + 1), s.edges);
            // Release (C3): this round's appends, tail and edge increments before its report.
            bfs_fence_release();
            if (atomicAdd(&g.ctl[BFS_CTL_CREW_DONE + level % 3], k) + k == total) {
                // Acquire: every member's reports, hence their writes, are visible to the leader.
                bfs_fence_acquire();
                u32 next = __ldcg(tail);
                u64 next_edges = __ldcg(&bfs_ctl_edges(g, level + 1));
                if (next > 0 && !bfs_one_block(next, next_edges) && !bfs_go_async(level + 1, next, next_edges)) {
                    u32 work = bfs_crew_work(g, next, next_edges, m);
                    u32 want = bfs_crew_want(work, (work & BFS_WORK_BU) ? bu_span : bfs_crew_round(g), ctx.blocks());
                    // Only leaders touch the size, one level after another (ordered by C2/C3).
                    u32 size = g.ctl[BFS_CTL_CREW_SIZE];
                    s.wcount = want > size ? want - size : 0u;
                    s.wlevel = size;
                    if (want > size) g.ctl[BFS_CTL_CREW_SIZE] = want;
                    bfs_crew_publish(g, level + 1, work);
                    pre_level = level + 1;
                    pre_work = work;
                    lead = 2;
                } else {
                    // Disband: members see BFS_GEN_OFF at their next take and leave.
                    grosr::atom_exch(cur, (u64)((level + 1) | BFS_GEN_OFF) << 32);
                    lead = 1;
                    s.wlevel = level + 1;
                    s.wcount = next;
                    s.wedges = next_edges;
                }
            }
            s.flag = lead;
        }
        __syncthreads();
        u32 led = s.flag;
        if (led == 2) {
            // Grow the crew to the new level's rounds: helpers into the blocks after the current ones.
            u32 extra = s.wcount, size = s.wlevel;
            for (u32 c = threadIdx.x; c < extra; c += BFS_BLOCK) {
                ctx.spawn_on(blockIdx.x + size + c, GROSR_TYPE(bfs_helper), BfsHelperArgs{0});
            }
        }
        __syncthreads();
        if (led == 1) return true;
    }
}

// Block level: one-block mode from level `level` (`count` items of `edges` edges in
// queue[level & 1]) while levels stay small. Leaves the first level it did not run in
// s.wlevel/s.wcount/s.wedges. Not inlined: its code (the latency path of chains and grids) is
// compiled on its own, whatever the crew code around it needs.
__device__ __noinline__ void bfs_one_block_levels(u32 level, u32 count, u64 edges) {
    // Not reference parameters (see bfs_crew_member).
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    if (bfs_one_block(count, edges) && !bfs_go_async(level, count, edges)) {
        bfs_block_load(g, s, level & 1, g.queue[level & 1], 0, min(count, BFS_ROUND));
    }
    __syncthreads();
    while (count > 0 && bfs_one_block(count, edges) && !bfs_go_async(level, count, edges)) {
        u32 cur = level & 1;
        if (BFS_WARP_PATH && count <= 32) {
            if (threadIdx.x < 32) bfs_warp_levels(g, s, count, level, edges);
            __syncthreads();
            level = s.wlevel;
            count = s.wcount;
            edges = s.wedges;
            __syncthreads();
            continue;
        }
        BFS_PROF_MARK(6);
        if (threadIdx.x == 0) {
            s.tail = 0;
            s.edges = 0;
        }
        __syncthreads();
        BFS_PROF_MARK(0);
        for (u32 r = 0; r < count; r += BFS_ROUND) {
            u32 k = min(count - r, BFS_ROUND);
            // Later rounds from the queue: this block wrote it in the previous level (global
            // writes are visible to the block's threads after the barrier at that level's end).
            if (r > 0) {
                bfs_block_load(g, s, cur, g.queue[cur], r, r + k);
                __syncthreads();
                BFS_PROF_MARK(4);
                BFS_PROF_COUNT(8);
            }
            // Latency-bound: claim without the dist pre-check (BFS_BLOCK_PRECHECK 0).
            bfs_block_expand<BFS_BLOCK_PRECHECK != 0>(g, s, cur, k, level, g.queue[cur ^ 1], &s.tail, cur ^ 1);
        }
        count = s.tail;
        edges = s.edges;
        ++level;
        __syncthreads();
        BFS_PROF_MARK(5);
        BFS_PROF_COUNT(7);
    }
    BFS_PROF_MARK(6);
    if (threadIdx.x == 0) {
        s.wlevel = level;
        s.wcount = count;
        s.wedges = edges;
    }
    __syncthreads();
}

#ifndef BFS_CREW_EARLY
#define BFS_CREW_EARLY 1u         // form a crew early when the first level is small but has many edges
#endif
#ifndef BFS_CREW_EARLY_EDGES
#define BFS_CREW_EARLY_EDGES 32u  // ...more than this many
#endif

// Block level: an early crew. A BFS whose first level is a warp's (at most 32 items) but has more
// than BFS_CREW_EARLY_EDGES edges will likely need a crew for the next one: thread 0 publishes an
// empty level now (its members wait for the next generation) and the helpers are spawned by warps
// 1-7 while warp 0 runs the first levels (bfs_early_levels), so they are waiting by the time a
// level is published. Their helpers would otherwise start ~6 us after it (spawn_on takes several
// dependent round trips, then the target block has to notice). Returns the members given, this
// block included (bfs_run's `crew`), and in *early the helpers to spawn; 0 for no early crew.
__device__ inline u32 bfs_crew_early(grosr::Ctx& ctx, const BfsGraph& g, u32 level, u32 count, u64 edges, u32* early) {
    *early = 0;
    if (!(BFS_CREW_EARLY && BFS_WARP_PATH && count <= 32 && edges > BFS_CREW_EARLY_EDGES && bfs_one_block(count, edges))) {
        return 0;
    }
    // The next level has at most `edges` items.
    u32 want = bfs_crew_want((u32)min(edges, (u64)(BFS_WORK_BU - 1)), bfs_crew_round(g), ctx.blocks());
    if (want < 2) return 0;
    if (threadIdx.x == 0) {
        g.ctl[BFS_CTL_CREW_SIZE] = want;
        bfs_crew_publish(g, level, 0u);
    }
    // The publication comes before the spawns (a helper that finds no crew leaves at once).
    __syncthreads();
    *early = want - 1;
    return want;
}

// Block level: the first levels of a BFS with an early crew (bfs_crew_early: `count` <= 32 items,
// so warp 0 takes them): warps 1-7 spawn the crew's `early` helpers meanwhile. Leaves, like
// bfs_one_block_levels (whose code it leaves alone: the chains' latency path), the first level the
// warp did not run in s.wlevel/s.wcount/s.wedges.
__device__ __noinline__ void bfs_early_levels(grosr::Ctx& ctx, u32 level, u32 count, u64 edges, u32 early) {
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    bfs_block_load(g, s, level & 1, g.queue[level & 1], 0, count);
    __syncthreads();
    if (threadIdx.x < 32) {
        bfs_warp_levels(g, s, count, level, edges);
    } else {
        for (u32 c = threadIdx.x - 32; c < early; c += BFS_BLOCK - 32) {
            ctx.spawn_on(blockIdx.x + 1 + c, GROSR_TYPE(bfs_helper), BfsHelperArgs{level});
        }
    }
    __syncthreads();
}

// Block level: runs the BFS from level `level` (`count` items of `edges` edges in queue[level & 1])
// until it ends or this block leaves a crew: one-block mode while levels are small, a crew for
// larger ones (this block forms it and works in it; the crew's last leader may be another block,
// which then goes on in its own task).
__device__ inline void bfs_run(grosr::Ctx& ctx, const BfsGraph& g, BfsScratch& s, u32 level, u32 count, u64 edges,
                               u32 crew = 0, u32 early = 0) {
    // The graph's edges, for the crew's bottom-up decisions (loaded long before they are needed).
    const u64 m = __ldg(&g.offsets[g.n]);
    for (;;) {
        if (early) {
            bfs_early_levels(ctx, level, count, edges, early);
            early = 0;
            level = s.wlevel;
            count = s.wcount;
            edges = s.wedges;
            __syncthreads();
        }
        bfs_one_block_levels(level, count, edges);
        level = s.wlevel;
        count = s.wcount;
        edges = s.wedges;
        __syncthreads();
        // An early crew that no level needed: its members leave (they wait for the next generation).
        if (crew && (count == 0 || bfs_go_async(level, count, edges))) {
            if (threadIdx.x == 0) grosr::atom_exch(bfs_crew_cursor(g), (u64)(level | BFS_GEN_OFF) << 32);
            crew = 0;
        }
        if (count > 0 && bfs_go_async(level, count, edges)) {
            // A denser graph goes level by level with a barrier instead, when the mode is free.
            if (BFS_BAR && g.has_bq && m > (u64)BFS_AQ_OPT_MAX_DEG * g.n && bfs_bar_start(ctx, g, level, count)) {
                bfs_bar_work(ctx, level, 0);
                return;
            }
            bfs_async_start(ctx, g, level, count);
            bfs_async_work(ctx);
            return;
        }
        if (count == 0) {
#if BFS_TRACE
            BFS_TRACE_AT(63u);
            if (threadIdx.x == 0) {
                printf("bfs_trace us:");
                for (int k = 1; k < 64; ++k) {
                    if (bfs_trace[k]) printf(" %d=%.2f", k, (double)(bfs_trace[k] - bfs_trace[0]) * 1e-3);
                }
                printf("\n");
            }
#endif
#if BFS_PROF
            if (threadIdx.x == 0) {
                printf("bfs_prof block %u levels %llu rounds2 %llu cycles", blockIdx.x, bfs_prof[7], bfs_prof[8]);
                for (int k = 0; k < 7; ++k) printf(" p%d=%llu", k, bfs_prof[k]);
                printf("\n");
            }
#endif
            return;
        }
        // A large level: form a crew of BFS_CREW_SPARE members per round of bfs_crew_round(g) items (or
        // bottom-up span), up to every block. An early crew's members (crew, this block included)
        // are waiting already: only the rest are spawned.
        u32 work = 0;  // thread 0
        if (threadIdx.x == 0) {
            work = bfs_crew_work(g, count, edges, m);
            u32 span = (work & BFS_WORK_BU) ? bfs_bu_span(g, ctx.blocks()) : bfs_crew_round(g);
            u32 want = bfs_crew_want(work, span, ctx.blocks()), given = max(crew, 1u);
            s.flag = want > given ? want - given : 0u;
            g.ctl[BFS_CTL_CREW_SIZE] = max(want, given);
            bfs_crew_publish(g, level, work);
        }
        __syncthreads();
        u32 helpers = s.flag, first = blockIdx.x + max(crew, 1u);
        crew = 0;
        __syncthreads();
        for (u32 c = threadIdx.x; c < helpers; c += BFS_BLOCK) {
            ctx.spawn_on(first + c, GROSR_TYPE(bfs_helper), BfsHelperArgs{level});
        }
        if (!bfs_crew_member(ctx, level, work)) return;
        level = s.wlevel;
        count = s.wcount;
        edges = s.wedges;
        __syncthreads();
    }
}

// BFS_PROF: zeroes this block's counters (a task that may run the BFS to its end starts them).
__device__ __forceinline__ void bfs_prof_start() {
#if BFS_PROF
    if (threadIdx.x < 12) bfs_prof[threadIdx.x] = threadIdx.x == 11 ? clock64() : 0ull;
    __syncthreads();
#endif
}

GROSR_TASK(bfs_level, BfsLevelArgs) {
#if BFS_AQ_STATS
    if (threadIdx.x == 0 && args.level == 0) bfs_aq_stats[8] = grosr::globaltimer_ns();
#endif
    bfs_prof_start();
    BFS_TRACE_AT(0u);
    const BfsGraph& g = *bfs_graph;
    u32 early;
    u32 crew = bfs_crew_early(ctx, g, args.level, args.count, args.edges, &early);
    bfs_run(ctx, g, bfs_scratch, args.level, args.count, args.edges, crew, early);
}

// A crew member; if it ends up leading a level whose successor is small, it runs the rest of the BFS.
GROSR_TASK(bfs_helper, BfsHelperArgs) {
    bfs_prof_start();
    BFS_TRACE_AT(61u);
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    if (!bfs_crew_member(ctx, BFS_GEN_OFF, 0u)) return;
    bfs_run(ctx, g, s, s.wlevel, s.wcount, s.wedges);
}

// Resets dist/parent of vertices [begin, end) for a BFS from `source`; the task with begin == 0 also
// seeds queue[0] and clears ctl. (The runtime's persistent kernel holds every SM, so a separate init
// kernel could not run beside it: a reset is a job of its own, before the timed one.)
GROSR_TASK(bfs_reset, BfsResetArgs) {
    const BfsGraph g = *bfs_graph;
    for (u32 v = args.begin + threadIdx.x; v < args.end; v += BFS_BLOCK) {
        g.dist[v] = v == args.source ? 0u : BFS_INF;
        g.parent[v] = v == args.source ? args.source : BFS_INF;
        g.dp[v] = ~0ull;
    }
#if BFS_PROF
    if (args.begin == 0 && threadIdx.x < 20) bfs_aq_prof[threadIdx.x] = 0;
#endif
#if BFS_AQ_STATS
    if (args.begin == 0 && threadIdx.x < 12) bfs_aq_stats[threadIdx.x] = 0;
#endif
#if BFS_TRACE
    if (args.begin == 0 && threadIdx.x < 64) bfs_trace[threadIdx.x] = 0;
#endif
    // The ring's slots (at least n of them): the task that covers n also frees those past n.
    if (args.flags & 1u) {
        u64 ring_end = args.end == g.n ? (u64)g.aq_mask + 1 : args.end;
        for (u64 i = 2u * (u64)args.begin + threadIdx.x; i < 2u * ring_end; i += BFS_BLOCK) g.aq[i] = BFS_AQ_EMPTY;
    }
    if (args.begin == 0) {
        u32 np = bfs_pieces(g.offsets[args.source + 1] - g.offsets[args.source]);
        for (u32 k = threadIdx.x; k < np; k += BFS_BLOCK) g.queue[0][k] = ((u64)args.source << 32) | k;
        // The crew cursor's high word: no crew (C1).
        if (threadIdx.x < BFS_CTL_WORDS) {
            g.ctl[threadIdx.x] = threadIdx.x == BFS_CTL_TAIL ? np : threadIdx.x == BFS_CTL_CREW_CUR + 1 ? BFS_GEN_OFF : 0u;
        }
    }
}
