// bfs_tasks.cu: BFS as grosr runtime tasks (appended to bfs_common.cuh by the host).
//
// bfs_level (block width) runs levels one after another inside one task while the frontier has at
// most BFS_SMALL items, keeping it in shared memory: no barrier, no launch, no host. When a frontier
// grows past that, it spawns bfs_chunk tasks (block width) that expand it in parallel on every SM;
// the last chunk to finish (a counter) spawns the bfs_level task of the next level. The BFS is over
// when a level is empty: no task spawns another, and the job's exact termination tells the host.

struct BfsLevelArgs { u32 level; u32 count; };
struct BfsChunkArgs { u32 level; u32 begin; u32 end; };
struct BfsResetArgs { u32 source; u32 begin; u32 end; };

// The graph and working arrays (set by the host with Runtime::set_global before each BFS).
__device__ const BfsGraph* bfs_graph;
// One working set per scheduler block; only block-width tasks use it, and they run one at a time.
__shared__ BfsScratch bfs_scratch;

// Most chunk tasks one level spawns (they fit a block's local buffer plus its device queue).
#define BFS_MAX_CHUNKS 2048u

GROSR_TASK(bfs_level, BfsLevelArgs) {
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    u32 level = args.level, count = args.count;
    if (count <= BFS_SMALL) bfs_block_load(g, s, level & 1, g.queue[level & 1], 0, count);
    __syncthreads();
    while (count > 0 && count <= BFS_SMALL) {
        if (threadIdx.x == 0) s.tail = 0;
        __syncthreads();
        bfs_block_expand(g, s, level & 1, count, level, g.queue[(level + 1) & 1], &s.tail, (level + 1) & 1);
        count = s.tail;
        ++level;
        __syncthreads();
    }
    if (count == 0) return;
    // A large frontier: split it over chunk tasks.
    u32 per = max(BFS_ROUND, (count + BFS_MAX_CHUNKS - 1) / BFS_MAX_CHUNKS);
    u32 chunks = (count + per - 1) / per;
    if (threadIdx.x == 0) {
        g.ctl[BFS_CTL_PENDING] = chunks;
        g.ctl[BFS_CTL_TAIL + (level + 1) % 3] = 0;
        // Release: both words are set before any chunk (spawned below) can run and count down.
        __threadfence();
    }
    __syncthreads();
    for (u32 c = threadIdx.x; c < chunks; c += BFS_BLOCK) {
        u32 b = c * per;
        ctx.spawn(GROSR_TYPE(bfs_chunk), BfsChunkArgs{level, b, min(count, b + per)});
    }
}

GROSR_TASK(bfs_chunk, BfsChunkArgs) {
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    u32 level = args.level;
    u32* tail = &g.ctl[BFS_CTL_TAIL + (level + 1) % 3];
    for (u32 r = args.begin; r < args.end; r += BFS_ROUND) {
        u32 k = min(args.end - r, BFS_ROUND);
        bfs_block_load(g, s, 0, g.queue[level & 1], r, r + k);
        __syncthreads();
        bfs_block_expand(g, s, 0, k, level, g.queue[(level + 1) & 1], tail, 2);
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        // Release: this chunk's queue writes and tail increments before its count-down.
        __threadfence();
        if (atomicSub(&g.ctl[BFS_CTL_PENDING], 1u) == 1u) {
            // Acquire: every chunk's writes are visible to the next level's task.
            __threadfence();
            u32 next = __ldcg(tail);
            if (next > 0) ctx.spawn(GROSR_TYPE(bfs_level), BfsLevelArgs{level + 1, next});
        }
    }
}

// Resets dist/parent of vertices [begin, end) for a BFS from `source`; the task with begin == 0 also
// seeds queue[0] and clears ctl. (The runtime's persistent kernel holds every SM, so a separate init
// kernel could not run beside it: a reset is a job of its own, before the timed one.)
GROSR_TASK(bfs_reset, BfsResetArgs) {
    const BfsGraph g = *bfs_graph;
    for (u32 v = args.begin + threadIdx.x; v < args.end; v += BFS_BLOCK) {
        g.dist[v] = v == args.source ? 0u : BFS_INF;
        g.parent[v] = v == args.source ? args.source : BFS_INF;
    }
    if (args.begin == 0) {
        u32 np = bfs_pieces(g.offsets[args.source + 1] - g.offsets[args.source]);
        for (u32 k = threadIdx.x; k < np; k += BFS_BLOCK) g.queue[0][k] = ((u64)args.source << 32) | k;
        if (threadIdx.x < BFS_CTL_WORDS) g.ctl[threadIdx.x] = threadIdx.x == BFS_CTL_TAIL ? np : 0u;
    }
}
