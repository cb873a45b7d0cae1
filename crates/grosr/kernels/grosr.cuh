// grosr.cuh: the device API of the grosr runtime (what task code sees) and the queue protocol.
//
// Levels: `Ctx` methods run at thread level (any thread of a task may call them); the queue
// functions named `warp_*` must be called by a whole warp; the scheduler loop (grosr_scheduler.cuh)
// runs at block level.
//
// The program NVRTC compiles is: a generated preamble (the GROSR_* constants below and one
// `grosr_type_<name>` constant per task type) + this header + the user's task sources + a generated
// dispatch + grosr_scheduler.cuh.
//
// ## Descriptors
// A task is a descriptor of GROSR_DESC_WORDS 64-bit words: word 0 is the header
//   bits  0..31 stamp (sequence number, see below) | 32..47 job slot | 48..55 type | 56..63 priority
// and words 1.. hold the task's argument struct (at most GROSR_ARGS_BYTES, 8-byte aligned).
//
// ## Queue protocol (invariants)
// 1. Ingress rings (one per priority class) live in mapped pinned host memory; the host is the only
//    producer. The host writes a descriptor's argument words, then its header with stamp = pos + 1
//    (truncated to 32 bits), then publishes `pub_tail[prio] = end` (release). Positions are 64-bit and
//    never wrap; slot = pos % GROSR_ING_CAP.
// 2. Device consumers claim published positions [head, head + n) of a ring with a CAS on the
//    device-memory `ing_head[prio]`, never past the device's mirror of pub_tail (`ing_mirror`), so a
//    claimed slot is always fully written. The idle "poller" block may read slots past the mirror
//    speculatively; it uses a slot only when its stamp equals pos + 1 and its CAS claim succeeds.
// 3. The host may rewrite a ring slot only when the device has consumed its whole chunk
//    (GROSR_ING_CHUNK slots) in the previous lap: consumers add what they read to a monotonic per-chunk
//    counter `ing_chunk_done`, and the one that completes lap L writes `chunk_free[c] = L + 1` to host
//    memory (release: its reads of the slots are done before the host may overwrite them).
// 4. Device queues (one per block per priority, in device memory) are bounded MPMC rings with
//    per-slot sequence numbers in the stamp field (Vyukov): slot of position pos is free for a producer
//    when stamp == pos, holds a task when stamp == pos + 1, and is released by its consumer with
//    stamp = pos + GROSR_DQ_CAP. Producers reserve positions with a CAS on `tail` that never passes
//    head + capacity; consumers (the owner block and thieves) copy a ready prefix and then CAS `head`.
//    Thieves leave a queue's lone task to an owner that is idle or looked at the queue within
//    GROSR_STEAL_LONE_NS (QueueHdr::owner_ns).
//    Positions are 64-bit: no ABA.
// 5. Job accounting (exact termination): jobs[j] = fetched << 36 | outstanding. A task is counted in
//    `outstanding` before any other block can see it (host tasks when fetched, device tasks before they
//    leave their block's spawn stack (shared memory, then the block-private device-memory tier),
//    before they are pushed when they go straight to a device queue (`spawn_on`: one reduction per
//    warp and job by one lane, then __syncwarp before the peers push; a full stack), or,
//    for those that stay in the stack, in the same iteration's positive phase),
//    and uncounted after it completed. A block applies all its positive deltas, then a barrier, then
//    its negative ones, so `outstanding` never reaches 0 while a task of the job exists (a batch
//    whose tasks all belong to one job does each as one atomic by thread 0, with the release fence
//    and the barrier between). The thread
//    whose decrement reaches 0 appends a "quiescent" record carrying `fetched` (28 bits, modular); the
//    host declares the job done when that equals the number of tasks it submitted to the job.
// 6. Completion records (device -> host) go to a pinned ring: a writer claims a slot with a
//    device-memory counter, waits until the host has consumed far enough (`comp_consumed`), writes the
//    payload word and then the header word with stamp = slot + 1 (release).
// 7. Express slot (the latency path for one task submitted while nothing else runs): the host writes
//    the descriptor's arguments, then its header with stamp = express sequence number s (release),
//    only after the previous express task's job has finished. Only the poller (the block holding
//    `poll_owner`, an exclusive role) reads the slot, with the control line, and runs a task whose
//    stamp is `express_seen` + 1 in its own warp, keeping the role while it runs; it then raises
//    `express_seen` to s and a release fence orders that before any later handoff of the role, and a
//    block that takes the role (CAS) acquires before its next read of `express_seen`: so exactly
//    once, without a claim on the task's path (GROSR_EXPRESS_CAS=1: the earlier protocol, a CAS of
//    `express_seen` from s - 1 to s and the role handed off before the run). While a poller runs a
//    long task, the other blocks refresh the host mirrors themselves once the last poll is older
//    than GROSR_POLL_NS. The poller counts the task as fetched in its job (not as outstanding), and
//    counts the task's spawns before any of them can run. A task that spawned nothing leaves its job
//    quiescent: the poller writes s to GROSR_CTRL_EXPRESS_DONE (release at system scope: the task's effects and any
//    failure record it appended are visible first). A task that spawned reports through its job's
//    quiescence record like any other. After a task that spawned nothing, the poller (still holding
//    the role, with `seen` = s in a register) may watch the slot with back-to-back reads of the
//    control line and the slot (GROSR_EXPRESS_WATCH) and run the next task of stamp s + 1 the same
//    way; any change of a control word against the device's mirrors, or work in its own device
//    queue, ends the watch for a full round.
#pragma once
#include "grosr_sync.cuh"

#ifndef GROSR_DESC_WORDS
#define GROSR_DESC_WORDS 4
#endif
#ifndef GROSR_NPRIO
#define GROSR_NPRIO 2
#endif
#ifndef GROSR_BLOCK
#define GROSR_BLOCK 256
#endif
#ifndef GROSR_ING_CAP
#define GROSR_ING_CAP (1u << 16)
#endif
#ifndef GROSR_ING_CHUNK
#define GROSR_ING_CHUNK 256u
#endif
#ifndef GROSR_DQ_CAP
#define GROSR_DQ_CAP (1u << 12)
#endif
#ifndef GROSR_COMP_CAP
#define GROSR_COMP_CAP (1u << 14)
#endif
#ifndef GROSR_NTYPES
#define GROSR_NTYPES 1
#endif
#ifndef GROSR_MAX_JOBS
#define GROSR_MAX_JOBS 65536u
#endif
#ifndef GROSR_INGRESS_PIPELINE
#define GROSR_INGRESS_PIPELINE 0
#endif
// Diagnostics (GROSR_PROF=1 in the host's environment when the runtime is built; off by default):
// per-phase SM cycles of the scheduler's busy iterations and of express tasks, printed once by the
// last block to stop (grosr_scheduler.cuh).
#ifndef GROSR_PROF
#define GROSR_PROF 0
#endif
#ifndef GROSR_LOCAL_CAP
#define GROSR_LOCAL_CAP GROSR_BLOCK
#endif
// Spawns past the shared-memory stack go to a block-private stack tier in device memory (no
// contention: only its block touches it) before falling back to the shared device queues.
#ifndef GROSR_OVF_CAP
#define GROSR_OVF_CAP (8u * GROSR_BLOCK)
#endif
#define GROSR_STACK_CAP (GROSR_LOCAL_CAP + GROSR_OVF_CAP)
// Tasks a block takes per iteration (Builder::batch_capacity): 1, 2 or 4 per thread.
#ifndef GROSR_BATCH
#define GROSR_BATCH GROSR_BLOCK
#endif
static_assert(GROSR_BATCH == GROSR_BLOCK || GROSR_BATCH == 2 * GROSR_BLOCK || GROSR_BATCH == 4 * GROSR_BLOCK,
              "a batch is 1, 2 or 4 entries per thread");
#ifndef GROSR_SPAWN_AGG
// 1: spawns into the block's stack reserve their entries with one shared atomic per warp and class
// instead of one each.
#define GROSR_SPAWN_AGG 1
#endif
#ifndef GROSR_SPAWN_ON_AGG
// 1: spawns pushed to a device queue (spawn_on, stack overflow) count themselves in their job with
// one atomic per warp and job instead of one each.
#define GROSR_SPAWN_ON_AGG 1
#endif
#ifndef GROSR_BLOCK_COPY
// 1: a batch's entries from the spawn stack are copied by the whole block after the leader built
// the batch, not by the leader's warp while the block waits (larger batches only, by default).
#define GROSR_BLOCK_COPY (GROSR_BATCH > GROSR_BLOCK)
#endif
#define GROSR_MAX_CLAIMS (2 * GROSR_NPRIO)

#define GROSR_ARGS_BYTES ((GROSR_DESC_WORDS - 1) * 8)
#define GROSR_NWARPS (GROSR_BLOCK / 32)
#define GROSR_ING_CHUNKS (GROSR_ING_CAP / GROSR_ING_CHUNK)

// Completion record kinds.
#define GROSR_REC_QUIESCENT 1u
#define GROSR_REC_FAILED 2u
// Failure codes the runtime itself reports (user codes are below 0xFFFF0000).
#define GROSR_ERR_QUEUE_FULL 0xFFFF0001u

// Control word bits (host -> device).
#define GROSR_CTRL_STOP 1ull

// A job id no task has (job ids are 16 bits): "none" / "several" in per-batch job bookkeeping.
#define GROSR_NO_JOB 0xFFFFFFFFu
#define GROSR_JOB_FETCHED_SHIFT 36
#define GROSR_JOB_OUT_MASK ((1ull << GROSR_JOB_FETCHED_SHIFT) - 1)

// Task declaration: GROSR_TASK(name, Args) { ... uses ctx and args ... }
#define GROSR_TASK(name, Args)                                                        \
    typedef Args grosr_args_##name;                                                   \
    __device__ __noinline__ void grosr_task_##name(grosr::Ctx& ctx, const Args& args)
#define GROSR_TYPE(name) grosr_type_##name

// Dynamic shared memory of a scheduler block for block-width tasks (Builder::task_shared_bytes):
// GROSR_TASK_SHARED_BYTES bytes, 16-byte aligned, through grosr::task_shared(). One block-width task
// runs on a block at a time; what it leaves there is not kept for the next task.
#ifndef GROSR_TASK_SHARED_BYTES
#define GROSR_TASK_SHARED_BYTES 0u
#endif
extern __shared__ __align__(16) unsigned char grosr_task_smem_[];

namespace grosr {

__device__ __forceinline__ void* task_shared() { return grosr_task_smem_; }

// The control block in host memory. Line 0 (one 64-byte line the device reads in one go):
// words [0, NPRIO): pub_tail per ring; word 5: bulk-submission hint; word 6: completion records
// consumed by the host; word 7: control. Line 1 (words 8..15): the express slot, one descriptor whose
// stamp is the express sequence number (invariant 7). Word 16 (device -> host): the stamp of the
// last express task that finished without spawning.
// The host's pub_tail words, the bulk hint and the scheduler's one-load round (lanes 28..31 hold
// other words) all assume at most 4 classes, the most the host allows.
static_assert(GROSR_NPRIO >= 1 && GROSR_NPRIO <= 4, "1 to 4 priority classes");
#define GROSR_CTRL_BULK 5  // nonzero while the host streams a large submission (a hint)
#define GROSR_CTRL_COMP_CONSUMED 6
#define GROSR_CTRL_WORD 7
#define GROSR_CTRL_EXPRESS 8
#define GROSR_CTRL_EXPRESS_DONE 16
static_assert(GROSR_DESC_WORDS <= 8, "the express slot holds one descriptor in words 8..15");

// Device-global mutable state (device memory), one instance.
struct DevState {
    u64 ing_head[GROSR_NPRIO];
    u64 pad0[16 - GROSR_NPRIO];
    u64 ing_mirror[GROSR_NPRIO];
    u64 pad1[16 - GROSR_NPRIO];
    u64 comp_claim;
    u64 comp_consumed_cache;
    u64 pad2[14];
    // Written by idle blocks as they come and go (atomics): a line of its own, apart from the words
    // the poller reads in every look below.
    u32 idle_blocks;
    u32 poll_owner;
    u64 last_poll_ns;
    u64 pad3[14];
    u64 ctrl_mirror;
    u64 bulk_hint;  // last seen GROSR_CTRL_BULK word
    u64 express_seen;  // stamp of the last express task taken (invariant 7)
    u64 spec_until_ns;  // the poller reads ring slots ahead until then (host ring work seen lately)
    u64 pad4[12];
};
// The host allocates DEV_STATE_WORDS (runtime/mod.rs) words for it.
static_assert(sizeof(DevState) == 80 * 8, "DevState must stay 80 words (DEV_STATE_WORDS on the host)");

// A device queue's two counters, on separate lines so producers and consumers don't share one.
struct QueueHdr {
    u64 head;
    u64 owner_ns;  // the owner's last busy load round (globaltimer), or GROSR_OWNER_IDLE
    u64 pad0[14];
    u64 tail;
    u64 pad1[15];
};

// Per-block statistics, written only by their block.
struct BlockStats {
    u64 executed[GROSR_NTYPES];
    u64 spawned[GROSR_NTYPES];
    u64 fetched_host;
    u64 steals;
    u64 stolen_tasks;
    u64 idle_ns;
    u64 iterations;
    u64 spawn_overflow;
    u64 queue_high_water[GROSR_NPRIO];
};

// Everything the kernel needs, written once by the host before launch (device memory).
struct Params {
    u64* ring[GROSR_NPRIO];        // host, mapped: ingress descriptors
    u64* chunk_free[GROSR_NPRIO];  // host, mapped: per-chunk lap marks (device writes)
    u64* ctrl;                     // host, mapped: the control block
    u64* comp;                     // host, mapped: completion records, 2 words each
    u64* jobs;                     // device: GROSR_MAX_JOBS job words
    u64* ing_chunk_done;           // device: [NPRIO][ING_CHUNKS] monotonic counters
    DevState* st;                  // device
    QueueHdr* qhdr;                // device: [nblocks][NPRIO]
    u64* qslots;                   // device: [nblocks][NPRIO][DQ_CAP][DESC_WORDS]
    BlockStats* stats;             // device: [nblocks]
    u64* ovf;                      // device: [nblocks][NPRIO][OVF_CAP][DESC_WORDS], block-private
    u64 alloc_handle;              // device address of the slab allocator handle, or 0
    u32 nblocks;
    u32 pad;
};

__device__ __forceinline__ u64 make_header(u32 stamp, u32 job, u32 type, u32 prio) {
    return (u64)stamp | ((u64)(job & 0xFFFFu) << 32) | ((u64)(type & 0xFFu) << 48) | ((u64)(prio & 0xFFu) << 56);
}
__device__ __forceinline__ u32 hdr_stamp(u64 h) { return (u32)h; }
__device__ __forceinline__ u32 hdr_job(u64 h) { return (u32)(h >> 32) & 0xFFFFu; }
__device__ __forceinline__ u32 hdr_type(u64 h) { return (u32)(h >> 48) & 0xFFu; }
__device__ __forceinline__ u32 hdr_prio(u64 h) { return (u32)(h >> 56); }

// ---------------------------------------------------------------------------------------------
// Completion records (thread level).
__device__ inline void append_record(const Params& P, u32 kind, u32 job, u32 type, u64 value) {
    DevState* st = P.st;
    u64 slot = atom_add(&st->comp_claim, 1ull);
    // Backpressure: the slot is writable once the host consumed slot - CAP + 1 records. The cached
    // copy avoids a PCIe read per record; the host-written word is read (acquire) only when needed.
    u64 consumed = ld_relaxed_gpu(&st->comp_consumed_cache);
    while (slot >= consumed + GROSR_COMP_CAP) {
        consumed = ld_acquire_sys(&P.ctrl[GROSR_CTRL_COMP_CONSUMED]);
        red_max(&st->comp_consumed_cache, consumed);
        // A stopping host no longer reads records: drop this one rather than wait forever.
        if (ld_relaxed_sys(&P.ctrl[GROSR_CTRL_WORD]) & GROSR_CTRL_STOP) return;
        if (slot >= consumed + GROSR_COMP_CAP) __nanosleep(1000);
    }
    u64* rec = P.comp + 2 * (slot % GROSR_COMP_CAP);
    // Payload first (relaxed is enough: the release store of the header orders it before).
    asm volatile("st.relaxed.sys.global.u64 [%0], %1;" ::"l"(rec + 1), "l"(value) : "memory");
    u64 hdr = (u64)(u32)(slot + 1) | ((u64)(job & 0xFFFFu) << 32) | ((u64)(type & 0xFFu) << 48) | ((u64)(kind & 0xFFu) << 56);
    // Release at system scope: the host reading this header (acquire) then sees the payload.
    st_release_sys(rec, hdr);
}

// Applies -n to a job; the thread that brings `outstanding` to 0 reports quiescence.
__device__ inline void job_retire(const Params& P, u32 job, u32 n) {
    // Device scope is enough: every job-word update is an atomic on the same device word.
    u64 old = atom_add(&P.jobs[job], (u64)0 - (u64)n);
    if ((old & GROSR_JOB_OUT_MASK) == n) {
        append_record(P, GROSR_REC_QUIESCENT, job, 0, old >> GROSR_JOB_FETCHED_SHIFT);
    }
}

// ---------------------------------------------------------------------------------------------
// Device queues (invariant 4).
__device__ __forceinline__ u64* dq_slot(const Params& P, u32 block, u32 prio, u64 pos) {
    u64 q = (u64)block * GROSR_NPRIO + prio;
    return P.qslots + (q * GROSR_DQ_CAP + (pos & (GROSR_DQ_CAP - 1))) * GROSR_DESC_WORDS;
}
__device__ __forceinline__ QueueHdr* dq_hdr(const Params& P, u32 block, u32 prio) {
    return P.qhdr + (u64)block * GROSR_NPRIO + prio;
}

#ifndef GROSR_QUEUE_ROUNDS
// Warp-level queue pushes and pops handle 32 * this many slots per round with their loads in flight
// together (0: one slot per lane at a time, two round trips per 32 slots).
#define GROSR_QUEUE_ROUNDS 8
#endif

// Thread level: pushes one descriptor (header stamp ignored). False when the queue is full.
__device__ inline bool dq_push_one(const Params& P, u32 block, u32 prio, const u64* w) {
    QueueHdr* q = dq_hdr(P, block, prio);
    u64 t = ld_relaxed_gpu(&q->tail);
    for (;;) {
        u64 h = ld_acquire_gpu(&q->head);
        if (t - h >= GROSR_DQ_CAP) return false;
        u64 seen = atom_cas(&q->tail, t, t + 1);
        if (seen == t) break;
        t = seen;
    }
    u64* s = dq_slot(P, block, prio, t);
    // Wait for the slot's previous consumer to release it (stamp == pos): it finished copying.
    while (ld_acquire_gpu((const u32*)s) != (u32)t) __nanosleep(32);
    for (int i = 1; i < GROSR_DESC_WORDS; ++i) s[i] = w[i];
    u64 hdr = (w[0] & ~0xFFFFFFFFull) | (u64)(u32)(t + 1);
    // Release: the argument words are visible before a consumer sees the ready stamp.
    st_release_gpu(s, hdr);
    return true;
}

// Warp level: pushes n descriptors from `src` (shared memory, n <= any) in one reservation.
// Returns how many were pushed (fewer only when the queue is full).
__device__ inline u32 warp_dq_push(const Params& P, u32 block, u32 prio, const u64 (*src)[GROSR_DESC_WORDS], u32 n,
                                    u64* high_water) {
    QueueHdr* q = dq_hdr(P, block, prio);
    u32 lane = lane_id();
    u64 t = 0;
    u32 k = 0;
    if (lane == 0) {
        t = ld_relaxed_gpu(&q->tail);
        for (;;) {
            u64 h = ld_acquire_gpu(&q->head);
            u64 room = GROSR_DQ_CAP - (t - h);
            k = (u32)min((u64)n, room);
            if (k == 0) break;
            u64 seen = atom_cas(&q->tail, t, t + k);
            if (seen == t) {
                u64 depth = t + k - h;
                if (depth > *high_water) *high_water = depth;
                break;
            }
            t = seen;
        }
    }
    t = __shfl_sync(0xffffffffu, t, 0);
    k = __shfl_sync(0xffffffffu, k, 0);
#if GROSR_QUEUE_ROUNDS
    // Rounds of 32 * R slots: every stamp check of a round in flight at once, then the argument
    // words, one release fence per lane, and the ready stamps (relaxed: the fence orders them after
    // the words). About two round trips a round, instead of two per 32 slots.
    constexpr u32 R = GROSR_QUEUE_ROUNDS;
    for (u32 base = 0; base < k; base += 32 * R) {
        u32 st[R];
#pragma unroll
        for (u32 r = 0; r < R; ++r) {
            u32 i = base + r * 32 + lane;
            // Acquire: the slot's previous consumer finished copying before its release stamp.
            st[r] = i < k ? ld_acquire_gpu((const u32*)dq_slot(P, block, prio, t + i)) : 0u;
        }
#pragma unroll
        for (u32 r = 0; r < R; ++r) {
            u32 i = base + r * 32 + lane;
            if (i < k) {
                u64* s = dq_slot(P, block, prio, t + i);
                // Still held by a consumer of the previous lap (rare): wait for its release.
                if (st[r] != (u32)(t + i)) {
                    while (ld_acquire_gpu((const u32*)s) != (u32)(t + i)) __nanosleep(32);
                }
                for (int w = 1; w < GROSR_DESC_WORDS; ++w) s[w] = src[i][w];
            }
        }
        // Release: this lane's argument words before any of its ready stamps.
        fence_release_gpu();
#pragma unroll
        for (u32 r = 0; r < R; ++r) {
            u32 i = base + r * 32 + lane;
            if (i < k) st_relaxed_gpu(dq_slot(P, block, prio, t + i), (src[i][0] & ~0xFFFFFFFFull) | (u64)(u32)(t + i + 1));
        }
    }
#else
    for (u32 i = lane; i < k; i += 32) {
        u64 pos = t + i;
        u64* s = dq_slot(P, block, prio, pos);
        while (ld_acquire_gpu((const u32*)s) != (u32)pos) __nanosleep(32);
        for (int w = 1; w < GROSR_DESC_WORDS; ++w) s[w] = src[i][w];
        // Release: argument words before the ready stamp.
        st_release_gpu(s, (src[i][0] & ~0xFFFFFFFFull) | (u64)(u32)(pos + 1));
    }
#endif
    return k;
}

// Warp level: pops up to `max` ready descriptors of queue (block, prio) into dst. Returns the count.
#ifndef GROSR_POP_HINT
// 1: a pop's first attempt starts from the head and tail its caller already read (the leader's load
// round, a steal's probe) instead of reading them again: two dependent round trips fewer. Stale
// hints only make the copy come up empty or the CAS fail, and the next attempt reads afresh.
#define GROSR_POP_HINT 1
#endif
__device__ inline u32 warp_dq_pop(const Params& P, u32 block, u32 prio, u64 (*dst)[GROSR_DESC_WORDS], u32 max,
                                  u64 h_hint = 0, u64 t_hint = 0) {
    QueueHdr* q = dq_hdr(P, block, prio);
    u32 lane = lane_id();
    for (int attempt = 0; attempt < 8; ++attempt) {
        u64 h = 0, t = 0;
        const bool hinted = GROSR_POP_HINT && attempt == 0 && t_hint > h_hint;
        if (hinted) {
            h = h_hint;
            t = t_hint;
        } else {
            if (lane == 0) {
                h = ld_acquire_gpu(&q->head);
                t = ld_acquire_gpu(&q->tail);
            }
            h = __shfl_sync(0xffffffffu, h, 0);
            t = __shfl_sync(0xffffffffu, t, 0);
        }
        if (t <= h) return 0;
        u32 want = (u32)min((u64)max, t - h);
        // Copy the ready prefix (invariant 4: copy first, then claim with CAS).
        u32 got = 0;
#if GROSR_QUEUE_ROUNDS
        // Every stamp of up to 32 * R slots read at once (acquire), then the ready prefix's words
        // copied with cp.async.cg (from L2: never a stale L1 line of the slot's previous lap; after
        // the acquire loads in program order, so ordered after them): two round trips, not two per
        // 32 slots. dst is shared memory (the batch).
        {
            constexpr u32 R = GROSR_QUEUE_ROUNDS;
            u32 n = min(want, 32u * R);
            u32 ok[R];
#pragma unroll
            for (u32 r = 0; r < R; ++r) {
                u32 i = r * 32 + lane;
                bool ready = i < n && ld_acquire_gpu((const u32*)dq_slot(P, block, prio, h + i)) == (u32)(h + i + 1);
                ok[r] = __ballot_sync(0xffffffffu, ready);
            }
            got = n;
#pragma unroll
            for (u32 r = R; r-- > 0;) {
                u32 lim = min(32u, n > r * 32 ? n - r * 32 : 0u);
                u32 full = lim == 32 ? 0xffffffffu : (1u << lim) - 1;
                if ((ok[r] & full) != full) got = r * 32 + (u32)(__ffs(~ok[r]) - 1);
            }
            constexpr u32 H = GROSR_DESC_WORDS / 2;
            for (u32 c = lane; c < got * H; c += 32) {
                u32 i = c / H, hf = c % H;
                const u64* s = dq_slot(P, block, prio, h + i) + 2 * hf;
                cp_async16_cg(&dst[i][2 * hf], s);
            }
            cp_async_wait_all();
        }
#else
        for (u32 base = 0; base < want; base += 32) {
            u32 i = base + lane;
            bool ready = false;
            if (i < want) {
                const u64* s = dq_slot(P, block, prio, h + i);
                // Acquire: seeing the ready stamp makes the producer's argument words visible.
                ready = ld_acquire_gpu((const u32*)s) == (u32)(h + i + 1);
                if (ready) {
                    // Relaxed at gpu scope, not plain loads: never served from a stale L1 line of
                    // this slot's previous lap, whatever the acquire above did to L1.
                    for (int w = 0; w < GROSR_DESC_WORDS; ++w) dst[i][w] = ld_relaxed_gpu(&s[w]);
                }
            }
            u32 ok = __ballot_sync(0xffffffffu, ready);
            u32 run = (~ok == 0) ? 32 : __ffs(~ok) - 1;
            got = base + min(run, want - base);
            if (run < 32) break;
        }
#endif
        // Shared memory: these copies (also the unclaimed ones past `got`, which the caller
        // overwrites from other lanes) are ordered before the warp's later writes to dst.
        __syncwarp();
        if (got == 0) {
            if (hinted) continue;  // perhaps a stale head: read it afresh
            return 0;
        }
        u64 seen = 0;
        if (lane == 0) {
            // Order the copies above before the claim becomes visible to producers (release only:
            // an acquire fence would invalidate L1 for nothing).
            fence_release_gpu();
            seen = atom_cas(&q->head, h, h + got);
        }
        seen = __shfl_sync(0xffffffffu, seen, 0);
        if (seen == h) {
#if GROSR_QUEUE_ROUNDS
            // Release: this lane's reads of the slots (complete) before their free stamps.
            fence_release_gpu();
            for (u32 i = lane; i < got; i += 32) st_relaxed_gpu((u32*)dq_slot(P, block, prio, h + i), (u32)(h + i + GROSR_DQ_CAP));
#else
            for (u32 i = lane; i < got; i += 32) {
                u64* s = dq_slot(P, block, prio, h + i);
                // Release the slot for the producer one lap later; our reads are complete.
                st_release_gpu((u32*)s, (u32)(h + i + GROSR_DQ_CAP));
            }
#endif
            return got;
        }
    }
    return 0;
}

// Entry i >= GROSR_LOCAL_CAP of a block's spawn stack (its device-memory tier).
__device__ __forceinline__ u64* ovf_slot(const Params& P, u32 block, u32 prio, u32 i) {
    u64 q = (u64)block * GROSR_NPRIO + prio;
    return P.ovf + (q * GROSR_OVF_CAP + (i - GROSR_LOCAL_CAP)) * GROSR_DESC_WORDS;
}

// block_classify's per-warp counts of each width, in three fields of GROSR_CLS_BITS bits, and a
// flag above them (the warp's entries are not all of one job). Every field holds up to GROSR_BATCH.
#if GROSR_BATCH > 2 * GROSR_BLOCK
typedef u64 ClsWord;
#define GROSR_CLS_BITS 16
#else
typedef u32 ClsWord;
#define GROSR_CLS_BITS 10
#endif

// ---------------------------------------------------------------------------------------------
// The per-block scheduler state that task contexts reach (shared memory).
// 16-byte aligned: the batch and the stack are copied 16 bytes a lane (warp_stack_to_batch).
struct __align__(16) BlockShared {
    u64 batch[GROSR_BATCH][GROSR_DESC_WORDS];
    u64 local[GROSR_NPRIO][GROSR_LOCAL_CAP][GROSR_DESC_WORDS];
    u32 local_n[GROSR_NPRIO];
    u32 local_start[GROSR_NPRIO];
    u32 n_batch, n_thread, n_warp, n_block;
    u32 batch_job;  // the job of every task in the batch, or GROSR_NO_JOB when they differ (phase C)
    // block_classify: per warp, its entries of each width. 16-byte aligned so that the vector loads
    // that read it (LDS.128) never cover batch_job, which warp 0 writes meanwhile (racecheck flagged
    // that read of a discarded word, session 15 run16-run17).
    __align__(16) ClsWord cls_count[GROSR_BLOCK / 32];
    u16 idx_thread[GROSR_BATCH];
    u16 idx_warp[GROSR_BATCH];
    u16 idx_block[GROSR_BATCH];
    u32 type_exec[GROSR_NTYPES];
    u32 type_spawn[GROSR_NTYPES];
    u32 overflow;
    u32 direct;     // spawn_on pushes so far (the express path tells from it whether its task spawned)
    u32 idle_hint;  // idle blocks seen by this iteration's load round (spill heuristic)
    u32 n_claims;   // ingress claims of this batch, handed back in phase C
#if GROSR_BLOCK_COPY
    // Stack ranges of this batch that the whole block copies into it (block_stack_to_batch).
    u32 copy_n;
    u32 copy_prio[GROSR_NPRIO], copy_from[GROSR_NPRIO], copy_take[GROSR_NPRIO], copy_dst[GROSR_NPRIO];
#endif
    u32 claim_cnt[GROSR_MAX_CLAIMS];  // count | prio << 24
    u64 claim_pos[GROSR_MAX_CLAIMS];
    u32 stop;
    u32 found;
    u64 high_water[GROSR_NPRIO];
    u64 express[GROSR_DESC_WORDS];  // the express task being run (its Ctx points here)
    u64 express_next;                // its stamp, for express_seen after the run (invariant 7)
    u64 watch_head[GROSR_NPRIO];     // the watching poller: each ring's head as of its last look
    u64 watch_slot[GROSR_NPRIO][2];  // and a snapshot of the slot there (header, first argument word)
    u64 watch_express[3];            // an express task it found: header, first argument word, seen
#if GROSR_PROF
    u64 prof_round;  // clock64 when the leader's last load round began (GROSR_PROF)
    u64 prof_t[12];  // clock64 marks within the round and an express run (GROSR_PROF_MARK)
#endif
};

// Stores a descriptor to a 16-byte aligned stack entry (shared memory or the device-memory tier),
// 16 bytes at a time.
static_assert(GROSR_DESC_WORDS % 2 == 0, "descriptors are whole 16-byte units");
__device__ __forceinline__ void store_desc(u64* d, const u64* w) {
#pragma unroll
    for (int i = 0; i < GROSR_DESC_WORDS; i += 2) reinterpret_cast<ulonglong2*>(d)[i / 2] = make_ulonglong2(w[i], w[i + 1]);
}

// What a task sees. Passed by reference to every task function.
class Ctx {
public:
    __device__ Ctx(const Params& p, BlockShared* sh, const u64* desc) : P(p), sh_(sh), desc_(desc) {}

    // The job this task belongs to (its spawns belong to it too).
    __device__ __forceinline__ u32 job() const { return hdr_job(desc_[0]); }
    // This task's type id and priority class.
    __device__ __forceinline__ u32 type() const { return hdr_type(desc_[0]); }
    __device__ __forceinline__ u32 priority() const { return hdr_prio(desc_[0]); }
    // Number of priority classes (spawn clamps to the highest).
    __device__ __forceinline__ static u32 priorities() { return GROSR_NPRIO; }

    // Spawns a task of type `type` (use GROSR_TYPE(name)) with `args` into this task's job.
    // Thread level. Returns false only when every queue it may use is full; the job then fails with
    // GROSR_ERR_QUEUE_FULL (the host sees it), so no task is ever silently lost.
    template <class A>
    __device__ bool spawn(u32 type, const A& args, u32 prio = 0) const {
        u64 w[GROSR_DESC_WORDS];
        prio = make_spawn(w, type, args, prio);
        return spawn_words(w, prio, type);
    }

    // Number of scheduler blocks (the blocks `spawn_on` addresses).
    __device__ __forceinline__ u32 blocks() const { return P.nblocks; }

    // Spawns like `spawn`, but straight into the device queue of scheduler block `block % blocks()`,
    // where that block takes it in its next iteration (or an idle block steals it). A task that fans
    // work out over the whole grid uses it: `spawn` keeps tasks in this block's stack, and they reach
    // other blocks only as those steal, a few at a time. Costs a device-scope atomic on the job and a
    // queue reservation (a shared-memory push for `spawn`). Thread level; false as for `spawn`.
    template <class A>
    __device__ bool spawn_on(u32 block, u32 type, const A& args, u32 prio = 0) const {
        u64 w[GROSR_DESC_WORDS];
        prio = make_spawn(w, type, args, prio);
        return spawn_to_queue<GROSR_SPAWN_ON_AGG>(w, prio, type, block % P.nblocks, false);
    }

    // Re-enqueues this task (same type and job) with new args, e.g. to yield the worker.
    template <class A>
    __device__ bool requeue(const A& args, u32 prio) const { return spawn(type(), args, prio); }

    // Marks this task failed with `code` (< 0xFFFF0000): its job's wait returns the error on the host.
    __device__ void fail(u32 code) const { append_record(P, GROSR_REC_FAILED, job(), type(), code); }

    // Device address of the slab allocator handle given to the runtime (0 when none).
    __device__ __forceinline__ u64 allocator() const { return P.alloc_handle; }

    const Params& P;

private:
    BlockShared* sh_;
    const u64* desc_;

    // Fills w with the descriptor of a spawn of `type` with `args` into this task's job; returns
    // the priority class, clamped to the highest.
    template <class A>
    __device__ __forceinline__ u32 make_spawn(u64 (&w)[GROSR_DESC_WORDS], u32 type, const A& args, u32 prio) const {
        static_assert(sizeof(A) <= GROSR_ARGS_BYTES, "task args are larger than the runtime's descriptor");
        static_assert(alignof(A) <= 8, "task args must be at most 8-byte aligned");
        if (prio >= GROSR_NPRIO) prio = GROSR_NPRIO - 1;
        w[0] = make_header(0, job(), type, prio);
#pragma unroll
        for (int i = 1; i < GROSR_DESC_WORDS; ++i) w[i] = 0;
        memcpy(&w[1], &args, sizeof(A));
        return prio;
    }

    __device__ bool spawn_words(const u64* w, u32 prio, u32 type) const {
#if GROSR_SPAWN_AGG
        // One shared-memory atomic (block scope is all that local spawns need) for the converged
        // lanes spawning into one class: 256 threads spawning at once serialise on local_n.
        u32 act = __activemask(), lane = lane_id();
        u32 peers = __match_any_sync(act, prio);
        u32 lead = __ffs(peers) - 1, base = 0;
        if (lane == lead) base = atom_add_shared(&sh_->local_n[prio], (u32)__popc(peers));
        u32 idx = __shfl_sync(act, base, lead) + __popc(peers & ((1u << lane) - 1));
#else
        // Shared-memory atomic: block scope is all that local spawns need.
        u32 idx = atom_add_shared(&sh_->local_n[prio], 1u);
#endif
        bool stacked = idx < GROSR_STACK_CAP;
        if (idx < GROSR_LOCAL_CAP) {
            store_desc(sh_->local[prio][idx], w);
        } else if (stacked) {
            // Plain stores: only this block reads its stack tier, after the phase barrier (global
            // writes are ordered for the block's threads by __syncthreads).
            store_desc(ovf_slot(P, blockIdx.x, prio, idx), w);
        }
#if GROSR_SPAWN_AGG
        // The type counts of the stacked spawns, one shared reduction per type among them.
        u32 same = __match_any_sync(act, stacked ? type : 0xFFFFFFFFu);
        if (stacked && lane == (u32)(__ffs(same) - 1)) red_add_shared(&sh_->type_spawn[type], (u32)__popc(same));
#else
        if (stacked) red_add_shared(&sh_->type_spawn[type], 1u);
#endif
        if (stacked) return true;
        // Both stack tiers full: publish to this block's device queue, else to other blocks' queues (a
        // task that spawns millions spreads them over the grid).
        return spawn_to_queue<false>(w, prio, type, blockIdx.x, true);
    }

    // Pushes a spawn to block `first`'s device queue, else (full) to up to 63 other blocks' queues.
    // kAgg (spawn_on, GROSR_SPAWN_ON_AGG): one reduction on the job for the converged lanes of a job
    // (a block task's hundreds of spawn_ons would queue at the job word, each push's release
    // waiting for its own). __syncwarp orders it (memory ordering among the participating lanes)
    // before every peer's push, whose release is cumulative. Not on the overflow path: there it
    // costs the scheduler registers (48 -> 64 in Exp B's program).
    template <bool kAgg>
    __device__ bool spawn_to_queue(const u64* w, u32 prio, u32 type, u32 first, bool overflow) const {
        // Count the task first (invariant 5): once pushed, another block may run and retire it.
        if (kAgg) {
            u32 peers = __match_any_sync(__activemask(), job());
            if (lane_id() == (u32)(__ffs(peers) - 1)) red_add(&P.jobs[job()], (u64)__popc(peers));
            __syncwarp(peers);
        } else {
            red_add(&P.jobs[job()], 1ull);
        }
        u32 stride = 1 + (threadIdx.x * 2654435761u) % (P.nblocks > 1 ? P.nblocks - 1 : 1);
        u32 tries = P.nblocks < 64 ? P.nblocks : 64;
        for (u32 k = 0, b = first; k < tries; ++k, b = (b + stride) % P.nblocks) {
            if (dq_push_one(P, b, prio, w)) {
                // An express task is not outstanding in its job, so the spawns it pushes may finish
                // the job before this block's next phase C flushes its counts: count those straight
                // into the block's statistics, before the push's release (invariant 7).
                if (desc_ == sh_->express) red_add(&P.stats[blockIdx.x].spawned[type], 1ull);
                else red_add_shared(&sh_->type_spawn[type], 1u);
                red_add_shared(overflow ? &sh_->overflow : &sh_->direct, 1u);
                return true;
            }
        }
        append_record(P, GROSR_REC_FAILED, job(), type, GROSR_ERR_QUEUE_FULL);
        job_retire(P, job(), 1);
        return false;
    }
};

}  // namespace grosr

// The generated part of the program (after the user's sources) defines
//   __device__ void grosr_dispatch(u32 type, grosr::Ctx& ctx, const u64* args);
//   __device__ u32 grosr_type_width(u32 type);   // 0 = thread, 1 = warp, 2 = block
