// bfs_tasks.cu: BFS as grosr runtime tasks (appended to bfs_common.cuh by the host).
//
// bfs_level (block width) runs levels one after another inside one task while the frontier has at
// most BFS_ONE_BLOCK items: no launch, no host, no other block. Levels of at most 32 items run on one
// warp alone (shuffles, no block barrier: the chain's latency path); larger ones on the whole block,
// BFS_ROUND items per round, the first round of each level from shared memory (the previous level
// left it there), the rest from the global queue. When a frontier grows past BFS_ONE_BLOCK, the task
// fans out: one bfs_chunk task (block width) per scheduler block, pushed straight into each block's
// queue (ctx.spawn_on), all taking rounds from one cursor so no block waits on another's share; the
// last chunk to finish (a counter) spawns the bfs_level task of the next level. The BFS is over when a
// level is empty: no task spawns another, and the job's exact termination tells the host.

struct BfsLevelArgs { u32 level; u32 count; };
struct BfsChunkArgs { u32 level; u32 count; };
struct BfsResetArgs { u32 source; u32 begin; u32 end; };

// The graph and working arrays (set by the host with Runtime::set_global before each BFS).
__device__ const BfsGraph* bfs_graph;
// One working set per scheduler block; only block-width tasks use it, and they run one at a time.
__shared__ BfsScratch bfs_scratch;

// Warp level (warp 0 of the task's block): runs levels while they have 1..32 items, starting with
// `count` items of `level` in s.v/s.bl[level & 1]. Leaves in s.wlevel/s.wcount the first level it did
// not run and its item count (0: the BFS is over; else > 32, the first BFS_ROUND items in
// s.v/s.bl[s.wlevel & 1], all of them in g.queue[s.wlevel & 1]).
__device__ inline void bfs_warp_levels(const BfsGraph& g, BfsScratch& s, u32 count, u32 level) {
    u32 lane = threadIdx.x & 31u;
    while (count > 0 && count <= 32) {
        u32 cur = level & 1;
        if (lane == 0) s.tail = 0;
        // Shared memory, one warp: the reset is seen by the lane that reserves on the tail.
        __syncwarp();
        bfs_warp_expand(g, s, cur, count, level, g.queue[cur ^ 1], &s.tail, cur ^ 1);
        // The warp's appends (shared and global) and tail updates are visible to every lane.
        __syncwarp();
        count = s.tail;
        ++level;
        // Every lane read the tail before lane 0 resets it.
        __syncwarp();
    }
    if (lane == 0) {
        s.wlevel = level;
        s.wcount = count;
    }
}

GROSR_TASK(bfs_level, BfsLevelArgs) {
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    u32 level = args.level, count = args.count;
    if (count <= BFS_ONE_BLOCK) bfs_block_load(g, s, level & 1, g.queue[level & 1], 0, min(count, BFS_ROUND));
    __syncthreads();
    while (count > 0 && count <= BFS_ONE_BLOCK) {
        u32 cur = level & 1;
        if (BFS_WARP_PATH && count <= 32) {
            if (threadIdx.x < 32) bfs_warp_levels(g, s, count, level);
            __syncthreads();
            level = s.wlevel;
            count = s.wcount;
            continue;
        }
        if (threadIdx.x == 0) s.tail = 0;
        __syncthreads();
        for (u32 r = 0; r < count; r += BFS_ROUND) {
            u32 k = min(count - r, BFS_ROUND);
            // Later rounds from the queue: this block wrote it in the previous level (global writes
            // are visible to the block's threads after the barrier at the end of that level).
            if (r > 0) {
                bfs_block_load(g, s, cur, g.queue[cur], r, r + k);
                __syncthreads();
            }
            bfs_block_expand(g, s, cur, k, level, g.queue[cur ^ 1], &s.tail, cur ^ 1);
        }
        count = s.tail;
        ++level;
        __syncthreads();
    }
    if (count == 0) return;
    // A large frontier: one chunk task per block (fewer if it has fewer rounds), the spawner's last.
    u32 chunks = min((count + BFS_ROUND - 1) / BFS_ROUND, ctx.blocks());
    if (threadIdx.x == 0) {
        g.ctl[BFS_CTL_PENDING] = chunks;
        g.ctl[BFS_CTL_CURSOR] = 0;
        g.ctl[BFS_CTL_TAIL + (level + 1) % 3] = 0;
        // Release: the words are set (and this block's queue writes done) before any chunk (spawned
        // below, after the barrier) can run.
        __threadfence();
    }
    __syncthreads();
    for (u32 c = threadIdx.x; c < chunks; c += BFS_BLOCK) {
        ctx.spawn_on(blockIdx.x + 1 + c, GROSR_TYPE(bfs_chunk), BfsChunkArgs{level, count});
    }
}

GROSR_TASK(bfs_chunk, BfsChunkArgs) {
    const BfsGraph g = *bfs_graph;
    BfsScratch& s = bfs_scratch;
    u32 level = args.level, count = args.count;
    u32* tail = &g.ctl[BFS_CTL_TAIL + (level + 1) % 3];
    for (;;) {
        // Relaxed: the cursor only hands out disjoint rounds; the items were published before the
        // chunk tasks were spawned.
        if (threadIdx.x == 0) s.flag = atomicAdd(&g.ctl[BFS_CTL_CURSOR], BFS_ROUND);
        __syncthreads();
        u32 r = s.flag;
        if (r >= count) break;
        u32 k = min(count - r, BFS_ROUND);
        bfs_block_load(g, s, 0, g.queue[level & 1], r, r + k);
        __syncthreads();
        // Ends with a barrier: every thread read s.flag before thread 0 overwrites it.
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
