// bfs_common.cuh: the frontier expansion shared by every GPU BFS of Exp C (the grosr runtime tasks
// and all baselines), so that the variants differ only in how levels are sequenced.
//
// Levels: block (BFS_BLOCK threads) for `bfs_block_expand`; thread for the small helpers.
//
// ## Frontier items
// An item is `vertex << 32 | piece`: piece k of a vertex covers edges [k * BFS_PIECE, (k+1) * BFS_PIECE)
// of its adjacency list, so a vertex of degree d becomes ceil(d / BFS_PIECE) items and no item is
// much more work than another (R-MAT hubs are split instead of serialising one warp).
// ## Invariants
// 1. dist[v] goes from BFS_INF to its level exactly once per BFS, by a CAS; the winning thread writes
//    parent[v] (the vertex whose edge it expanded) and appends v's items to the next queue.
// 2. Items of level L live in queue[L & 1]; their count is ctl[BFS_CTL_TAIL + L % 3]. Expanding level L
//    appends to queue[(L + 1) & 1] through tail (L + 1) % 3; tail (L + 2) % 3 is free to be zeroed.
// 3. Everything that changes between two BFS runs (dist, queues, ctl) is read with ld.global.cg (L2,
//    not L1): a persistent kernel's L1 may hold lines from an earlier run or level.
#pragma once

#define BFS_INF 0xFFFFFFFFu
#define BFS_PIECE 256u             // most edges in one item
#define BFS_BLOCK 256u             // threads of every BFS block (the grosr scheduler's block size)
#define BFS_ROUND 512u             // items one block expands per round (its shared arrays; the scheduler leaves ~20 KB of the 48 KB)
#define BFS_UNROLL 8u              // edges per thread in flight at once (latency hiding)
static_assert(BFS_BLOCK * BFS_UNROLL == 4u * BFS_ROUND, "the direct gather maps 128, 256 or 512 items onto the slots");
// grosr: frontiers of up to this many items are expanded by one block task alone, level after level
// (larger ones by a crew, see bfs_tasks.cu). Host-overridable for tuning.
#ifndef BFS_ONE_BLOCK
#define BFS_ONE_BLOCK BFS_ROUND
#endif
// Low-degree rounds: each thread gathers its own items' edges (no prefix sum, no owner search).
#ifndef BFS_DIRECT
#define BFS_DIRECT 1
#endif
// Expand frontiers of <= 32 items with one warp (shuffles, no block barrier).
#ifndef BFS_WARP_PATH
#define BFS_WARP_PATH 1
#endif

// Diagnostics (BFS_PROF=1, off by default): thread 0 of a block adds SM clock cycles between
// marks into bfs_prof[k] (shared): 0-6 phases of the one-block levels and of bfs_block_expand
// (crew rounds of this block included), 7 levels, 8 second rounds. The grosr task that ends the
// BFS prints its block's counters (zeroed when that task started).
#ifndef BFS_PROF
#define BFS_PROF 0
#endif
#if BFS_PROF
__shared__ unsigned long long bfs_prof[12];
#define BFS_PROF_MARK(k)                                       \
    do {                                                       \
        if (threadIdx.x == 0) {                                \
            unsigned long long t_ = clock64();                 \
            bfs_prof[k] += t_ - bfs_prof[11];                  \
            bfs_prof[11] = t_;                                 \
        }                                                      \
    } while (0)
#define BFS_PROF_COUNT(k) \
    do {                     \
        if (threadIdx.x == 0) ++bfs_prof[k]; \
    } while (0)
#else
#define BFS_PROF_MARK(k) do {} while (0)
#define BFS_PROF_COUNT(k) do {} while (0)
#endif

// Fences of the BFS protocols (level ends, barriers, crew reports): a release before an arrival or
// publication, an acquire after observing one. Both at gpu scope; acquire-release instead of the
// sequentially consistent `__threadfence()` (fence.sc.gpu), which these protocols do not need.
// BFS_FENCE_SC=1 brings back __threadfence() everywhere (sessions 3-7), for comparison.
#ifndef BFS_FENCE_SC
#define BFS_FENCE_SC 0
#endif
__device__ __forceinline__ void bfs_fence_release() {
#if BFS_FENCE_SC
    __threadfence();
#else
    grosr::fence_release_gpu();
#endif
}
__device__ __forceinline__ void bfs_fence_acquire() {
#if BFS_FENCE_SC
    __threadfence();
#else
    asm volatile("fence.acq_rel.gpu;" ::: "memory");
#endif
}

// Grid barriers (the cooperative baselines' and grosr's barrier mode) poll the arrival counter with
// relaxed loads and end with one acquire fence (BFS_POLL_RELAXED=1; session 15 run7: coop_warp 1%
// faster on rgg and grid 1000^2, grosr unchanged), or poll with ld.acquire (0).
#ifndef BFS_POLL_RELAXED
#define BFS_POLL_RELAXED 1
#endif
__device__ __forceinline__ u32 bfs_poll(const u32* p) {
#if BFS_POLL_RELAXED
    return grosr::ld_relaxed_gpu(p);
#else
    return grosr::ld_acquire_gpu(p);
#endif
}

// Control words (device memory).
#define BFS_CTL_TAIL 0     // [3] item counts, by level % 3
#define BFS_CTL_DONE 4     // blocks that finished the current level (last-block detection)
#define BFS_CTL_LEVEL 5    // current level (CUDA-graph baseline: the body kernel reads it)
#define BFS_CTL_BAR 8      // [2] grid barrier: arrivals, generation
#define BFS_CTL_EDGES 10   // grosr: [3] u64 (two words each) edge counts of the level's items, by level % 3
// 16..28: the grosr crew, 32..36: its asynchronous mode, 37..42: its barrier mode (bfs_tasks.cu)
#define BFS_CTL_WORDS 44

struct BfsGraph {
    const u64* offsets;  // n + 1
    const u32* targets;  // m
    u32* dist;           // n
    u32* parent;         // n
    u64* queue[2];       // items, capacity n + m / BFS_PIECE + 1 each
    u32* ctl;            // BFS_CTL_WORDS
    u32 n;
    u32 flags;           // BFS_FLAG_*
    u64* dp;             // n: grosr's asynchronous mode only, dist << 32 | parent (bfs_tasks.cu, A1-A5)
    u64* aq;             // 2 (aq_mask + 1) (a power of two >= n): its work ring of two-word slots (BFS_AQ_EMPTY when free)
    u32 aq_mask;
    u32 has_bq;          // bq is allocated (the host does so only for graphs of more than 4 edges a vertex)
    u64* bq[2];          // capacity as queue: grosr's barrier mode only, the edge offset of queue[k]'s items (bfs_tasks.cu, B4)
};
#define BFS_FLAG_SYMMETRIC 1u  // every edge has its reverse (bottom-up steps are exact)
#define BFS_FLAG_WIDE_LISTS 2u  // at least 64 edges a vertex on average (grosr: smaller crew rounds)

// Per-block working set: a round of items (cur) and, for the grosr small mode, the next frontier.
// Items are kept unpacked: vertex, and `beg << 9 | len` (edge offset, edges in the item <= 256).
struct BfsScratch {
    u32 v[2][BFS_ROUND];
    u64 bl[2][BFS_ROUND];
    u32 pre[BFS_ROUND];   // exclusive prefix sum of the items' lengths
    u32 warp_sum[BFS_BLOCK / 32];
    u32 total;
    u32 tail;             // shared tail of the one-block mode
    u32 flag;
    u32 wlevel, wcount;   // where the warp path left off (level, items)
    u64 wedges;           // and the edges of those items
    u64 edges;            // edges of the vertices this block claimed since the user last zeroed it
    u32 ltail[2];         // grosr's barrier mode: items this block claimed for a level, by level & 1 (B5)
};

// Warp level: the sum of the lanes' edge counts, each capped at 2^26 so that one warp reduction
// instruction (32-bit) adds them; the counts only size levels, so a capped sum is as good.
__device__ __forceinline__ u32 bfs_warp_sum_edges(u64 e) {
    return __reduce_add_sync(0xffffffffu, (u32)min(e, (u64)(1u << 26)));
}

// Warp level: adds the lanes' edge counts to s.edges (one shared atomic per warp, none for 0).
__device__ __forceinline__ void bfs_warp_add_edges(BfsScratch& s, u64 e) {
    u32 sum = bfs_warp_sum_edges(e);
    if ((threadIdx.x & 31u) == 0 && sum) atomicAdd(&s.edges, (u64)sum);
}

__device__ __forceinline__ u32 bfs_pieces(u64 deg) { return (u32)((deg + BFS_PIECE - 1) / BFS_PIECE); }
__device__ __forceinline__ u64 bfs_pack(u64 beg, u32 len) { return (beg << 9) | len; }
__device__ __forceinline__ u64 bfs_beg(u64 bl) { return bl >> 9; }
__device__ __forceinline__ u32 bfs_len(u64 bl) { return (u32)(bl & 511u); }

// Thread level: unpacks item `it` into (vertex, beg/len).
__device__ __forceinline__ void bfs_unpack_item(const BfsGraph& g, u64 it, u32& v, u64& bl) {
    v = (u32)(it >> 32);
    u32 piece = (u32)it;
    u64 s = __ldg(&g.offsets[v]) + (u64)piece * BFS_PIECE, e = __ldg(&g.offsets[v + 1]);
    bl = bfs_pack(s, (u32)min(e - s, (u64)BFS_PIECE));
}

// Block level: loads items [begin, end) (end - begin <= BFS_ROUND) of `q` into s.v[slot]/s.bl[slot].
__device__ inline void bfs_block_load(const BfsGraph& g, BfsScratch& s, u32 slot, const u64* q, u32 begin, u32 end) {
    for (u32 i = begin + threadIdx.x; i < end; i += BFS_BLOCK) {
        // .cg: the queue was written by other blocks in this level or an earlier run (invariant 3).
        u64 it = __ldcg(&q[i]);
        u32 v;
        u64 bl;
        bfs_unpack_item(g, it, v, bl);
        s.v[slot][i - begin] = v;
        s.bl[slot][i - begin] = bl;
    }
}

// Block level: exclusive prefix of the lengths of s.bl[slot][0..count) into s.pre; returns the total.
__device__ inline u32 bfs_block_scan(BfsScratch& s, u32 slot, u32 count) {
    const u32 per = BFS_ROUND / BFS_BLOCK;
    u32 tid = threadIdx.x, lane = tid & 31u, warp = tid >> 5;
    u32 loc[BFS_ROUND / BFS_BLOCK];
    u32 sum = 0;
#pragma unroll
    for (u32 k = 0; k < per; ++k) {
        u32 i = tid * per + k;
        loc[k] = i < count ? bfs_len(s.bl[slot][i]) : 0u;
        sum += loc[k];
    }
    u32 incl = sum;
#pragma unroll
    for (u32 d = 1; d < 32; d <<= 1) {
        u32 t = __shfl_up_sync(0xffffffffu, incl, d);
        if (lane >= d) incl += t;
    }
    if (lane == 31) s.warp_sum[warp] = incl;
    __syncthreads();
    if (warp == 0) {
        u32 w = lane < BFS_BLOCK / 32 ? s.warp_sum[lane] : 0u;
        u32 wi = w;
#pragma unroll
        for (u32 d = 1; d < 32; d <<= 1) {
            u32 t = __shfl_up_sync(0xffffffffu, wi, d);
            if (lane >= d) wi += t;
        }
        if (lane < BFS_BLOCK / 32) s.warp_sum[lane] = wi - w;
        if (lane == BFS_BLOCK / 32 - 1) s.total = wi;
    }
    __syncthreads();
    u32 run = s.warp_sum[warp] + incl - sum;
#pragma unroll
    for (u32 k = 0; k < per; ++k) {
        u32 i = tid * per + k;
        if (i < count) s.pre[i] = run;
        run += loc[k];
    }
    __syncthreads();
    return s.total;
}

// Thread level: the item holding flattened edge e (largest i with pre[i] <= e; every length is >= 1).
__device__ __forceinline__ u32 bfs_owner(const BfsScratch& s, u32 count, u32 e) {
    u32 lo = 0, hi = count;
    while (hi - lo > 1) {
        u32 mid = (lo + hi) >> 1;
        if (s.pre[mid] <= e) lo = mid;
        else hi = mid;
    }
    return lo;
}

// Warp level (all 32 lanes converged): reserves `mine` consecutive slots per lane on `*tail` with
// one atomic per warp; returns this lane's first slot.
__device__ __forceinline__ u32 bfs_warp_reserve(u32* tail, u32 mine) {
    u32 lane = threadIdx.x & 31u;
    u32 incl = mine;
#pragma unroll
    for (u32 d = 1; d < 32; d <<= 1) {
        u32 t = __shfl_up_sync(0xffffffffu, incl, d);
        if (lane >= d) incl += t;
    }
    u32 wtotal = __shfl_sync(0xffffffffu, incl, 31);
    u32 at = 0;
    // Relaxed: the reserved slots are read only after the level ends (a barrier, a kernel end, or
    // the grosr crew's completing report).
    if (lane == 31 && wtotal) at = atomicAdd(tail, wtotal);
    return __shfl_sync(0xffffffffu, at, 31) + incl - mine;
}

// Warp level (all 32 lanes converged): claims this lane's BFS_UNROLL candidate edges p[r] -> u[r]
// (u[r] == BFS_INF: none) for level + 1 and appends the items of the claimed vertices to `out` at
// positions reserved on `*tail`; with `next_slot` < 2 the first BFS_ROUND of them also go unpacked to
// s.v/s.bl[next_slot].
// PRECHECK (large frontiers, most candidates already visited): a .cg load of dist filters visited
// vertices before any atomic, and offsets are read only for won vertices. Without it (tiny frontiers,
// latency-bound): the CAS goes at once, with the offsets loads in flight beside it.
template <bool PRECHECK>
__device__ __forceinline__ void bfs_warp_claim_append(const BfsGraph& g, BfsScratch& s, const u32 (&u)[BFS_UNROLL],
                                                      const u32 (&p)[BFS_UNROLL], u32 level, u64* out, u32* tail,
                                                      u32 next_slot) {
    bool won[BFS_UNROLL];
    u64 o0[BFS_UNROLL] = {}, o1[BFS_UNROLL] = {};
    // Claim (invariant 1). The .cg pre-check reads L2, never a stale L1 line; a stale BFS_INF only
    // costs a failed CAS. Relaxed CAS: claims order nothing else; the queue is read after a barrier,
    // a __syncwarp of the same warp, or a kernel boundary.
    if (PRECHECK) {
#pragma unroll
        for (u32 r = 0; r < BFS_UNROLL; ++r) won[r] = u[r] != BFS_INF && __ldcg(&g.dist[u[r]]) == BFS_INF;
    } else {
#pragma unroll
        for (u32 r = 0; r < BFS_UNROLL; ++r) {
            won[r] = u[r] != BFS_INF;
            if (won[r]) {
                o0[r] = __ldg(&g.offsets[u[r]]);
                o1[r] = __ldg(&g.offsets[u[r] + 1]);
            }
        }
    }
#pragma unroll
    for (u32 r = 0; r < BFS_UNROLL; ++r) won[r] = won[r] && atomicCAS(&g.dist[u[r]], BFS_INF, level + 1) == BFS_INF;
    u32 mine = 0;
#pragma unroll
    for (u32 r = 0; r < BFS_UNROLL; ++r) {
        if (won[r]) {
            g.parent[u[r]] = p[r];
            if (PRECHECK) {
                o0[r] = __ldg(&g.offsets[u[r]]);
                o1[r] = __ldg(&g.offsets[u[r] + 1]);
            }
        }
    }
    u64 edges = 0;
#pragma unroll
    for (u32 r = 0; r < BFS_UNROLL; ++r) {
        mine += won[r] ? bfs_pieces(o1[r] - o0[r]) : 0u;
        edges += won[r] ? o1[r] - o0[r] : 0u;
    }
    // The next frontier's edge count (the grosr tasks size their next level by it).
    bfs_warp_add_edges(s, edges);
    u32 at = bfs_warp_reserve(tail, mine);
#pragma unroll
    for (u32 r = 0; r < BFS_UNROLL; ++r) {
        if (!won[r]) continue;
        u32 np = bfs_pieces(o1[r] - o0[r]);
        for (u32 k = 0; k < np; ++k, ++at) {
            out[at] = ((u64)u[r] << 32) | k;
            if (next_slot < 2 && at < BFS_ROUND) {
                u64 sb = o0[r] + (u64)k * BFS_PIECE;
                s.v[next_slot][at] = u[r];
                s.bl[next_slot][at] = bfs_pack(sb, (u32)min(o1[r] - sb, (u64)BFS_PIECE));
            }
        }
    }
}

// Warp level (all 32 lanes converged): the item holding flattened edge e, given each lane's inclusive
// prefix `incl` of its item's edge count: the number of items that end at or before e (lengths are
// >= 1), at most 31.
__device__ __forceinline__ u32 bfs_warp_owner(u32 incl, u32 e) {
    u32 o = 0;
#pragma unroll
    for (u32 step = 16; step > 0; step >>= 1) {
        u32 end_before = __shfl_sync(0xffffffffu, incl, o + step - 1);
        if (end_before <= e) o += step;
    }
    return min(o, 31u);
}

// Warp level: expands up to 32 items (s.v/s.bl[slot][0..count)) with one warp, the prefix sum and
// the owner search in registers (shuffles): no block barrier, the latency path of tiny frontiers.
__device__ inline void bfs_warp_expand(const BfsGraph& g, BfsScratch& s, u32 slot, u32 count, u32 level, u64* out,
                                       u32* tail, u32 next_slot) {
    u32 lane = threadIdx.x & 31u;
    u32 v = 0, len = 0;
    u64 beg = 0;
    if (lane < count) {
        v = s.v[slot][lane];
        len = bfs_len(s.bl[slot][lane]);
        beg = bfs_beg(s.bl[slot][lane]);
    }
    u32 incl = len;
#pragma unroll
    for (u32 d = 1; d < 32; d <<= 1) {
        u32 t = __shfl_up_sync(0xffffffffu, incl, d);
        if (lane >= d) incl += t;
    }
    u32 excl = incl - len;
    u32 total = __shfl_sync(0xffffffffu, incl, 31);
    for (u32 base = 0; base < total; base += 32 * BFS_UNROLL) {
        u32 u[BFS_UNROLL], p[BFS_UNROLL];
#pragma unroll
        for (u32 r = 0; r < BFS_UNROLL; ++r) {
            u32 e = base + r * 32 + lane;
            u32 o = bfs_warp_owner(incl, e);
            u32 pv = __shfl_sync(0xffffffffu, v, o);
            u64 pb = __shfl_sync(0xffffffffu, beg, o);
            u32 pe = __shfl_sync(0xffffffffu, excl, o);
            p[r] = pv;
            u[r] = e < total ? __ldg(&g.targets[pb + (e - pe)]) : BFS_INF;
        }
        bfs_warp_claim_append<false>(g, s, u, p, level, out, tail, next_slot);
    }
}

// Block level: expands the `count` items in s.v[slot]/s.bl[slot] (level `level`), claiming unvisited
// neighbours for level + 1 and appending their items to `out` at positions reserved on `*tail` (a
// global or a shared counter). With `next_slot` < 2 the first BFS_ROUND new items are also kept
// unpacked in s.v/s.bl[next_slot] (the grosr small mode: the next level starts from shared memory).
// PRECHECK: see bfs_warp_claim_append (false: fewer dependent loads, for latency-bound levels).
template <bool PRECHECK = true>
__device__ inline void bfs_block_expand(const BfsGraph& g, BfsScratch& s, u32 slot, u32 count, u32 level, u64* out,
                                        u32* tail, u32 next_slot) {
    if (BFS_WARP_PATH && count <= 32) {
        if (threadIdx.x < 32) bfs_warp_expand(g, s, slot, count, level, out, tail, next_slot);
        __syncthreads();
        return;
    }
    // Low-degree rounds: when every item has at most lim = BFS_BLOCK * BFS_UNROLL / count' edges
    // (count' = 128, 256 or 512 items: lim 16, 8 or 4), candidate r of a thread is edge f % lim of
    // item f / lim, f = thread * BFS_UNROLL + r: no prefix sum, no owner search. (A transposed order,
    // f = r * BFS_BLOCK + thread, coalesces the targets loads but was 5-10% slower on grids for every
    // variant: results/2026-11-25-session6/run4.)
    if (BFS_DIRECT) {
        u32 per = count <= BFS_BLOCK ? 1u : 2u, sh = count <= BFS_BLOCK / 2 ? 4u : per == 1 ? 3u : 2u;
        u32 lim = 1u << sh;
        bool ok = true;
        for (u32 j = 0; j < per; ++j) {
            u32 i = threadIdx.x * per + j;
            if (i < count && bfs_len(s.bl[slot][i]) > lim) ok = false;
        }
        bool all = __syncthreads_and(ok);
        BFS_PROF_MARK(1);
        if (all) {
            u32 u[BFS_UNROLL], p[BFS_UNROLL];
#pragma unroll
            for (u32 r = 0; r < BFS_UNROLL; ++r) {
                u32 f = threadIdx.x * BFS_UNROLL + r, i = f >> sh, e = f & (lim - 1);
                u[r] = BFS_INF;
                p[r] = 0;
                if (i < count && e < bfs_len(s.bl[slot][i])) {
                    p[r] = s.v[slot][i];
                    u[r] = __ldg(&g.targets[bfs_beg(s.bl[slot][i]) + e]);
                }
            }
            bfs_warp_claim_append<PRECHECK>(g, s, u, p, level, out, tail, next_slot);
            BFS_PROF_MARK(2);
            __syncthreads();
            BFS_PROF_MARK(3);
            return;
        }
    }
    u32 total = bfs_block_scan(s, slot, count);
    for (u32 base = 0; base < total; base += BFS_BLOCK * BFS_UNROLL) {
        u32 u[BFS_UNROLL], p[BFS_UNROLL];
        // Gather: the edges of this thread, all loads in flight together.
#pragma unroll
        for (u32 r = 0; r < BFS_UNROLL; ++r) {
            u32 e = base + r * BFS_BLOCK + threadIdx.x;
            u[r] = BFS_INF;
            p[r] = 0;
            if (e < total) {
                u32 i = bfs_owner(s, count, e);
                p[r] = s.v[slot][i];
                u[r] = __ldg(&g.targets[bfs_beg(s.bl[slot][i]) + (e - s.pre[i])]);
            }
        }
        bfs_warp_claim_append<PRECHECK>(g, s, u, p, level, out, tail, next_slot);
    }
    __syncthreads();
}
