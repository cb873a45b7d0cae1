// grosr_scheduler.cuh: the persistent scheduler kernel (block level) and its init kernel.
//
// One loop per block, GROSR_BLOCK threads. Each iteration:
//   A. the leader warp builds a batch of up to GROSR_BATCH tasks, highest priority class first, from
//      (1) the host ingress ring of that class (published slots), (2) tasks spawned by this block in
//      the previous iteration (kept in shared memory, LIFO), (3) this block's device queue; when
//      nothing is found, (4) it steals from another block's queue, then (5) goes idle: one idle block
//      at a time is the "poller" that watches host memory, the others back off with __nanosleep;
//   (all warps then split the batch by task width and note whether it is of one job: block_classify);
//   B. all threads execute the batch: thread-width tasks one per thread, warp-width tasks one per
//      warp, block-width tasks one at a time with the whole block;
//   C. accounting (invariant 5 in grosr.cuh): first every new spawn is counted in its job, barrier,
//      then every executed task is retired (one atomic each when the batch is of one job); when other
//      blocks are idle, half of the local spawns are spilled to the device queue where they can be
//      stolen.
#pragma once
#include "grosr.cuh"

namespace grosr {

// Tuning knobs.
#ifndef GROSR_POLL_NS
#define GROSR_POLL_NS 4000ull        // busy blocks read host memory at least this often
#endif
#ifndef GROSR_IDLE_SLEEP_MAX_NS
// Cap of an idle (non-poller) block's backoff. 128 ns, not 2 us: the express round trip p50 fell from
// 7.0 to 5.3 us on an H100 (the ring path's rose from 7.5 to 9.4 us; Exp B unchanged, power +5 W at
// idle; results/2026-11-26-session8/run3-run5). Why the idle blocks' pace matters is not known.
#define GROSR_IDLE_SLEEP_MAX_NS 128u
#endif
#ifndef GROSR_POLLER_SLEEP_NS
// Pause between two polls of the poller (each poll is a PCIe read). 0: with the short idle backoff,
// 5.2 against 5.3 us express p50 (run5).
#define GROSR_POLLER_SLEEP_NS 0u
#endif
#ifndef GROSR_POLL_SPEC
#define GROSR_POLL_SPEC 1              // the poller reads the slots at the rings' heads with the control block
#endif
#ifndef GROSR_SPEC_WINDOW_NS
// ...but only within this long of the last host ring work a block took (DevState::spec_until_ns):
// the reads ahead cost an express task ~1 us of round trip (4.4 against 5.4 us p50 on an H100,
// results/2026-11-26-session8/run10) and help only the ring path. 0: always.
#define GROSR_SPEC_WINDOW_NS 100000ull
#endif
#ifndef GROSR_POLLER_STEAL_EVERY
#define GROSR_POLLER_STEAL_EVERY 8u    // the poller tries to steal once per this many rounds
#endif
#ifndef GROSR_POLLER_WATCH
// The idle poller watches with one host read per look (warp_poller_watch). Off by default: its
// express round trip measured 4.06 us in some builds and 8.14 us in others on the same H200 (the
// full-round poller: 6.7 us in the build that ships), and the cause is not found yet
// (docs/runtime.md, results/2026-11-26-session7).
#define GROSR_POLLER_WATCH 0
#endif
#ifndef GROSR_SPILL_KEEP
// Spills for idle blocks only from a class with more than this many local spawns (0: any).
#define GROSR_SPILL_KEEP 0u
#endif
#ifndef GROSR_SPILL_TIER
// 1: spilling for idle blocks also pushes the whole device-memory tier (0: only the shared half).
#define GROSR_SPILL_TIER 1
#endif
#ifndef GROSR_SPILL_TIER_HALF
// 1: the device-memory tier also goes to the queue whenever it is more than half full.
#define GROSR_SPILL_TIER_HALF 1
#endif
#define GROSR_STEAL_PROBES 32u         // victims probed per steal attempt (one per lane)
#ifndef GROSR_STEAL_LONE_NS
// A thief takes a queue's only task only when the queue's owner is busy and began no load round for
// this long (QueueHdr::owner_ns: stamped by busy load rounds, GROSR_OWNER_IDLE while the owner is
// idle, and idle owners look every round); it takes half of a longer queue, rounded up, as always.
// A task sent to a block (spawn_on) then runs there, not on whichever of hundreds of idle thieves
// probes first, which then leaves its own task to be stolen in turn; a lone task behind a
// long-running one is still stolen, at most this long later. 0: lone tasks are stolen at once. B's
// fan at 1M (one fan sent to each block): 59-60 -> 46-48 us with 16 us on an H100; 4 us, or
// protecting idle owners only, gave nothing (results/2026-11-26-session17/run2, run5). Idle rounds
// do not stamp: hundreds of idle blocks' stores raised A's express round trip 3.5 -> 6.0 us (run4).
#define GROSR_STEAL_LONE_NS 16000ull
#endif
#define GROSR_OWNER_IDLE (~0ull)
#ifndef GROSR_EXPRESS_FAST
// 1: a poll that finds a new express task (and read no ring slots) returns it before raising the
// device mirrors of the control block (the next round's poll does that). Express p50 3.93-4.09
// against 4.32-4.36 us on an H100 (session 10 run5).
#define GROSR_EXPRESS_FAST 1
#endif
#ifndef GROSR_EXPRESS_WATCH
// 1: after an express task that spawned nothing, the poller watches for the next one with back-to-back
// PCIe reads (warp_express_watch) before its next full round. Express p50 3.36-3.44 against
// 4.00-4.11 us without (session 10 run11).
#define GROSR_EXPRESS_WATCH 1
#endif
#ifndef GROSR_EXPRESS_WATCH_NOINLINE
// 1: the watch is a call. Inlined it changed the register allocation of the whole leader loop, and
// BFS runs that never take the express path were 25% slower (session 10 run10, run11).
#define GROSR_EXPRESS_WATCH_NOINLINE 1
#endif
#if GROSR_EXPRESS_WATCH_NOINLINE
#define GROSR_EXPRESS_WATCH_INLINE __noinline__
#else
#define GROSR_EXPRESS_WATCH_INLINE inline
#endif
#ifndef GROSR_EXPRESS_WATCH_LOOKS
#define GROSR_EXPRESS_WATCH_LOOKS 32u
#endif
#ifndef GROSR_EXPRESS_CAS
// 0: the poller runs an express task on the strength of its exclusive role (invariant 7), no claim
// CAS on the task's path; 1: the earlier protocol (a CAS of express_seen, role handed off first).
#define GROSR_EXPRESS_CAS 0
#endif
#ifndef GROSR_INGRESS_MIN_TAKE
// Outside a stream (the host's bulk hint raised, or more than two batches published), a block
// takes at most its fair share of the published host work (what is there divided among itself and
// the idle blocks), but at least this many: a few hundred roots submitted at once then start on many
// blocks instead of in one block's batch. Only outside streams: takes serialise on the head's CAS,
// so small ones cap the ingestion rate at take / CAS latency (H100: 4 -> 10.8 M/s, 32 -> 87 M/s,
// whole batches 559 M/s at 1M host tasks; results/2026-11-26-session8/run1). 0: no share.
#define GROSR_INGRESS_MIN_TAKE 32u
#endif

#if GROSR_PROF
// GROSR_PROF sums over all blocks (SM cycles; _N entries are counts).
#define GROSR_PROF_ITERS 0         // busy iterations
#define GROSR_PROF_A 1             // leader: start of the load round that found work -> batch built
#define GROSR_PROF_B 2             // batch built (after the barrier) -> executed (after the barrier)
#define GROSR_PROF_C 3             // accounting: executed -> end of the iteration
#define GROSR_PROF_TASKS 4         // tasks run in busy iterations
#define GROSR_PROF_EXPRESS 5       // express tasks: warp_run_express, whole
#define GROSR_PROF_EXPRESS_N 6
#define GROSR_PROF_EXPRESS_ROUND 7 // express tasks: start of the finding round -> run starts
// Express tasks, the finding round in parts (sh.prof_t marks 0..4): round start -> load round done,
// -> speculative poll starts, -> control block read (the PCIe round trip), -> poll returns, -> run;
// and the run in parts (marks 5, 6): the express_seen CAS, the task and its accounting, the release.
#define GROSR_PROF_X_LOAD 8
#define GROSR_PROF_X_PRE 9
#define GROSR_PROF_X_HOST 10
#define GROSR_PROF_X_SPEC 11
#define GROSR_PROF_X_GAP 12
#define GROSR_PROF_RUN_CAS 13
#define GROSR_PROF_RUN_TASK 14
#define GROSR_PROF_RUN_REL 15
#define GROSR_PROF_POLL_N 16       // the poller's polls: speculative polls, or looks of the watch
#define GROSR_PROF_POLL 17         // their cycles, round (or look) start -> host words read
#define GROSR_PROF_RUN_PRE 19      // the run's task phase in parts (marks 5, 7, 8, 6, 9): before the
#define GROSR_PROF_RUN_DISPATCH 20 // task (descriptor, counts), the task itself, the spawn check,
#define GROSR_PROF_RUN_POST 21     // and the system-scope release of the done word alone
#define GROSR_PROF_RUN_DONE 22
#define GROSR_PROF_EXPRESS_NS 18   // express tasks: warp_run_express in globaltimer ns (with
                                   // GROSR_PROF_EXPRESS: the SM clock while the runtime is near idle)
#define GROSR_PROF_DONE 31         // blocks that have stopped
#define GROSR_PROF_SPLIT 32        // 7 entries: busy iterations in parts (see the kernel)
__device__ unsigned long long grosr_prof[40];
// GROSR_PROF's iteration trace: per block the last GROSR_TRACE_N busy iterations (globaltimer when
// the batch was built; build, execute and account cycles; tasks; the build's load round and
// sources), printed at shutdown for the iterations within GROSR_TRACE_WINDOW_NS of the last one.
#define GROSR_TRACE_BLOCKS 1024
#define GROSR_TRACE_N 32
#ifndef GROSR_TRACE_WINDOW_NS
#define GROSR_TRACE_WINDOW_NS 300000ull
#endif
__device__ unsigned long long grosr_trace[GROSR_TRACE_BLOCKS][GROSR_TRACE_N][4];
__device__ unsigned grosr_trace_n[GROSR_TRACE_BLOCKS];
// Lane 0 marks a point of the current round (GROSR_PROF only).
#define GROSR_PROF_MARK(i) \
    do {                   \
        if (lane_id() == 0) sh.prof_t[i] = clock64(); \
    } while (0)
#else
#define GROSR_PROF_MARK(i) \
    do {                   \
    } while (0)
#endif

// Loads a descriptor from a host ring slot as a consistent snapshot of its first 16 bytes
// (a single 16-byte PCIe read) plus, for larger descriptors, the remaining words.
__device__ __forceinline__ void load_host_desc(const u64* s, u64* w, bool speculative) {
    u64 a, b;
    // System-scope relaxed vector load: bypasses L1 (the host rewrites slots every lap) and is one
    // 16-byte read, so header and first argument word come from the same moment.
    ld_relaxed_sys_v2(s, a, b);
    w[0] = a;
    w[1] = b;
    if (GROSR_DESC_WORDS > 2) {
        // A speculative read saw the stamp before knowing the slot was published: acquire-fence so
        // the rest is read after the header (the host wrote the arguments before the header).
        if (speculative) asm volatile("fence.acq_rel.sys;" ::: "memory");
#pragma unroll
        for (int i = 2; i < GROSR_DESC_WORDS; i += 2) {
            ld_relaxed_sys_v2(s + i, a, b);
            w[i] = a;
            w[i + 1] = b;
        }
    }
}

// Lane 0: adds `cnt` consumed slots of chunk `c` of ring `prio`; the one completing a lap tells the host.
__device__ inline void ingress_chunk_done(const Params& P, u32 prio, u64 first_pos, u32 cnt) {
    while (cnt > 0) {
        u64 c = (first_pos / GROSR_ING_CHUNK) % GROSR_ING_CHUNKS;
        u32 in_chunk = (u32)min((u64)cnt, GROSR_ING_CHUNK - first_pos % GROSR_ING_CHUNK);
        u64 done = atom_add(&P.ing_chunk_done[prio * GROSR_ING_CHUNKS + c], (u64)in_chunk) + in_chunk;
        if (done % GROSR_ING_CHUNK == 0) {
            // Release at system scope: our reads of the chunk's slots are complete before the host
            // sees that it may overwrite them (invariant 3).
            st_release_sys(&P.chunk_free[prio][c], done / GROSR_ING_CHUNK);
        }
        first_pos += in_chunk;
        cnt -= in_chunk;
    }
}

// Lane 0: notes a claim of `cnt` slots of ring `prio` from `first_pos`; phase C of this iteration
// hands the slots back (ingress_chunk_done), after the batch ran, so the claim's atomics are not
// between the fetch and the run. Done at once if the list is full.
__device__ inline void defer_chunk_done(const Params& P, BlockShared& sh, u32 prio, u64 first_pos, u32 cnt) {
    if (sh.n_claims < GROSR_MAX_CLAIMS) {
        sh.claim_pos[sh.n_claims] = first_pos;
        sh.claim_cnt[sh.n_claims] = cnt | (prio << 24);
        sh.n_claims += 1;
    } else {
        ingress_chunk_done(P, prio, first_pos, cnt);
    }
}

// Warp level: counts fetched host tasks in their jobs before they can run (invariant 5).
__device__ inline void warp_count_fetched(const Params& P, const u64 (*d)[GROSR_DESC_WORDS], u32 k) {
    for (u32 base = 0; base < k; base += 32) {
        u32 i = base + lane_id();
        u32 job = i < k ? hdr_job(d[i][0]) : 0xFFFFFFFFu;
        u32 peers = __match_any_sync(0xffffffffu, job);
        if (job != 0xFFFFFFFFu && lane_id() == __ffs(peers) - 1) {
            u64 n = __popc(peers);
            red_add(&P.jobs[job], (n << GROSR_JOB_FETCHED_SHIFT) + n);
        }
    }
}

// Warp level: claims and copies up to `max` published slots of ring `prio` (below the mirror).
__device__ inline u32 warp_ingress_take(const Params& P, BlockShared& sh, u32 prio, u64 (*dst)[GROSR_DESC_WORDS], u32 max) {
    DevState* st = P.st;
    u64 h = 0;
    u32 k = 0;
    if (lane_id() == 0) {
        h = ld_relaxed_gpu(&st->ing_head[prio]);
        for (int attempt = 0; attempt < 16; ++attempt) {
            // Acquire: the mirror was raised after reading pub_tail, so slots below it are published.
            u64 m = ld_acquire_gpu(&st->ing_mirror[prio]);
            if (h >= m) break;
            u32 want = (u32)min((u64)max, m - h);
            u64 seen = atom_cas(&st->ing_head[prio], h, h + want);
            if (seen == h) {
                k = want;
                break;
            }
            h = seen;
        }
    }
    k = __shfl_sync(0xffffffffu, k, 0);
    if (k == 0) return 0;
    h = __shfl_sync(0xffffffffu, h, 0);
    const u64* ring = P.ring[prio];
#if GROSR_INGRESS_PIPELINE
    // Every lane first issues the 16-byte loads of all its slots (up to GROSR_BATCH / 32), then
    // uses them: one PCIe round trip per claim instead of one per 32 descriptors. The slots are
    // below the mirror, hence published: the order of these loads does not matter.
    constexpr u32 kPerLane = GROSR_BATCH / 32;
    u64 head16[kPerLane][2];
#pragma unroll
    for (u32 r = 0; r < kPerLane; ++r) {
        u32 i = lane_id() + 32u * r;
        if (i < k) {
            const u64* s = ring + ((h + i) % GROSR_ING_CAP) * GROSR_DESC_WORDS;
            // Relaxed system-scope snapshot, as in load_host_desc.
            ld_relaxed_sys_v2(s, head16[r][0], head16[r][1]);
        }
    }
#pragma unroll
    for (u32 r = 0; r < kPerLane; ++r) {
        u32 i = lane_id() + 32u * r;
        if (i < k) {
            u64 pos = h + i;
            const u64* s = ring + (pos % GROSR_ING_CAP) * GROSR_DESC_WORDS;
            u64 w[GROSR_DESC_WORDS];
            w[0] = head16[r][0];
            w[1] = head16[r][1];
#pragma unroll
            for (int j = 2; j < GROSR_DESC_WORDS; j += 2) {
                // Relaxed system-scope loads of the remaining argument words (published slot).
                ld_relaxed_sys_v2(s + j, w[j], w[j + 1]);
            }
            // Published slots always carry their stamp; re-read only if the PCIe snapshot was older.
            while (hdr_stamp(w[0]) != (u32)(pos + 1)) load_host_desc(s, w, true);
#pragma unroll
            for (int j = 0; j < GROSR_DESC_WORDS; ++j) dst[i][j] = w[j];
        }
    }
#else
    for (u32 i = lane_id(); i < k; i += 32) {
        u64 pos = h + i;
        const u64* s = ring + (pos % GROSR_ING_CAP) * GROSR_DESC_WORDS;
        u64 w[GROSR_DESC_WORDS];
        load_host_desc(s, w, false);
        // Published slots always carry their stamp; re-read only if the PCIe snapshot was older.
        while (hdr_stamp(w[0]) != (u32)(pos + 1)) load_host_desc(s, w, true);
#pragma unroll
        for (int j = 0; j < GROSR_DESC_WORDS; ++j) dst[i][j] = w[j];
    }
#endif
    __syncwarp();
    warp_count_fetched(P, dst, k);
    if (lane_id() == 0) defer_chunk_done(P, sh, prio, h, k);
    __syncwarp();
    return k;
}

// Warp level: raises the device mirrors of the host control words; lane i < 8 holds word i, read
// with acquire (or relaxed and then an acquire fence). Returns the control word.
__device__ __noinline__ u64 warp_mirror_host(const Params& P, u64 v) {
    DevState* st = P.st;
    if (lane_id() < GROSR_NPRIO) red_max(&st->ing_mirror[lane_id()], v);
    if (lane_id() == GROSR_CTRL_COMP_CONSUMED) red_max(&st->comp_consumed_cache, v);
    // The latest value, not a maximum: the host raises and lowers the hint.
    if (lane_id() == GROSR_CTRL_BULK) atom_exch(&st->bulk_hint, v);
    u64 ctrl = __shfl_sync(0xffffffffu, v, GROSR_CTRL_WORD);
    if (lane_id() == 0) {
        red_max(&st->ctrl_mirror, ctrl);
        red_max(&st->last_poll_ns, globaltimer_ns());
    }
    __syncwarp();
    return ctrl;
}

// Warp level: lane i < 8 gets host control word i (one 64-byte line), others 0. Acquire, so that
// slots below a newly seen pub_tail (and an express task's data) are visible afterwards.
__device__ __forceinline__ u64 warp_read_ctrl(const Params& P) {
    u64 v = 0;
    if (lane_id() < 8) v = ld_acquire_sys(&P.ctrl[lane_id()]);
    return v;
}

// Warp level: reads the host control block and raises the device mirrors. Returns the control word.
__device__ inline u64 warp_poll_host(const Params& P) { return warp_mirror_host(P, warp_read_ctrl(P)); }

// Warp level, poller only: reads the next slots of every ring speculatively together with the control
// block (all loads in flight at once: one PCIe round trip) and claims what is there.
// `probe` is the round's load-round value (lane p < NPRIO: ring p's head). While the host streams a
// large submission (`bulk`, a hint it sets in the control block), the slots are not read ahead: the
// host is writing those very lines, and reading them would take them out of its cache line by line.
__device__ inline u32 warp_poll_speculative(const Params& P, BlockShared& sh, u64 (*dst)[GROSR_DESC_WORDS], u32 max,
                                            u64* ctrl_out, u64 probe, bool bulk, u64* express_hdr, u64* express_arg) {
    DevState* st = P.st;
    u32 lane = lane_id();
    // The express slot's first 16 bytes (header and first argument word, one snapshot as in
    // load_host_desc), in flight with the loads below.
    u64 xh = 0, xa = 0;
    if (lane == 0) {
        ld_relaxed_sys_v2(P.ctrl + GROSR_CTRL_EXPRESS, xh, xa);
    }
    u64 heads[GROSR_NPRIO];
    u64 hdr0[GROSR_NPRIO], arg0[GROSR_NPRIO];
#pragma unroll
    for (int p = 0; p < GROSR_NPRIO; ++p) {
        // The heads from the load round (stale ones only make the CAS below fail).
        heads[p] = __shfl_sync(0xffffffffu, probe, p);
        hdr0[p] = 0;
        arg0[p] = 0;
        const u64* s = P.ring[p] + ((heads[p] + lane) % GROSR_ING_CAP) * GROSR_DESC_WORDS;
        // Snapshot load (see load_host_desc); issued before any use so the reads overlap.
        if (!bulk) ld_relaxed_sys_v2(s, hdr0[p], arg0[p]);
    }
    u64 cv = warp_read_ctrl(P);
    *express_hdr = __shfl_sync(0xffffffffu, xh, 0);
    *express_arg = __shfl_sync(0xffffffffu, xa, 0);
    if (GROSR_EXPRESS_FAST && bulk && hdr_stamp(*express_hdr) == (u32)(__shfl_sync(0xffffffffu, probe, 4) + 1)) {
        // A new express task and no ring slots read: the caller runs it now, and the mirrors wait
        // for the next round's poll (hints only; the control word itself is returned).
        *ctrl_out = __shfl_sync(0xffffffffu, cv, GROSR_CTRL_WORD);
        GROSR_PROF_MARK(4);
        return 0;
    }
    *ctrl_out = warp_mirror_host(P, cv);
    GROSR_PROF_MARK(4);
    if (bulk) return 0;
    u32 n = 0;
    for (int p = GROSR_NPRIO - 1; p >= 0 && n < max; --p) {
        bool ready = hdr_stamp(hdr0[p]) == (u32)(heads[p] + lane + 1);
        u32 ok = __ballot_sync(0xffffffffu, ready);
        u32 run = (~ok == 0) ? 32 : __ffs(~ok) - 1;
        run = min(run, max - n);
        if (run == 0) continue;
        u64 seen = 0;
        if (lane == 0) seen = atom_cas(&st->ing_head[p], heads[p], heads[p] + run);
        seen = __shfl_sync(0xffffffffu, seen, 0);
        if (seen != heads[p]) continue;  // another block took them; they will run there
        if (lane == 0) red_max(&st->ing_mirror[p], heads[p] + run);
        if (lane < run) {
            u64 w[GROSR_DESC_WORDS];
            w[0] = hdr0[p];
            w[1] = arg0[p];
            if (GROSR_DESC_WORDS > 2) {
                const u64* s = P.ring[p] + ((heads[p] + lane) % GROSR_ING_CAP) * GROSR_DESC_WORDS;
                load_host_desc(s, w, true);
            }
#pragma unroll
            for (int j = 0; j < GROSR_DESC_WORDS; ++j) dst[n + lane][j] = w[j];
        }
        __syncwarp();
        warp_count_fetched(P, dst + n, run);
        if (lane == 0) defer_chunk_done(P, sh, p, heads[p], run);
        __syncwarp();
        n += run;
    }
    return n;
}

// Entry i of this block's spawn stack of class prio: shared memory below GROSR_LOCAL_CAP, the
// block-private device-memory tier above.
__device__ __forceinline__ u64* stack_entry(const Params& P, BlockShared& sh, u32 prio, u32 i) {
    return i < GROSR_LOCAL_CAP ? sh.local[prio][i] : ovf_slot(P, blockIdx.x, prio, i);
}

#ifndef GROSR_STACK_ASYNC_COPY
// 1: warp_stack_to_batch reads the device-memory tier with cp.async (sm_80+), every read in flight
// at once; 0: plain loads, 8 bytes a lane.
#define GROSR_STACK_ASYNC_COPY 1
#endif

// Copies entries [from, from + take) of this block's spawn stack of class prio to dst, thread
// `first` of every `stride` doing one 16-byte half of a descriptor at a time (a warp: lane, 32; the
// block: tid, GROSR_BLOCK). Entries of the device-memory tier go through cp.async.ca, all of the
// threads' in flight together, so a batch read back from the tier costs about one round trip
// instead of one per 32 words. (.ca, through L1: the tier was written with plain stores by this
// block's threads before the last barrier, which is what makes them visible here, as for the plain
// loads this replaces.) The caller waits (cp_async_wait_all) and synchronises.
__device__ __forceinline__ void stack_copy(const Params& P, BlockShared& sh, u32 prio, u32 from, u32 take,
                                           u64 (*dst)[GROSR_DESC_WORDS], u32 first, u32 stride) {
#if GROSR_STACK_ASYNC_COPY && __CUDA_ARCH__ >= 800
    constexpr u32 H = GROSR_DESC_WORDS / 2;
    for (u32 c = first; c < take * H; c += stride) {
        u32 i = c / H, h = c % H, e = from + i;
        ulonglong2* d = reinterpret_cast<ulonglong2*>(&dst[i][2 * h]);
        if (e < GROSR_LOCAL_CAP) {
            *d = *reinterpret_cast<const ulonglong2*>(&sh.local[prio][e][2 * h]);
        } else {
            cp_async16_ca(d, ovf_slot(P, blockIdx.x, prio, e) + 2 * h);
        }
    }
#else
    for (u32 x = first; x < take * GROSR_DESC_WORDS; x += stride) {
        u32 i = x / GROSR_DESC_WORDS, j = x % GROSR_DESC_WORDS;
        dst[i][j] = stack_entry(P, sh, prio, from + i)[j];
    }
#endif
}

// Warp level: stack_copy by one warp.
__device__ inline void warp_stack_to_batch(const Params& P, BlockShared& sh, u32 prio, u32 from, u32 take,
                                           u64 (*dst)[GROSR_DESC_WORDS]) {
    stack_copy(P, sh, prio, from, take, dst, lane_id(), 32);
#if GROSR_STACK_ASYNC_COPY && __CUDA_ARCH__ >= 800
    cp_async_wait_all();
#endif
    __syncwarp();
}

#if GROSR_BLOCK_COPY
// Block level (every thread, after the barrier that publishes the batch): the stack ranges the
// leader noted (sh.copy_*) copied into the batch by the whole block. The caller synchronises.
__device__ inline void block_stack_to_batch(const Params& P, BlockShared& sh, u32 tid) {
    for (u32 k = 0; k < sh.copy_n; ++k) {
        stack_copy(P, sh, sh.copy_prio[k], sh.copy_from[k], sh.copy_take[k], sh.batch + sh.copy_dst[k], tid, GROSR_BLOCK);
    }
#if GROSR_STACK_ASYNC_COPY && __CUDA_ARCH__ >= 800
    cp_async_wait_all();
#endif
}
#endif

__device__ __forceinline__ u32 xorshift(u32& s) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
}

// Warp level: tries to steal half of some other block's queue of class `prio`.
__device__ inline u32 warp_steal(const Params& P, u32 prio, u64 (*dst)[GROSR_DESC_WORDS], u32 max, u32& rng) {
    if (P.nblocks < 2) return 0;
    u32 start = __shfl_sync(0xffffffffu, xorshift(rng), 0);
    u32 lane = lane_id();
    u32 victim = (blockIdx.x + 1 + (start + lane) % (P.nblocks - 1)) % P.nblocks;
    u64 depth = 0, h = 0, t = 0;
    if (lane < GROSR_STEAL_PROBES) {
        QueueHdr* q = dq_hdr(P, victim, prio);
        h = ld_relaxed_gpu(&q->head);
        t = ld_relaxed_gpu(&q->tail);
        depth = t > h ? t - h : 0;
#if GROSR_STEAL_LONE_NS
        // Relaxed, with head and tail (one round trip): a hint; a stale one leaves the task to its
        // owner's next round or lets a thief take it, either of which is correct. The clock is read
        // only for a lone task: idle blocks probe every round, mostly empty queues.
        u64 seen = ld_relaxed_gpu(&q->owner_ns);
        if (depth == 1) {
            if (seen == GROSR_OWNER_IDLE || globaltimer_ns() - seen < GROSR_STEAL_LONE_NS) depth = 0;
        }
#endif
    }
    u32 has = __ballot_sync(0xffffffffu, depth > 0);
    if (!has) return 0;
    u32 src = __ffs(has) - 1;
    u32 v = __shfl_sync(0xffffffffu, victim, src);
    u64 d = __shfl_sync(0xffffffffu, depth, src);
    u32 want = (u32)min((u64)max, (d + 1) / 2);
    return warp_dq_pop(P, v, prio, dst, want, __shfl_sync(0xffffffffu, h, src), __shfl_sync(0xffffffffu, t, src));
}

#ifndef GROSR_ONE_JOB_FAST
// 1: a batch whose tasks all belong to one job is accounted with one atomic for its spawns and one
// for its retirements (by one thread), instead of one per warp and per 32 entries: with hundreds of
// blocks retiring into one job word, same-address atomics queue at L2 (B's fan at 1M stalled
// ~15 us in a burst of spawn counts, session 13 run7).
#define GROSR_ONE_JOB_FAST 1
#endif

// Block level (every thread, after the barrier that publishes the batch): splits the batch into
// thread-, warp- and block-width index lists, batch order kept, and notes in sh.batch_job whether
// every task belongs to one job. Warp w classifies entries [32Rw, 32R(w + 1)) (R = GROSR_BATCH /
// GROSR_BLOCK) at once: one round per warp and two barriers, instead of the leader's dependent
// rounds while the block waits.
// block_classify's three width counts of one 32-entry ballot round, as F-bit fields of a ClsWord.
__device__ __forceinline__ ClsWord cls_fields(u32 bt, u32 bw, u32 bb) {
    return (ClsWord)__popc(bt) | (ClsWord)__popc(bw) << GROSR_CLS_BITS | (ClsWord)__popc(bb) << (2 * GROSR_CLS_BITS);
}

__device__ inline void block_classify(BlockShared& sh, u32 warp, u32 lane) {
    constexpr u32 R = GROSR_BATCH / GROSR_BLOCK, F = GROSR_CLS_BITS;
    constexpr ClsWord kField = ((ClsWord)1 << F) - 1, kDiffer = (ClsWord)1 << (8 * sizeof(ClsWord) - 1);
    u32 n = sh.n_batch;
    u32 w[R], bt[R], bw[R], bb[R];
    u32 job0 = 0;
    bool same = true;
#pragma unroll
    for (u32 r = 0; r < R; ++r) {
        u32 i = (warp * R + r) * 32 + lane;
        u64 h = i < n ? sh.batch[i][0] : 0;
        w[r] = i < n ? grosr_type_width(hdr_type(h)) : 3u;
        job0 = hdr_job(sh.batch[0][0]);
        if (!__all_sync(0xffffffffu, i >= n || hdr_job(h) == job0)) same = false;
        bt[r] = __ballot_sync(0xffffffffu, w[r] == 0);
        bw[r] = __ballot_sync(0xffffffffu, w[r] == 1);
        bb[r] = __ballot_sync(0xffffffffu, w[r] == 2);
    }
    // Counts of each width in F-bit fields (at most GROSR_BATCH each, so sums never carry across).
    if (lane == 0) {
        ClsWord mine = 0;
#pragma unroll
        for (u32 r = 0; r < R; ++r) {
            mine += cls_fields(bt[r], bw[r], bb[r]) | (r + 1 == R && !same ? kDiffer : 0);
        }
        sh.cls_count[warp] = mine;
    }
    __syncthreads();
    ClsWord before = 0, total = 0, differ = 0;
#pragma unroll
    for (u32 k = 0; k < GROSR_NWARPS; ++k) {
        ClsWord c = sh.cls_count[k];
        differ |= c & kDiffer;
        c &= ((ClsWord)1 << (3 * F)) - 1;
        total += c;
        if (k < warp) before += c;
    }
    u32 below = (1u << lane) - 1;
#pragma unroll
    for (u32 r = 0; r < R; ++r) {
        u32 i = (warp * R + r) * 32 + lane;
        if (w[r] == 0) sh.idx_thread[(u32)(before & kField) + __popc(bt[r] & below)] = (u16)i;
        if (w[r] == 1) sh.idx_warp[(u32)(before >> F & kField) + __popc(bw[r] & below)] = (u16)i;
        if (w[r] == 2) sh.idx_block[(u32)(before >> (2 * F) & kField) + __popc(bb[r] & below)] = (u16)i;
        if (r + 1 < R) before += cls_fields(bt[r], bw[r], bb[r]);
    }
    if (warp == 0 && lane == 0) {
        sh.n_thread = (u32)(total & kField);
        sh.n_warp = (u32)(total >> F & kField);
        sh.n_block = (u32)(total >> (2 * F) & kField);
        sh.batch_job = GROSR_ONE_JOB_FAST && !differ ? job0 : GROSR_NO_JOB;
    }
    __syncthreads();
}

// Warp level: applies +1 per entry [first, k) of the spawn stack of class prio to its job,
// aggregated across the warp.
__device__ inline void warp_count_spawned(const Params& P, BlockShared& sh, u32 prio, u32 k, u32 first) {
    for (u32 base = first; base < k; base += 32) {
        u32 i = base + lane_id();
        u32 job = i < k ? hdr_job(stack_entry(P, sh, prio, i)[0]) : 0xFFFFFFFFu;
        u32 peers = __match_any_sync(0xffffffffu, job);
        if (job != 0xFFFFFFFFu && lane_id() == __ffs(peers) - 1) red_add(&P.jobs[job], (u64)__popc(peers));
    }
}

// Warp level (the poller): runs the express task whose header and first argument word are xh, xa
// (invariant 7 in grosr.cuh), if this warp wins its CAS. Thread-width tasks run on lane 0, warp-width
// ones on the whole warp (the host never sends block-width ones). Returns false only when it ran the
// task and the task spawned nothing (the case after which the caller may watch for the next one).
__device__ inline bool warp_run_express(const Params& P, BlockShared& sh, u64 xh, u64 xa, u64 seen, BlockStats& bs) {
    u32 lane = lane_id();
    u32 won = 0;
    if (lane == 0) {
        // Exactly once: with GROSR_EXPRESS_CAS the sequence moves from seen to seen + 1 once,
        // whichever block polls; without, only the role's holder gets here (invariant 7).
        won = GROSR_EXPRESS_CAS ? atom_cas(&P.st->express_seen, seen, seen + 1) == seen : 1u;
    }
    if (!__shfl_sync(0xffffffffu, won, 0)) return true;
    GROSR_PROF_MARK(5);
    u32 job = hdr_job(xh), type = hdr_type(xh);
    // A thread-width task runs on lane 0 alone, which also writes the descriptor, the counts and
    // the done word: program order orders them, and the warp's barriers (which wait for the lane's
    // outstanding memory operations) come after the done word. A warp-width task needs them first.
    bool wide = grosr_type_width(type) == 1;
    if (lane == 0) {
        u64 w[GROSR_DESC_WORDS];
        w[0] = xh;
        w[1] = xa;
        // Larger descriptors: the rest after an acquire fence (the host wrote it before the header).
        if (GROSR_DESC_WORDS > 2) load_host_desc(P.ctrl + GROSR_CTRL_EXPRESS, w, true);
#pragma unroll
        for (int j = 0; j < GROSR_DESC_WORDS; ++j) sh.express[j] = w[j];
        // In shared memory, not a register live across the task.
        sh.express_next = seen + 1;
        // Fetched, not outstanding: the job's quiescence records must count it, and it has no
        // decrement to pair with. Issued before the task runs, so before any spawn of it is counted.
        red_add(&P.jobs[job], 1ull << GROSR_JOB_FETCHED_SHIFT);
        // This block's statistics, as reductions issued before the task (no load, and nothing
        // left for the release after the task to wait for but the task's own writes).
        red_add(&bs.executed[type], 1ull);
        red_add(&bs.fetched_host, 1ull);
    }
    // Nothing else writes these while this warp runs the task (the other warps wait for a batch).
    u32 before[GROSR_NPRIO];
#pragma unroll
    for (int p = 0; p < GROSR_NPRIO; ++p) before[p] = sh.local_n[p];
    u32 direct_before = sh.direct;
    // Warp-width: the descriptor and the count come before the task (and its spawns) for every lane.
    if (wide) __syncwarp();
    GROSR_PROF_MARK(7);
    if (lane == 0 || wide) {
        Ctx ctx(P, &sh, sh.express);
        grosr_dispatch(type, ctx, sh.express + 1);
    }
    if (!wide && lane == 0) {
        // Thread-width: if the task spawned nothing, its done word goes out now.
        bool spawned0 = sh.direct != direct_before;
#pragma unroll
        for (int p = 0; p < GROSR_NPRIO; ++p) spawned0 |= sh.local_n[p] != before[p];
#if GROSR_PROF
        sh.prof_t[8] = sh.prof_t[6] = clock64();
#endif
        // Release at system scope: the task's writes and the statistics are visible to the host
        // before it sees the task done.
        if (!spawned0) st_release_sys(&P.ctrl[GROSR_CTRL_EXPRESS_DONE], (u64)hdr_stamp(xh));
#if GROSR_PROF
        sh.prof_t[9] = clock64();
#endif
    }
    __syncwarp();
    if (wide) GROSR_PROF_MARK(8);
    // Count the spawns that stayed in this block's stack now (those that went to a device queue
    // were counted when pushed): the leader loop may run them before any phase C would count them.
    // spawn_on pushes were counted when pushed, but they are spawns all the same.
    bool spawned = sh.direct != direct_before;
#pragma unroll
    for (int p = 0; p < GROSR_NPRIO; ++p) {
        u32 now = sh.local_n[p];
        spawned |= now != before[p];
        u32 end = min(now, (u32)GROSR_STACK_CAP);
        if (end > before[p]) warp_count_spawned(P, sh, p, end, before[p]);
    }
    __syncwarp();
    if (lane == 0) {
#pragma unroll
        for (int p = 0; p < GROSR_NPRIO; ++p) {
            u32 c = min(sh.local_n[p], (u32)GROSR_STACK_CAP);
            sh.local_n[p] = c;
            sh.local_start[p] = c;  // counted above: phase C starts after them
        }
        if (wide) {
#if GROSR_PROF
            sh.prof_t[6] = clock64();
#endif
            // Release at system scope: every lane's writes (ordered by the __syncwarp above) and
            // the statistics are visible to the host before it sees the task done.
            if (!spawned) st_release_sys(&P.ctrl[GROSR_CTRL_EXPRESS_DONE], (u64)hdr_stamp(xh));
#if GROSR_PROF
            sh.prof_t[9] = clock64();
#endif
        }
        if (!GROSR_EXPRESS_CAS) {
            // Taken (invariant 7): relaxed, the role's holder is the only writer; the release fence
            // orders it before this block's later writes, the role's handoff among them.
            st_relaxed_gpu(&P.st->express_seen, sh.express_next);
            fence_release_gpu();
        }
    }
    __syncwarp();
    return spawned;
}

// Warp level, the poller: runs the express task xh, xa (invariant 7). Without GROSR_EXPRESS_CAS it
// keeps the role (a long task is covered by the other blocks' polls once the last poll is older
// than GROSR_POLL_NS); with it, the role goes first and the task runs if the claim wins.
__device__ inline bool warp_take_express(const Params& P, BlockShared& sh, u64 xh, u64 xa, u64 seen, BlockStats& bs,
                                         bool& poller) {
    // With the CAS protocol the role goes first; without, the poller keeps it (invariant 7).
    if (GROSR_EXPRESS_CAS) {
        if (lane_id() == 0) atom_exch(&P.st->poll_owner, 0u);
        poller = false;
    }
#if GROSR_PROF
    u64 t_x = clock64(), ns_x = globaltimer_ns();
#endif
    bool spawned = warp_run_express(P, sh, xh, xa, seen, bs);
#if GROSR_PROF
    u64 t_end = clock64(), ns_end = globaltimer_ns();
    if (lane_id() == 0) {
        atomicAdd(&grosr_prof[GROSR_PROF_EXPRESS], t_end - t_x);
        atomicAdd(&grosr_prof[GROSR_PROF_EXPRESS_NS], ns_end - ns_x);
        atomicAdd(&grosr_prof[GROSR_PROF_EXPRESS_N], 1ull);
        // From the start of the round whose poll found it.
        atomicAdd(&grosr_prof[GROSR_PROF_EXPRESS_ROUND], t_x - sh.prof_round);
        const u64* t = sh.prof_t;
        atomicAdd(&grosr_prof[GROSR_PROF_X_LOAD], t[1] - sh.prof_round);
        atomicAdd(&grosr_prof[GROSR_PROF_X_PRE], t[2] - t[1]);
        atomicAdd(&grosr_prof[GROSR_PROF_X_HOST], t[4] - t[2]);
        atomicAdd(&grosr_prof[GROSR_PROF_X_SPEC], t[3] - t[4]);
        atomicAdd(&grosr_prof[GROSR_PROF_X_GAP], t_x - t[3]);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_CAS], t[5] - t_x);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_TASK], t[6] - t[5]);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_REL], t_end - t[6]);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_PRE], t[7] - t[5]);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_DISPATCH], t[8] - t[7]);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_POST], t[6] - t[8]);
        atomicAdd(&grosr_prof[GROSR_PROF_RUN_DONE], t[9] - t[6]);
    }
#endif
    return spawned;
}

#if GROSR_POLLER_WATCH
// Warp level, the watching poller (warp_poller_watch): for every ring in `rings` (bits), claims the
// slot at its head (sh.watch_head) if the look's snapshot of it (sh.watch_slot) shows it published
// (its stamp; the CAS fails if another block took it), highest class first, into sh.batch.
__device__ inline u32 warp_watch_claim(const Params& P, BlockShared& sh, u32 rings) {
    DevState* st = P.st;
    const u32 lane = lane_id();
    u32 n = 0;
    for (int p = GROSR_NPRIO - 1; p >= 0; --p) {
        u64 h = sh.watch_head[p];
        if (!((rings >> p) & 1u) || hdr_stamp(sh.watch_slot[p][0]) != (u32)(h + 1)) continue;
        u64 got = 0;
        if (lane == 0) got = atom_cas(&st->ing_head[p], h, h + 1) == h;
        if (!__shfl_sync(0xffffffffu, got, 0)) continue;
        if (lane == 0) {
            u64 w[GROSR_DESC_WORDS];
            w[0] = sh.watch_slot[p][0];
            w[1] = sh.watch_slot[p][1];
            // Larger descriptors: the rest after an acquire fence (the header came first).
            if (GROSR_DESC_WORDS > 2) load_host_desc(P.ring[p] + (h % GROSR_ING_CAP) * GROSR_DESC_WORDS, w, true);
#pragma unroll
            for (int j = 0; j < GROSR_DESC_WORDS; ++j) sh.batch[n][j] = w[j];
        }
        __syncwarp();
        warp_count_fetched(P, sh.batch + n, 1);
        if (lane == 0) {
            // Keep the mirror at or above the head (invariant 2: claims never pass it).
            red_max(&st->ing_mirror[p], h + 1);
            defer_chunk_done(P, sh, p, h, 1);
        }
        __syncwarp();
        n += 1;
    }
    return n;
}

// Warp level, the idle poller (instead of warp_poll_speculative): watches host memory with one flight
// of loads per look, and as few registers as it can (they count for the whole kernel). Lanes:
// 0..7 the control words (one 64-byte read of host memory), 8 the express slot's header and first
// argument word (one 16-byte snapshot), 9 + p the mirror of ring p's pub_tail, 13 + p and 17 + p
// this block's queue head and tail of class p, 21..23 the mirrors of words 5..7, 24 + p a snapshot
// of the slot at ring p's head as of the previous look (and that head anew), 28 express_seen.
// A full round costs an L2 round trip and a read of 32 slots per ring more (GROSR_PROF: ~4.9 us a
// round against ~2 us a look).
// Returns -1 when the express slot holds a new task (sh.watch_express: its header, first argument
// word, and the express_seen it was found with; the caller runs it); else the number of host tasks it claimed into sh.batch
// (the slot at a ring's head, when a new pub_tail shows it published), 0 when a full round must
// look (a ring or the control word moved, this block's queue has work, or GROSR_POLLER_STEAL_EVERY
// looks found nothing, so the full round steals).
__device__ inline int warp_poller_watch(const Params& P, BlockShared& sh, u64 probe) {
    DevState* st = P.st;
    const u32 lane = lane_id();
    // The load round's lane p holds ring p's head.
    if (lane < GROSR_NPRIO) sh.watch_head[lane] = probe;
    __syncwarp();
    for (u32 look = 0; look < GROSR_POLLER_STEAL_EVERY; ++look) {
        if (GROSR_POLLER_SLEEP_NS) __nanosleep(GROSR_POLLER_SLEEP_NS);
#if GROSR_PROF
        if (lane == 0) sh.prof_round = sh.prof_t[1] = sh.prof_t[2] = clock64();
#endif
        const u32 p = (lane - 9) & 3u, r = (lane - 24) & 3u;
        u64 a = 0, b = 0, c = 0;
        if (lane < 8) {
            // Relaxed system-scope polls; the acquire fence below comes before anything is used on
            // the strength of a new pub_tail.
            a = ld_relaxed_sys(&P.ctrl[lane]);
        } else if (lane == 8) {
            // One 16-byte snapshot (as in load_host_desc).
            ld_relaxed_sys_v2(P.ctrl + GROSR_CTRL_EXPRESS, a, b);
        } else if (lane >= 24 && lane < 24 + GROSR_NPRIO) {
            // Speculative snapshot (used only with its stamp, as in warp_poll_speculative); the
            // head for the next look (relaxed: a hint).
            const u64* slot = P.ring[r] + (sh.watch_head[r] % GROSR_ING_CAP) * GROSR_DESC_WORDS;
            ld_relaxed_sys_v2(slot, a, b);
            c = ld_relaxed_gpu(&st->ing_head[r]);
        } else {
            // Device words, relaxed: hints compared with the host's (takes re-read with acquire).
            const u64* w = nullptr;
            if (lane < 9 + GROSR_NPRIO) w = &st->ing_mirror[p];
            else if (lane >= 13 && lane < 13 + GROSR_NPRIO) w = &dq_hdr(P, blockIdx.x, (lane - 13) & 3u)->head;
            else if (lane >= 17 && lane < 17 + GROSR_NPRIO) w = &dq_hdr(P, blockIdx.x, (lane - 17) & 3u)->tail;
            else if (lane == 21) w = &st->bulk_hint;
            else if (lane == 22) w = &st->comp_consumed_cache;
            else if (lane == 23) w = &st->ctrl_mirror;
            else if (lane == 28) w = &st->express_seen;
            if (w) a = ld_relaxed_gpu(w);
        }
        // The express slot first: nothing else is on its latency path.
        u64 xh = __shfl_sync(0xffffffffu, a, 8), seen = __shfl_sync(0xffffffffu, a, 28);
        GROSR_PROF_MARK(4);
#if GROSR_PROF
        if (lane == 0) {
            atomicAdd(&grosr_prof[GROSR_PROF_POLL_N], 1ull);
            atomicAdd(&grosr_prof[GROSR_PROF_POLL], clock64() - sh.prof_round);
        }
#endif
        if (hdr_stamp(xh) == (u32)(seen + 1)) {
            // The caller runs it (sh.express holds header, first argument word and seen).
            u64 xa = __shfl_sync(0xffffffffu, b, 8);
            if (lane == 0) {
                sh.watch_express[0] = xh;
                sh.watch_express[1] = xa;
                sh.watch_express[2] = seen;
            }
            __syncwarp();
            GROSR_PROF_MARK(3);
            return -1;
        }
        // Lane i < 8: the device's view of control word i (ring mirrors; words 5..7 from lanes 21..23).
        u64 m = __shfl_sync(0xffffffffu, a, lane < GROSR_NPRIO ? 9 + lane : (lane + 16) & 31u);
        // Lane 13 + p: its queue's tail (from lane 17 + p).
        u64 tail = __shfl_sync(0xffffffffu, a, (lane + 4) & 31u);
        u32 rings = __ballot_sync(0xffffffffu, lane < GROSR_NPRIO && a > m);
        u32 moved = rings | __ballot_sync(0xffffffffu, (lane == GROSR_CTRL_COMP_CONSUMED && a > m) ||
                                                          ((lane == GROSR_CTRL_BULK || lane == GROSR_CTRL_WORD) && a != m));
        if (moved) {
            // Acquire at system scope, then raise the mirrors: consumers that see a raised mirror
            // (acquire) see the ring slots the host published before it (the fence's cumulativity).
            asm volatile("fence.acq_rel.sys;" ::: "memory");
            warp_mirror_host(P, lane < 8 ? a : 0);
        }
        if ((moved >> GROSR_CTRL_WORD) & 1u) return 0;
        if (rings) {
            if (lane >= 24 && lane < 24 + GROSR_NPRIO) {
                sh.watch_slot[r][0] = a;
                sh.watch_slot[r][1] = b;
            }
            __syncwarp();
            return (int)warp_watch_claim(P, sh, rings);
        }
        if (__any_sync(0xffffffffu, lane >= 13 && lane < 13 + GROSR_NPRIO && tail > a)) return 0;
        // Every lane has read watch_head (the slot addresses) before it changes.
        __syncwarp();
        if (lane >= 24 && lane < 24 + GROSR_NPRIO) sh.watch_head[r] = c;
        __syncwarp();
    }
    return 0;
}
#endif


// Lane 0, after taking host ring work: keeps the poller's reads ahead on for GROSR_SPEC_WINDOW_NS
// (a relaxed store, only when it extends the window by more than half: `until` is this round's view).
__device__ __forceinline__ void note_ring_work(DevState* st, u64 until) {
    if (GROSR_SPEC_WINDOW_NS == 0) return;
    u64 now = globaltimer_ns();
    if (until < now + GROSR_SPEC_WINDOW_NS / 2) st_relaxed_gpu(&st->spec_until_ns, now + GROSR_SPEC_WINDOW_NS);
}

// Warp level, the poller right after an express task that spawned nothing (invariant 7): watches the
// host for the next one with one PCIe read in flight at a time and nothing else between the reads
// (a latency-bound client submits its next task as soon as it sees the last one done; a full round
// would first spend ~1 us on device loads). Each look reads the control block (acquire, as in
// the poll) and the express slot's first 16 bytes (one snapshot), and this block's device queue
// words (issued after, so they return with the PCIe reads). Returns true with a new express task
// (stamp seen + 1) in sh.watch_express[0..1]. Returns false, for a full round, when a control word differs from the
// device's mirrors in `probe` (this round's load round: ring work, the bulk hint, stop), when this
// block's queue holds work, or after GROSR_EXPRESS_WATCH_LOOKS looks. Refreshes last_poll_ns (the
// other blocks' due-poll rule) with a reduction per look.
__device__ GROSR_EXPRESS_WATCH_INLINE bool warp_express_watch(const Params& P, BlockShared& sh, u64 probe, u64 seen) {
    u32 lane = lane_id();
    // Lane i < NPRIO: ring i's mirror; lane GROSR_CTRL_BULK: the bulk hint's; lane GROSR_CTRL_WORD:
    // the control word's (lanes 28 and 30 of the load round).
    u64 mirror = __shfl_sync(0xffffffffu, probe, lane < GROSR_NPRIO ? 8 + lane : lane == GROSR_CTRL_BULK ? 28 : 30);
    for (u32 look = 0; look < GROSR_EXPRESS_WATCH_LOOKS; ++look) {
#if GROSR_PROF
        if (lane == 0) sh.prof_round = clock64();
#endif
        u64 xh = 0, xa = 0, v = 0, q = 0;
        if (lane == 0) {
            ld_relaxed_sys_v2(P.ctrl + GROSR_CTRL_EXPRESS, xh, xa);
        }
        // Acquire, as in the poll: the express task's reads come after this look.
        v = warp_read_ctrl(P);
        if (lane >= 8 && lane < 8 + GROSR_NPRIO) q = ld_relaxed_gpu(&dq_hdr(P, blockIdx.x, lane - 8)->tail);
        if (lane >= 16 && lane < 16 + GROSR_NPRIO) q = ld_relaxed_gpu(&dq_hdr(P, blockIdx.x, lane - 16)->head);
        // GROSR_PROF: a look is the whole finding round, so its sub-phase marks all fall here.
        GROSR_PROF_MARK(1);
        GROSR_PROF_MARK(2);
        GROSR_PROF_MARK(4);
        GROSR_PROF_MARK(3);
        xh = __shfl_sync(0xffffffffu, xh, 0);
        xa = __shfl_sync(0xffffffffu, xa, 0);
        if (hdr_stamp(xh) == (u32)(seen + 1)) {
            // In shared memory, not through pointers to the caller's registers.
            if (lane == 0) {
                sh.watch_express[0] = xh;
                sh.watch_express[1] = xa;
            }
            __syncwarp();
            return true;
        }
        u64 head = __shfl_sync(0xffffffffu, q, (lane + 8) & 31u);
        bool moved = (lane < GROSR_NPRIO && v > mirror) ||
                     ((lane == GROSR_CTRL_BULK || lane == GROSR_CTRL_WORD) && v != mirror) ||
                     (lane >= 8 && lane < 8 + GROSR_NPRIO && q > head);
        if (__any_sync(0xffffffffu, moved)) return false;
        if (lane == 0) red_max(&P.st->last_poll_ns, globaltimer_ns());
    }
    return false;
}

// Leader warp: fills sh.batch; returns when it has tasks or the runtime stops.
__device__ inline void leader_build_batch(const Params& P, BlockShared& sh, bool& idle, u32& rng, BlockStats& bs) {
    DevState* st = P.st;
    u32 lane = lane_id();
    u32 backoff = 32;
    u64 idle_since = 0;
    bool poller = false;
    u32 poll_round = 0;
    for (;;) {
        u32 n = 0;
#if GROSR_PROF
        if (lane == 0) sh.prof_round = clock64();
#endif
        // One round of loads, all lanes at once (one L2 round trip instead of one per word): the
        // ingress heads and mirrors, this block's queue heads and tails, and the shared words the
        // decisions below need. Relaxed: these are hints; the takes re-read with acquire.
        u64 v = 0;
        {
            u32 p = lane & 7u;
            if (p < GROSR_NPRIO) {
                QueueHdr* q = dq_hdr(P, blockIdx.x, p);
                const u64* src = lane < 8 ? &st->ing_head[p] : lane < 16 ? &st->ing_mirror[p] : lane < 24 ? &q->head : &q->tail;
                v = ld_relaxed_gpu(src);
#if GROSR_STEAL_LONE_NS
                // Relaxed: a hint for thieves (warp_steal), the time of a busy round's look at the queue.
                if (!idle && lane >= 16 && lane < 24) st_relaxed_gpu(&q->owner_ns, globaltimer_ns());
#endif
            } else if (lane == 4) {
                v = ld_relaxed_gpu(&st->express_seen);
            } else if (lane == 5) {
                v = ld_relaxed_gpu(&st->spec_until_ns);
            } else if (lane == 28) {
                v = ld_relaxed_gpu(&st->bulk_hint);
            } else if (lane == 29) {
                v = ld_relaxed_gpu(&st->last_poll_ns);
            } else if (lane == 30) {
                v = ld_relaxed_gpu(&st->ctrl_mirror);
            } else if (lane == 31) {
                v = ((u64)ld_relaxed_gpu(&st->poll_owner) << 32) | ld_relaxed_gpu(&st->idle_blocks);
            }
        }
        u64 last_poll = __shfl_sync(0xffffffffu, v, 29);
        u64 ctrl = __shfl_sync(0xffffffffu, v, 30);
        u64 spec_until = __shfl_sync(0xffffffffu, v, 5);
        u64 owners = __shfl_sync(0xffffffffu, v, 31);
        // Other idle blocks: this one is still counted while it is idle (warp-uniform; lane 0
        // keeps it for phase C's spill).
        if (lane == 0) sh.idle_hint = (u32)owners - ((idle && (u32)owners > 0) ? 1u : 0u);
        GROSR_PROF_MARK(1);
        // The poller reads ring slots ahead only while the host uses the rings
        // (GROSR_SPEC_WINDOW_NS) and does not stream a bulk submission (its hint).
        bool ahead = poller && GROSR_POLL_SPEC && __shfl_sync(0xffffffffu, v, 28) == 0 &&
                     (GROSR_SPEC_WINDOW_NS == 0 || __shfl_sync(0xffffffffu, globaltimer_ns(), 0) < spec_until);
        // When no block is the poller (all busy), one reads the host's control block every
        // GROSR_POLL_NS (CAS-elected); the poller reads it in every speculative poll below.
        // (Also while a poller exists: one running a long express task keeps its role and stops
        // polling, invariant 7; an active poller refreshes last_poll_ns every round.)
        u32 due = 0;
        if (lane == 0 && !poller && (GROSR_EXPRESS_CAS == 0 || (owners >> 32) == 0)) {
            u64 now = globaltimer_ns();
            due = now > last_poll + GROSR_POLL_NS && atom_cas(&st->last_poll_ns, last_poll, now) == last_poll;
        }
        // Warp-uniform from here on: the ingress take below is a warp-level call.
        due = __shfl_sync(0xffffffffu, due, 0);
        if (due) ctrl = warp_poll_host(P);
        if (ctrl & GROSR_CTRL_STOP) {
            if (lane == 0) sh.stop = 1;
            break;
        }
        for (int p = GROSR_NPRIO - 1; p >= 0 && n < GROSR_BATCH; --p) {
            u64 ing_h = __shfl_sync(0xffffffffu, v, p), ing_m = __shfl_sync(0xffffffffu, v, 8 + p);
            u64 dq_h = __shfl_sync(0xffffffffu, v, 16 + p), dq_t = __shfl_sync(0xffffffffu, v, 24 + p);
            u32 room = GROSR_BATCH - n;
            u32 local = min(sh.local_n[p], (u32)GROSR_STACK_CAP);
            // Host work of this class first, but leave room for local work so neither starves.
            if (ing_m > ing_h || due) {
                u32 ing_max = local > 0 ? max(room / 2, 1u) : room;
                // Not in a stream: the bulk hint raised, or more than two batches' worth published
                // (the tail of a stream after the host lowered the hint).
                if (GROSR_INGRESS_MIN_TAKE && ing_m > ing_h && ing_m - ing_h <= 2 * GROSR_BATCH &&
                    __shfl_sync(0xffffffffu, v, 28) == 0) {
                    // The fair share among the other idle blocks this load round saw (the register,
                    // not sh.idle_hint, which lane 0 writes in this round), within a factor of two:
                    // a shift, not a division (which costs registers).
                    u32 avail = (u32)(ing_m - ing_h);
                    u32 others = (u32)owners - ((idle && (u32)owners > 0) ? 1u : 0u);
                    u32 share = avail >> (31 - __clz(others + 1));
                    ing_max = min(ing_max, max(share, GROSR_INGRESS_MIN_TAKE));
                }
                u32 got = warp_ingress_take(P, sh, p, sh.batch + n, ing_max);
                if (got && lane == 0) {
                    red_add(&bs.fetched_host, (u64)got);
                    note_ring_work(st, spec_until);
                }
                n += got;
            }
            u32 take = min(local, GROSR_BATCH - n);
            // LIFO: the newest spawns run first (depth first keeps the live set small).
#if GROSR_BLOCK_COPY
            // The whole block copies it after the batch is published (block_stack_to_batch).
            if (take > 0 && lane == 0) {
                u32 k = sh.copy_n++;
                sh.copy_prio[k] = p;
                sh.copy_from[k] = local - take;
                sh.copy_take[k] = take;
                sh.copy_dst[k] = n;
            }
#else
            warp_stack_to_batch(P, sh, p, local - take, take, sh.batch + n);
#endif
            if (lane == 0) {
                sh.local_n[p] = local - take;
                // Spawns of this iteration append from here; phase C counts them.
                sh.local_start[p] = local - take;
            }
            __syncwarp();
            n += take;
#if GROSR_BATCH == GROSR_BLOCK
            // (The loop below does the same for one round, but compiles the default batch's
            // scheduler to other register choices than the code its BFS numbers were measured on.)
            if (n < GROSR_BATCH && dq_t > dq_h) n += warp_dq_pop(P, blockIdx.x, p, sh.batch + n, GROSR_BATCH - n, dq_h, dq_t);
#else
            // One pop takes at most 256 slots (32 * GROSR_QUEUE_ROUNDS): a larger batch pops again
            // while it has room and the queue had more.
            for (u32 r = 0; r < GROSR_BATCH / GROSR_BLOCK && n < GROSR_BATCH && dq_t > dq_h; ++r) {
                u32 got = warp_dq_pop(P, blockIdx.x, p, sh.batch + n, GROSR_BATCH - n, r == 0 ? dq_h : 0, r == 0 ? dq_t : 0);
                n += got;
                if (got == 0) break;
            }
#endif
        }
        GROSR_PROF_MARK(10);
        // The poller steals only on every GROSR_POLLER_STEAL_EVERY-th round: the other idle blocks
        // steal, and its rounds stay short so host work is seen within one PCIe read or two.
        // With GROSR_POLLER_WATCH, the poller's full rounds come only after that many looks.
        bool may_steal = !poller || GROSR_POLLER_WATCH || (++poll_round % GROSR_POLLER_STEAL_EVERY) == 0;
        if (n == 0 && may_steal) {
            for (int p = GROSR_NPRIO - 1; p >= 0 && n == 0; --p) {
                n = warp_steal(P, p, sh.batch, GROSR_BATCH, rng);
                if (n && lane == 0) {
                    red_add(&bs.steals, 1ull);
                    red_add(&bs.stolen_tasks, (u64)n);
                }
            }
        }
        GROSR_PROF_MARK(11);
#if GROSR_POLLER_WATCH
        if (n == 0 && poller) {
            int got = warp_poller_watch(P, sh, v);
            if (got < 0) {
                warp_take_express(P, sh, sh.watch_express[0], sh.watch_express[1], sh.watch_express[2], bs, poller);
                // Look again at once (the task's spawns are local work now).
                continue;
            }
            n = (u32)got;
            if (n && lane == 0) red_add(&bs.fetched_host, (u64)n);
        }
#else
        if (n == 0 && poller) {
            u64 ctrl2 = 0, xh = 0, xa = 0;
            GROSR_PROF_MARK(2);
            n = warp_poll_speculative(P, sh, sh.batch, GROSR_BATCH, &ctrl2, v, !ahead, &xh, &xa);
            GROSR_PROF_MARK(3);
#if GROSR_PROF
            if (lane == 0) {
                atomicAdd(&grosr_prof[GROSR_PROF_POLL_N], 1ull);
                atomicAdd(&grosr_prof[GROSR_PROF_POLL], sh.prof_t[3] - sh.prof_round);
            }
#endif
            if (n && lane == 0) {
                red_add(&bs.fetched_host, (u64)n);
                note_ring_work(st, spec_until);
            }
            // A new express task (invariant 7): run it here, in the poller's own warp, but only when
            // this poll claimed nothing else: a long express task must not hold a batch of host
            // tasks hostage (the next poller takes it instead).
            u64 seen = __shfl_sync(0xffffffffu, v, 4);
            if (n == 0 && hdr_stamp(xh) == (u32)(seen + 1)) {
                for (;;) {
                    bool spawned = warp_take_express(P, sh, xh, xa, seen, bs, poller);
                    // Nothing spawned and still the poller: watch for the next express task.
                    if (!GROSR_EXPRESS_WATCH || spawned || !poller || !warp_express_watch(P, sh, v, seen + 1)) break;
                    seen += 1;
                    xh = sh.watch_express[0];
                    xa = sh.watch_express[1];
                }
                // Look again at once (the task's spawns are local work now).
                continue;
            }
        }
#endif
        if (n > 0) {
            if (lane == 0) {
                if (idle) red_add(&st->idle_blocks, 0u - 1u);
                if (poller) atom_exch(&st->poll_owner, 0u);
                if (idle_since) red_add(&bs.idle_ns, (u64)(globaltimer_ns() - idle_since));
                sh.n_batch = n;
            }
#if GROSR_STEAL_LONE_NS
            // Relaxed: a hint for thieves (warp_steal). Busy from now: a stamp that ages.
            if (idle && lane < GROSR_NPRIO) st_relaxed_gpu(&dq_hdr(P, blockIdx.x, lane)->owner_ns, globaltimer_ns());
#endif
            idle = false;
            __syncwarp();
            return;
        }
        // Idle: become the poller if nobody is, else back off.
        if (!idle) {
            idle = true;
            idle_since = globaltimer_ns();
            if (lane == 0) red_add(&st->idle_blocks, 1u);
#if GROSR_STEAL_LONE_NS
            // Relaxed: a hint for thieves (warp_steal). Idle: this block looks every round.
            if (lane < GROSR_NPRIO) st_relaxed_gpu(&dq_hdr(P, blockIdx.x, lane)->owner_ns, GROSR_OWNER_IDLE);
#endif
        }
        if (!poller) {
            u32 got = 0;
            // Only when the load round saw the role free: hundreds of idle blocks trying the CAS at
            // every wake-up would keep that line busy.
            if (lane == 0 && (owners >> 32) == 0) {
                got = atom_cas(&st->poll_owner, 0u, blockIdx.x + 1) == 0;
                // Acquire (invariant 7): the previous holder's express_seen before this block's
                // next read of it.
                if (got) asm volatile("fence.acq_rel.gpu;" ::: "memory");
            }
            poller = __shfl_sync(0xffffffffu, got, 0);
        }
        if (poller) {
            // (With GROSR_POLLER_WATCH, the watch sleeps between its looks.)
            if (GROSR_POLLER_SLEEP_NS && !GROSR_POLLER_WATCH) __nanosleep(GROSR_POLLER_SLEEP_NS);
        } else {
            __nanosleep(backoff);
            backoff = min(backoff * 2, GROSR_IDLE_SLEEP_MAX_NS);
        }
        if (idle_since && lane == 0) {
            u64 t = globaltimer_ns();
            red_add(&bs.idle_ns, (u64)(t - idle_since));
            idle_since = t;
        }
    }
    // Stopping.
    if (lane == 0) {
        if (idle) red_add(&st->idle_blocks, 0u - 1u);
        if (poller) atom_exch(&st->poll_owner, 0u);
        if (idle_since) red_add(&bs.idle_ns, (u64)(globaltimer_ns() - idle_since));
        sh.n_batch = 0;
    }
    idle = false;
}

}  // namespace grosr

// Initialises every device queue slot's sequence number (stamp = position) before the scheduler starts.
extern "C" __global__ void grosr_init_queues(const grosr::Params* __restrict__ Pp) {
    const grosr::Params& P = *Pp;
    u64 total = (u64)P.nblocks * GROSR_NPRIO * GROSR_DQ_CAP;
    for (u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (u64)gridDim.x * blockDim.x) {
        P.qslots[i * GROSR_DESC_WORDS] = i % GROSR_DQ_CAP;
    }
}

// The persistent scheduler. Launched with P.nblocks blocks of GROSR_BLOCK threads; exits when the host
// sets GROSR_CTRL_STOP.
#ifndef GROSR_MIN_BLOCKS_PER_SM
// Tuning: a minimum of resident blocks per SM for the compiler's register budget (0: none). Lets a
// GROSR_PROF build keep the occupancy of the build it measures.
#define GROSR_MIN_BLOCKS_PER_SM 0
#endif
#if GROSR_MIN_BLOCKS_PER_SM
#define GROSR_SCHED_BOUNDS __launch_bounds__(GROSR_BLOCK, GROSR_MIN_BLOCKS_PER_SM)
#else
#define GROSR_SCHED_BOUNDS __launch_bounds__(GROSR_BLOCK)
#endif
extern "C" __global__ void GROSR_SCHED_BOUNDS grosr_scheduler(const grosr::Params* __restrict__ Pp) {
    using namespace grosr;
    __shared__ BlockShared sh;
    __shared__ Params P;
    const u32 tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    if (tid == 0) P = *Pp;
    for (u32 i = tid; i < GROSR_NTYPES; i += GROSR_BLOCK) {
        sh.type_exec[i] = 0;
        sh.type_spawn[i] = 0;
    }
    if (tid < GROSR_NPRIO) {
        sh.local_n[tid] = 0;
        sh.local_start[tid] = 0;
        sh.high_water[tid] = 0;
    }
    if (tid == 0) {
        sh.stop = 0;
        sh.overflow = 0;
        sh.direct = 0;
        sh.idle_hint = 0;
        sh.n_claims = 0;
#if GROSR_BLOCK_COPY
        sh.copy_n = 0;
#endif
    }
    __syncthreads();
    BlockStats& bs = P.stats[blockIdx.x];
    bool idle = false;
    u32 rng = 0x9E3779B9u ^ (blockIdx.x * 0x85EBCA6Bu + 1);

#if GROSR_PROF
    // Thread 0's sums of this block (added to grosr_prof when it stops), in shared memory: as
    // registers they would count against every thread's budget and change the occupancy measured.
    // Busy iterations in parts: the load round, the sources (host, stack, own queue), stealing,
    // classifying; accounting: counts + statistics + fence, retirements, spills.
    __shared__ struct {
        u64 a, b, c, iters, tasks, t_built, t_run, pf[8], t_c, gt_built;
        u32 tr_i;
    } sp;
    if (tid == 0) memset(&sp, 0, sizeof(sp));
#endif
    for (;;) {
        // A. Build the batch.
        if (warp == 0) leader_build_batch(P, sh, idle, rng, bs);
        __syncthreads();
        if (sh.stop) break;
#if GROSR_BLOCK_COPY
        if (sh.copy_n) {
            block_stack_to_batch(P, sh, tid);
            __syncthreads();
            // Every thread read copy_n before the barrier; warp 0 notes the next batch's ranges.
            if (tid == 0) sh.copy_n = 0;
        }
#endif
        block_classify(sh, warp, lane);
#if GROSR_PROF
        if (tid == 0) {
            sp.t_built = clock64();
            sp.gt_built = globaltimer_ns();
            sp.a += sp.t_built - sh.prof_round;
            sp.iters += 1;
            sp.tasks += sh.n_batch;
            sp.pf[0] += sh.prof_t[1] - sh.prof_round;
            sp.pf[1] += sh.prof_t[10] - sh.prof_t[1];
            sp.pf[2] += sh.prof_t[11] - sh.prof_t[10];
            sp.pf[3] += sp.t_built - sh.prof_t[11];
        }
#endif

        // B. Execute.
        // Thread-width tasks: entry k of the list on thread k % GROSR_BLOCK (several per thread
        // when the batch is larger than the block).
        for (u32 k = tid; k < sh.n_thread; k += GROSR_BLOCK) {
            const u64* d = sh.batch[sh.idx_thread[k]];
            Ctx ctx(P, &sh, d);
            u32 type = hdr_type(d[0]);
            grosr_dispatch(type, ctx, d + 1);
            // One shared atomic per type among the threads here (256 on one address serialise).
            u32 peers = __match_any_sync(__activemask(), type);
            if (lane == __ffs(peers) - 1) atomicAdd(&sh.type_exec[type], (u32)__popc(peers));
            if (GROSR_BATCH == GROSR_BLOCK) break;
        }
        for (u32 i = warp; i < sh.n_warp; i += GROSR_NWARPS) {
            const u64* d = sh.batch[sh.idx_warp[i]];
            Ctx ctx(P, &sh, d);
            grosr_dispatch(hdr_type(d[0]), ctx, d + 1);
            __syncwarp();
            if (lane == 0) atomicAdd(&sh.type_exec[hdr_type(d[0])], 1u);
        }
        for (u32 i = 0; i < sh.n_block; ++i) {
            const u64* d = sh.batch[sh.idx_block[i]];
            Ctx ctx(P, &sh, d);
            grosr_dispatch(hdr_type(d[0]), ctx, d + 1);
            __syncthreads();
            if (tid == 0) atomicAdd(&sh.type_exec[hdr_type(d[0])], 1u);
        }
        __syncthreads();
#if GROSR_PROF
        if (tid == 0) {
            sp.t_run = clock64();
            sp.b += sp.t_run - sp.t_built;
        }
#endif

        // C. Accounting: new local spawns first (+), then a barrier, then executed tasks (-).
        // A batch of one job (block_classify) takes one atomic for each, by thread 0, and warp 0
        // alone touches the stack's counts until the phase's last barrier: two barriers fewer.
        const u32 batch_job = sh.batch_job;
        const bool one_job = batch_job != GROSR_NO_JOB;
        if (one_job) {
            if (warp == 0) {
                if (lane < GROSR_NPRIO) sh.local_n[lane] = min(sh.local_n[lane], (u32)GROSR_STACK_CAP);
                __syncwarp();
                // Every spawn in the stack this iteration came from a task of the batch: that job.
                if (lane == 0) {
                    u32 spawned = 0;
                    for (u32 p = 0; p < GROSR_NPRIO; ++p) spawned += sh.local_n[p] - sh.local_start[p];
                    if (spawned) red_add(&P.jobs[batch_job], (u64)spawned);
                }
            }
        } else {
            if (tid < GROSR_NPRIO) sh.local_n[tid] = min(sh.local_n[tid], (u32)GROSR_STACK_CAP);
            __syncthreads();
            for (u32 p = 0; p < GROSR_NPRIO; ++p) {
                u32 first = sh.local_start[p], end = sh.local_n[p];
                for (u32 base = first + warp * 32; base < end; base += GROSR_BLOCK) {
                    u32 k = min(end, base + 32);
                    warp_count_spawned(P, sh, p, k, base);
                }
            }
        }
        // Per-type statistics of this iteration, flushed before the retirements below: a host that
        // saw a job finish then reads statistics that include its tasks (the fence below orders
        // these adds before the retirements). Reductions, not loads and stores: nothing waits for
        // an L2 round trip to read the old value.
        if (warp == 0) {
            for (u32 t = lane; t < GROSR_NTYPES; t += 32) {
                if (sh.type_exec[t]) red_add(&bs.executed[t], (u64)sh.type_exec[t]);
                if (sh.type_spawn[t]) red_add(&bs.spawned[t], (u64)sh.type_spawn[t]);
                sh.type_exec[t] = 0;
                sh.type_spawn[t] = 0;
            }
        }
        // Device scope, release only: every increment (and statistics store) is performed before
        // any decrement of this iteration (no acquire: it would invalidate L1 every iteration).
        fence_release_gpu();
        __syncthreads();
#if GROSR_PROF
        if (tid == 0) {
            sp.t_c = clock64();
            sp.pf[4] += sp.t_c - sp.t_run;
        }
#endif
        if (one_job) {
            // The spill below is warp 0's too: no barrier between.
            if (tid == 0) job_retire(P, batch_job, sh.n_batch);
        } else {
            u32 n = sh.n_batch;
            for (u32 base = warp * 32; base < n; base += GROSR_BLOCK) {
                u32 i = base + lane;
                u32 job = i < n ? hdr_job(sh.batch[i][0]) : 0xFFFFFFFFu;
                u32 peers = __match_any_sync(0xffffffffu, job);
                if (job != 0xFFFFFFFFu && lane == __ffs(peers) - 1) job_retire(P, job, __popc(peers));
            }
            __syncthreads();
        }
#if GROSR_PROF
        if (tid == 0) {
            u64 t = clock64();
            sp.pf[5] += t - sp.t_c;
            sp.t_c = t;
        }
#endif
        // Spill half of the local work when other blocks are idle, so they can steal it.
        if (warp == 0) {
            // Other blocks idle as of this iteration's start (read in the batch's load round).
            bool spill = sh.idle_hint > 0;
            for (u32 p = 0; p < GROSR_NPRIO; ++p) {
                u32 n = sh.local_n[p];
                bool spill_p = spill && n > GROSR_SPILL_KEEP;
                bool tier_half = GROSR_SPILL_TIER_HALF && n > GROSR_LOCAL_CAP + GROSR_OVF_CAP / 2;
                // The device-memory tier goes to the queue when others could steal it, or when the
                // stack is more than half full (so spawns rarely reach the contended fallback).
                if (n > GROSR_LOCAL_CAP && ((GROSR_SPILL_TIER && spill_p) || tier_half)) {
                    u32 m = n - GROSR_LOCAL_CAP;
                    const u64(*src)[GROSR_DESC_WORDS] =
                        reinterpret_cast<const u64(*)[GROSR_DESC_WORDS]>(ovf_slot(P, blockIdx.x, p, GROSR_LOCAL_CAP));
                    u32 pushed = warp_dq_push(P, blockIdx.x, p, src, m, &sh.high_water[p]);
                    // A full queue took only the bottom of the tier: move the rest down, in
                    // ascending chunks of 32 (a chunk's writes end below the next chunk's reads).
                    for (u32 base = 0; pushed > 0 && base < m - pushed; base += 32) {
                        u32 i = base + lane;
                        u64 w[GROSR_DESC_WORDS];
                        if (i < m - pushed) {
#pragma unroll
                            for (int j = 0; j < GROSR_DESC_WORDS; ++j) w[j] = src[pushed + i][j];
                        }
                        __syncwarp();
                        if (i < m - pushed) {
                            u64* d = ovf_slot(P, blockIdx.x, p, GROSR_LOCAL_CAP + i);
#pragma unroll
                            for (int j = 0; j < GROSR_DESC_WORDS; ++j) d[j] = w[j];
                        }
                        __syncwarp();
                    }
                    n -= pushed;
                }
                if (spill_p && n >= 2 && n <= GROSR_LOCAL_CAP) {
                    u32 half = n / 2;
                    // The oldest half: in tree-shaped work those are the largest subtrees.
                    u32 pushed = warp_dq_push(P, blockIdx.x, p, sh.local[p], half, &sh.high_water[p]);
                    // Move the rest down through the (now free) batch buffer: the ranges may overlap.
                    u32 rest = (n - pushed) * GROSR_DESC_WORDS;
                    for (u32 x = lane; x < rest; x += 32) {
                        sh.batch[x / GROSR_DESC_WORDS][x % GROSR_DESC_WORDS] =
                            sh.local[p][pushed + x / GROSR_DESC_WORDS][x % GROSR_DESC_WORDS];
                    }
                    __syncwarp();
                    for (u32 x = lane; x < rest; x += 32) {
                        sh.local[p][x / GROSR_DESC_WORDS][x % GROSR_DESC_WORDS] = sh.batch[x / GROSR_DESC_WORDS][x % GROSR_DESC_WORDS];
                    }
                    __syncwarp();
                    n -= pushed;
                }
                // Every lane has read local_n[p] before lane 0 rewrites it (shared memory).
                __syncwarp();
                if (lane == 0) {
                    sh.local_n[p] = n;
                    sh.local_start[p] = n;
                }
            }
            // Hand back the ring slots this iteration's batch was fetched from (its reads of them
            // are long complete: the batch has run).
            if (lane == 0) {
                for (u32 i = 0; i < sh.n_claims; ++i) {
                    ingress_chunk_done(P, sh.claim_cnt[i] >> 24, sh.claim_pos[i], sh.claim_cnt[i] & 0xFFFFFFu);
                }
                sh.n_claims = 0;
            }
            // The remaining statistics (reductions: no round trip).
            if (lane == 0) {
                red_add(&bs.iterations, 1ull);
                if (sh.overflow) red_add(&bs.spawn_overflow, (u64)sh.overflow);
                sh.overflow = 0;
            }
        }
        __syncthreads();
#if GROSR_PROF
        if (tid == 0) {
            u64 t = clock64();
            sp.c += t - sp.t_run;
            sp.pf[6] += t - sp.t_c;
            if (blockIdx.x < GROSR_TRACE_BLOCKS) {
                unsigned long long* e = grosr_trace[blockIdx.x][sp.tr_i++ % GROSR_TRACE_N];
                e[0] = sp.gt_built;
                // Build with its load round (high half), execute with the sources' part of the build.
                e[1] = (sp.t_built - sh.prof_round) | ((sh.prof_t[1] - sh.prof_round) << 32);
                e[2] = (sp.t_run - sp.t_built) | ((sh.prof_t[10] - sh.prof_t[1]) << 32);
                e[3] = (t - sp.t_run) | ((u64)sh.n_batch << 32);
            }
        }
#endif
    }
    if (tid < GROSR_NPRIO) bs.queue_high_water[tid] = sh.high_water[tid];
#if GROSR_PROF
    if (tid == 0) {
        atomicAdd(&grosr_prof[GROSR_PROF_ITERS], sp.iters);
        atomicAdd(&grosr_prof[GROSR_PROF_A], sp.a);
        atomicAdd(&grosr_prof[GROSR_PROF_B], sp.b);
        atomicAdd(&grosr_prof[GROSR_PROF_C], sp.c);
        atomicAdd(&grosr_prof[GROSR_PROF_TASKS], sp.tasks);
        if (blockIdx.x < GROSR_TRACE_BLOCKS) grosr_trace_n[blockIdx.x] = sp.tr_i;
        for (int k = 0; k < 7; ++k) atomicAdd(&grosr_prof[GROSR_PROF_SPLIT + k], sp.pf[k]);
        // The last block to stop prints the sums (device scope: the adds above come first).
        __threadfence();
        if (atomicAdd(&grosr_prof[GROSR_PROF_DONE], 1ull) + 1 == P.nblocks) {
            __threadfence();
            unsigned long long* g = grosr_prof;
            unsigned long long it = g[GROSR_PROF_ITERS] ? g[GROSR_PROF_ITERS] : 1, xn = g[GROSR_PROF_EXPRESS_N] ? g[GROSR_PROF_EXPRESS_N] : 1;
            printf("grosr_prof: %llu busy iterations, %llu tasks; cycles per iteration: build %llu, execute %llu, "
                   "account %llu; %llu express tasks, cycles each: round-to-run %llu, run %llu\n",
                   g[GROSR_PROF_ITERS], g[GROSR_PROF_TASKS], g[GROSR_PROF_A] / it, g[GROSR_PROF_B] / it,
                   g[GROSR_PROF_C] / it, g[GROSR_PROF_EXPRESS_N], g[GROSR_PROF_EXPRESS_ROUND] / xn, g[GROSR_PROF_EXPRESS] / xn);
            const unsigned long long* f = g + GROSR_PROF_SPLIT;
            printf("grosr_prof: build in parts: load round %llu, sources %llu, steal %llu, classify %llu; "
                   "account in parts: counts+fence %llu, retire %llu, spill %llu\n", f[0] / it, f[1] / it, f[2] / it,
                   f[3] / it, f[4] / it, f[5] / it, f[6] / it);
            u32 tb = min(P.nblocks, (u32)GROSR_TRACE_BLOCKS);
            unsigned long long last = 0, first = ~0ull;
            for (u32 b = 0; b < tb; ++b)
                for (u32 k = 0; k < min(grosr_trace_n[b], (u32)GROSR_TRACE_N); ++k) last = max(last, grosr_trace[b][k][0]);
            for (u32 b = 0; b < tb; ++b)
                for (u32 k = 0; k < min(grosr_trace_n[b], (u32)GROSR_TRACE_N); ++k)
                    if (grosr_trace[b][k][0] + GROSR_TRACE_WINDOW_NS >= last) first = min(first, grosr_trace[b][k][0]);
            for (u32 b = 0; b < tb; ++b)
                for (u32 k = 0; k < min(grosr_trace_n[b], (u32)GROSR_TRACE_N); ++k) {
                    const unsigned long long* e = grosr_trace[b][k];
                    if (e[0] + GROSR_TRACE_WINDOW_NS >= last)
                        printf("grosr_trace,%u,%llu,%llu,%llu,%llu,%llu,%llu,%llu\n", b, e[0] - first, e[1] & 0xFFFFFFFFull,
                               e[2] & 0xFFFFFFFFull, e[3] & 0xFFFFFFFFull, e[3] >> 32, e[1] >> 32, e[2] >> 32);
                }
            unsigned long long pn = g[GROSR_PROF_POLL_N] ? g[GROSR_PROF_POLL_N] : 1;
            printf("grosr_prof: express round: load %llu, to poll %llu, control block read %llu, rest of poll %llu, "
                   "to run %llu; run: claim %llu, task %llu, release %llu; %llu polls, %llu cycles each\n",
                   g[GROSR_PROF_X_LOAD] / xn, g[GROSR_PROF_X_PRE] / xn, g[GROSR_PROF_X_HOST] / xn, g[GROSR_PROF_X_SPEC] / xn,
                   g[GROSR_PROF_X_GAP] / xn, g[GROSR_PROF_RUN_CAS] / xn, g[GROSR_PROF_RUN_TASK] / xn,
                   g[GROSR_PROF_RUN_REL] / xn, g[GROSR_PROF_POLL_N], g[GROSR_PROF_POLL] / pn);
            unsigned long long xns = g[GROSR_PROF_EXPRESS_NS] ? g[GROSR_PROF_EXPRESS_NS] : 1;
            printf("grosr_prof: express run %llu ns each, SM clock over them %llu MHz; task phase: before %llu, "
                   "task %llu, spawn check %llu; done word's release %llu\n", g[GROSR_PROF_EXPRESS_NS] / xn,
                   g[GROSR_PROF_EXPRESS] * 1000ull / xns, g[GROSR_PROF_RUN_PRE] / xn, g[GROSR_PROF_RUN_DISPATCH] / xn,
                   g[GROSR_PROF_RUN_POST] / xn, g[GROSR_PROF_RUN_DONE] / xn);
        }
    }
#endif
}
