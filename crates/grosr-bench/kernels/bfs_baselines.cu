// bfs_baselines.cu: the conventional GPU BFS drivers of Exp C. All expand levels with
// bfs_block_expand (bfs_common.cuh); they differ in how the next level is started:
//   bfs_launch_level  one launch per level; the last block publishes the next count to mapped host memory
//   bfs_graph_level   the body of a CUDA graph conditional WHILE node; the last block sets the condition
//   bfs_coop          one cooperative kernel for the whole BFS, a grid barrier between levels
//   bfs_coop_warp     the same with a warp per frontier item instead of the block expansion (the
//                     straightforward form behind the issue's numbers; faster on small frontiers)
//   bfs_seed_level    the seed prototype's shape: a thread per vertex scans all of them every level
// and bfs_init prepares a run (outside every timed region).
// Levels: kernels are grid level; helpers say theirs.
// The host compiles `#include "grosr_sync.cuh"` + bfs_common.cuh + this file as one program.

extern "C" __device__ __cudart_builtin__ void cudaGraphSetConditional(cudaGraphConditionalHandle handle,
                                                                      unsigned int value);

using namespace grosr;

// Grid level: resets dist/parent, seeds the source and its items into queue[0], clears ctl.
extern "C" __global__ void bfs_init(const BfsGraph* gp, u32 source) {
    const BfsGraph g = *gp;
    u32 stride = gridDim.x * blockDim.x;
    for (u32 v = blockIdx.x * blockDim.x + threadIdx.x; v < g.n; v += stride) {
        g.dist[v] = v == source ? 0u : BFS_INF;
        g.parent[v] = v == source ? source : BFS_INF;
    }
    if (blockIdx.x == 0) {
        u32 np = bfs_pieces(g.offsets[source + 1] - g.offsets[source]);
        for (u32 k = threadIdx.x; k < np; k += blockDim.x) g.queue[0][k] = ((u64)source << 32) | k;
        if (threadIdx.x < BFS_CTL_WORDS) g.ctl[threadIdx.x] = threadIdx.x == BFS_CTL_TAIL ? np : 0u;
    }
}

// Rounds sized to spread a level over the grid: ceil(count / blocks) items rounded up to a warp's
// 32, at most BFS_ROUND (a 1,000-item grid frontier then runs on 32 blocks, not 2). 0: rounds of
// BFS_ROUND (sessions 3-7; grid 1000^2 16.0 ms for the cooperative kernel where the issue's
// straightforward warp-per-vertex one took 7.1 ms).
#ifndef BFS_BASE_SPREAD
#define BFS_BASE_SPREAD 1
#endif
// The cooperative kernel's grid barrier as one monotonic arrival counter (one atomic per block and
// level, waiters poll it) instead of a counter reset by the last arriver plus a generation word.
#ifndef BFS_BAR_COUNTER
#define BFS_BAR_COUNTER 1
#endif

// Grid level: expands level `level` (invariant 2), blocks taking rounds in turn.
__device__ inline void bfs_grid_level(const BfsGraph& g, BfsScratch& s, u32 level) {
    u32 count = __ldcg(&g.ctl[BFS_CTL_TAIL + level % 3]);
    const u64* in = g.queue[level & 1];
    u64* out = g.queue[(level + 1) & 1];
    u32* tail = &g.ctl[BFS_CTL_TAIL + (level + 1) % 3];
    u32 per = BFS_ROUND;
    if (BFS_BASE_SPREAD) per = min(BFS_ROUND, ((count + gridDim.x - 1) / gridDim.x + 31u) & ~31u);
    for (u32 r = blockIdx.x * per; r < count; r += gridDim.x * per) {
        u32 k = min(count - r, per);
        bfs_block_load(g, s, 0, in, r, r + k);
        __syncthreads();
        bfs_block_expand(g, s, 0, k, level, out, tail, 2);
    }
}

// Block level: true in every thread of the last block to finish the level.
__device__ inline bool bfs_last_block(const BfsGraph& g, BfsScratch& s) {
    __syncthreads();
    if (threadIdx.x == 0) {
        // Release: this block's queue writes and tail increments happen before its arrival counts.
        bfs_fence_release();
        u32 last = atomicAdd(&g.ctl[BFS_CTL_DONE], 1u) == gridDim.x - 1;
        // Acquire: the last arriver sees every other block's writes.
        if (last) bfs_fence_acquire();
        s.flag = last;
    }
    __syncthreads();
    return s.flag != 0;
}

// One level per launch. The last block writes (level + 1) << 32 | next count to the mapped host word.
extern "C" __global__ void __launch_bounds__(BFS_BLOCK) bfs_launch_level(const BfsGraph* gp, u32 level, u64* host_word) {
    __shared__ BfsScratch s;
    const BfsGraph g = *gp;
    // Tail (level + 2) % 3 is unused during this level (invariant 2); the previous kernel is done with it.
    if (blockIdx.x == 0 && threadIdx.x == 0) g.ctl[BFS_CTL_TAIL + (level + 2) % 3] = 0;
    bfs_grid_level(g, s, level);
    if (bfs_last_block(g, s) && threadIdx.x == 0) {
        u32 next = __ldcg(&g.ctl[BFS_CTL_TAIL + (level + 1) % 3]);
        g.ctl[BFS_CTL_DONE] = 0;
        // Release at system scope: the host reads the count with acquire after the stream sync.
        st_release_sys(host_word, ((u64)(level + 1) << 32) | next);
    }
}

// The body of the WHILE node: one level, the level number in ctl; the last block advances it and
// sets the loop condition (next frontier non-empty).
extern "C" __global__ void __launch_bounds__(BFS_BLOCK) bfs_graph_level(const BfsGraph* gp, cudaGraphConditionalHandle h) {
    __shared__ BfsScratch s;
    const BfsGraph g = *gp;
    // .cg: written by the previous body kernel's last block.
    u32 level = __ldcg(&g.ctl[BFS_CTL_LEVEL]);
    if (blockIdx.x == 0 && threadIdx.x == 0) g.ctl[BFS_CTL_TAIL + (level + 2) % 3] = 0;
    bfs_grid_level(g, s, level);
    if (bfs_last_block(g, s) && threadIdx.x == 0) {
        u32 next = __ldcg(&g.ctl[BFS_CTL_TAIL + (level + 1) % 3]);
        g.ctl[BFS_CTL_DONE] = 0;
        g.ctl[BFS_CTL_LEVEL] = level + 1;
        cudaGraphSetConditional(h, next > 0 ? 1u : 0u);
    }
}

// Grid level (cooperative launch: every block resident): a sense-reversing barrier.
__device__ inline void bfs_grid_barrier(u32* bar) {
    __syncthreads();
    if (threadIdx.x == 0) {
        // Read the generation before arriving: it cannot advance until this block has arrived.
        u32 gen = ld_acquire_gpu(&bar[1]);
        // Release: this block's writes of the level before its arrival.
        bfs_fence_release();
        if (atomicAdd(&bar[0], 1u) == gridDim.x - 1) {
            atomicExch(&bar[0], 0u);
            // The reset is ordered before the new generation is visible.
            bfs_fence_release();
            atomicAdd(&bar[1], 1u);
        } else {
            while (ld_acquire_gpu(&bar[1]) == gen) {
            }
        }
        // Acquire side for the whole block: every block's level writes are visible after the barrier.
        bfs_fence_acquire();
    }
    __syncthreads();
}

// Grid level (cooperative launch): the barrier ending level `level`, as arrivals on one monotonic
// counter (bfs_init zeroes it): every block adds 1 per level and waits until the counter reaches
// (level + 1) * gridDim.x. Wrap-safe comparison (2^32 arrivals are far beyond any BFS here).
__device__ inline void bfs_grid_barrier_counter(u32* bar, u32 level) {
    __syncthreads();
    if (threadIdx.x == 0) {
        u32 target = (level + 1) * gridDim.x;
        // Release: this block's writes of the level before its arrival.
        bfs_fence_release();
        atomicAdd(bar, 1u);
        // Acquire: every block's writes of the level are visible once all have arrived.
        while ((int)(bfs_poll(bar) - target) < 0) {
        }
        bfs_fence_acquire();
    }
    __syncthreads();
}

// The whole BFS in one cooperative launch.
extern "C" __global__ void __launch_bounds__(BFS_BLOCK) bfs_coop(const BfsGraph* gp) {
    __shared__ BfsScratch s;
    const BfsGraph g = *gp;
    for (u32 level = 0;; ++level) {
        if (blockIdx.x == 0 && threadIdx.x == 0) g.ctl[BFS_CTL_TAIL + (level + 2) % 3] = 0;
        bfs_grid_level(g, s, level);
        if (BFS_BAR_COUNTER) bfs_grid_barrier_counter(&g.ctl[BFS_CTL_BAR], level);
        else bfs_grid_barrier(&g.ctl[BFS_CTL_BAR]);
        if (__ldcg(&g.ctl[BFS_CTL_TAIL + (level + 1) % 3]) == 0) break;
    }
}

// Grid level: level `level` with a warp per frontier item (lanes over its edges): claims by CAS after a
// dist check through L2, the claimed vertices' items appended with one atomic per warp and 32 edges.
__device__ inline void bfs_grid_level_warp(const BfsGraph& g, u32 level) {
    u32 count = __ldcg(&g.ctl[BFS_CTL_TAIL + level % 3]);
    const u64* in = g.queue[level & 1];
    u64* out = g.queue[(level + 1) & 1];
    u32* tail = &g.ctl[BFS_CTL_TAIL + (level + 1) % 3];
    u32 lane = threadIdx.x & 31u, wpb = blockDim.x / 32u;
    u32 warps = gridDim.x * wpb;
    for (u32 i = blockIdx.x * wpb + (threadIdx.x >> 5); i < count; i += warps) {
        // .cg: appended by other blocks in the previous level (ordered by the barrier).
        u64 it = __ldcg(&in[i]);
        u32 v = (u32)(it >> 32);
        u64 b = __ldg(&g.offsets[v]) + (u64)(u32)it * BFS_PIECE;
        u64 e = min(__ldg(&g.offsets[v + 1]), b + BFS_PIECE);
        for (u64 base = b; base < e; base += 32) {
            u64 x = base + lane;
            u32 u = BFS_INF, np = 0;
            if (x < e) {
                u = __ldg(&g.targets[x]);
                // A1 of bfs_common (invariant 1): one CAS per vertex and BFS; the dist check first.
                if (__ldcg(&g.dist[u]) == BFS_INF && atomicCAS(&g.dist[u], BFS_INF, level + 1) == BFS_INF) {
                    g.parent[u] = v;
                    np = bfs_pieces(__ldg(&g.offsets[u + 1]) - __ldg(&g.offsets[u]));
                }
            }
            // Positions of the claimed vertices' items: one atomic per warp.
            u32 at = bfs_warp_reserve(tail, np);
            for (u32 k = 0; k < np; ++k) out[at + k] = ((u64)u << 32) | k;
        }
    }
}

// The whole BFS in one cooperative launch, a warp per frontier item.
extern "C" __global__ void __launch_bounds__(BFS_BLOCK) bfs_coop_warp(const BfsGraph* gp) {
    const BfsGraph g = *gp;
    for (u32 level = 0;; ++level) {
        if (blockIdx.x == 0 && threadIdx.x == 0) g.ctl[BFS_CTL_TAIL + (level + 2) % 3] = 0;
        bfs_grid_level_warp(g, level);
        bfs_grid_barrier_counter(&g.ctl[BFS_CTL_BAR], level);
        if (__ldcg(&g.ctl[BFS_CTL_TAIL + (level + 1) % 3]) == 0) break;
    }
}

// The seed's baseline: a thread per vertex; frontier = vertices at `level`; *flag = 1 when any vertex
// was reached. Racing writers of one vertex all write the same distance and a valid parent.
extern "C" __global__ void bfs_seed_level(const BfsGraph* gp, u32 level, u32* flag) {
    const BfsGraph g = *gp;
    u32 v = blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= g.n || g.dist[v] != level) return;
    u32 found = 0;
    for (u64 e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
        u32 u = g.targets[e];
        if (g.dist[u] == BFS_INF) {
            g.dist[u] = level + 1;
            g.parent[u] = v;
            found = 1;
        }
    }
    if (found) *flag = 1;
}
