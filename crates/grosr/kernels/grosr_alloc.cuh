// grosr_alloc.cuh: grosr's device slab allocator (device API: grosr_malloc / grosr_free).
//
// Levels: `grosr_malloc` and `grosr_free` are called per thread from any kernel, in any control flow;
// inside, the threads of a warp that are converged at the call are aggregated (lanes asking for the
// same size class share one reservation; lanes freeing into the same bitmap word share one atomic).
// Functions named `leader_*` run on one thread (a group's leader).
//
// Layout (built by the host, crates/grosr/src/alloc.rs; docs/allocator.md has the full story):
// - The arena is cut into slabs of GROSR_SLAB_BYTES (128 KB), aligned to their size.
// - A global pool bitmap has one bit per slab (1 = taken). Small allocations (16 B .. 32 KB, 19 size
//   classes) take a slab for their class on demand and return it when it becomes empty; larger ones
//   take a run of whole slabs. Nothing is partitioned statically.
// - Per slab: `ctr` = header (high 32 bits: state | class << 8 | owner SM slot << 16) and count (low 32
//   bits: blocks allocated or reserved), plus a 128-word bitmap (bit i clear = block i is free for the
//   slow path; a fresh slab's bits are all set when it is attached, since its blocks are reserved).
// - Per SM slot and class: `current` = (slab index + 1) << 32 | handed-out count (0 = no slab). A
//   slab enters `current` fresh from the pool with its count preset to its capacity (all blocks
//   reserved by the attachment, and every bitmap bit set); allocating is one atomicAdd on `current`
//   that hands out the next block indices (bump allocation: no bitmap write, no search). The warp
//   that hands out the last index swaps in a fresh slab and detaches the old one. The fresh slab is
//   usually ready: the warp whose hand-out crosses half the capacity prepares one (takes it from the
//   pool, attaches it) into the SM's `next` word, so the other warps of the SM, which wait while
//   `current` is full, wait for two atomics instead of a pool search and an attachment. Frees clear the
//   block's bit and decrement the slab's count; a detached slab whose count reaches 0 returns to
//   the pool. When the pool is empty, allocation falls back to claiming clear bits in detached slabs
//   of its class that have room.
//
// Invariants:
// 1. While ATTACHED, a slab's count is capacity - (indices handed out) + live blocks, and blocks are
//    handed out only through `current` (each index once); its clear bits are freed blocks only, so
//    the slow path never reserves in an ATTACHED slab (its clear bits and its count would not
//    agree with the indices still to be handed out). Once DETACHED, every index was handed out or
//    given back (bit cleared, then count decremented, by whoever retired `current`), the clear bits
//    are exactly the free blocks, and count = live blocks + pending reservations; the slow path
//    reserves there (a unit of count added while the header showed DETACHED and this class) and
//    then claims a clear bit, which must exist because count <= capacity. Handing out sets no bit,
//    so no bit write of the fast path can be in flight when the slow path looks (the race an
//    allocator that marks bits after a bump hand-out has).
// 2. Every change to `ctr` is an atomic add or a CAS. Headers change by adding deltas, so a thread
//    that added to `count` on a stale slab (wrong class, FREE) stays balanced when it subtracts again.
// 3. A slab is ATTACHED while it is some SM's `current` or `next` for its class (exactly one word),
//    else DETACHED. A `next` slab has handed out nothing and nobody frees into it. Only the thread
//    that removed it from its word (the swapper, or an exchange or CAS that retires it) detaches
//    it, giving back the indices it never handed out.
// 4. A DETACHED slab with count 0 is released to the pool by whoever's CAS (DETACHED, c, o, 0) -> 0
//    succeeds; that thread alone clears its pool bit. Any thread whose atomic returns that value
//    tries the CAS, so the release is never doubled. A free into a slab it saw ATTACHED decrements
//    with a fire-and-forget reduction; if the slab was detached meanwhile and that decrement was its
//    last, the empty slab is found (and released) by the out-of-memory scan.
// 5. A pool bit is cleared only after the slab's header is FREE and its bitmap is all zero (fences
//    below), and is set (taken) before the new owner writes the header and sets the bitmap.
#pragma once
#include "grosr_sync.cuh"

#define GROSR_SLAB_SHIFT 17
#define GROSR_SLAB_BYTES (1u << GROSR_SLAB_SHIFT)
#define GROSR_SLAB_MASK (GROSR_SLAB_BYTES - 1u)
#define GROSR_SLAB_WORDS 128u       // bitmap words per slab: 8192 blocks of 16 B
#define GROSR_NCLASS 19u            // 16 B .. 32 KB
#define GROSR_NCLASS_SMALL 16u      // classes up to 4 KB
#define GROSR_MAX_CLASS_BYTES 32768u
#define GROSR_CUR_STRIDE 64u        // u64 entries per SM slot: `current` [0, 32), `next` [32, 64)
#define GROSR_NEXT_OFFSET 32u
#define GROSR_PREPARE_MIN_CAP 64u   // classes with fewer blocks per slab (>1 KB) swap straight from the pool
#define GROSR_STAT_STRIDE 48u       // u64 counters per SM slot
#define GROSR_GLOBAL_WORDS 32u

// Per-slot statistics (u64 offsets within a slot's stride).
#define GROSR_STAT_ALLOCS 0u                     // [NCLASS] slow-path allocations + hand-outs of detached slabs
#define GROSR_STAT_FREES GROSR_NCLASS            // [NCLASS] reserved: frees are derived on the host
#define GROSR_STAT_FAILURES (2u * GROSR_NCLASS)
#define GROSR_STAT_LARGE_ALLOCS (2u * GROSR_NCLASS + 1u)
#define GROSR_STAT_LARGE_FREES (2u * GROSR_NCLASS + 2u)
#define GROSR_STAT_DOUBLE_FREES (2u * GROSR_NCLASS + 3u)
#define GROSR_STAT_FOREIGN_FREES (2u * GROSR_NCLASS + 4u)
// Global counters (u64 offsets).
#define GROSR_GL_SLABS_IN_USE 0u
#define GROSR_GL_HIGH_WATER 1u
#define GROSR_GL_RUN_SLABS 2u
#define GROSR_GL_CLASS_SLABS 3u                  // [NCLASS]

// Slab states (header bits 0..3). ATTACHED = DETACHED + 1, so detaching subtracts one.
#define GROSR_ST_FREE 0u
#define GROSR_ST_DETACHED 1u
#define GROSR_ST_ATTACHED 2u
#define GROSR_ST_RUN 3u

namespace grosr_alloc {

// The handle the host builds (device memory, immutable after construction). 16 u64 words.
struct Handle {
    u64 base;          // arena start, GROSR_SLAB_BYTES-aligned
    u64 nslabs;
    u64* ctr;          // [nslabs]
    u64* bitmap;       // [nslabs][GROSR_SLAB_WORDS]
    u64* pool;         // [pool_words], 1 = taken; bits past nslabs are preset to 1
    u64 pool_words;
    u64* current;      // [nsm][GROSR_CUR_STRIDE]: current (slab + 1) << 32 | handed out; next slab + 1
    u64 nsm;           // allocation slots: SMs x slots_per_sm
    u64* stats;        // [nsm][GROSR_STAT_STRIDE]
    u64* global;       // [GROSR_GLOBAL_WORDS]
    u32* run_len;      // [nslabs]: slabs in the run starting here, 0 elsewhere
    u64 slots_per_sm;  // a warp uses slot sm * slots_per_sm + warp % slots_per_sm
    u64 reserved[4];
};

// ---------------------------------------------------------------------------------------------
// Size classes (thread level, pure arithmetic; mirrored by alloc.rs and tested there).
//   16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384, 32768
__device__ __forceinline__ u32 class_of(u64 size) {
    if (size <= 16) return 0;
    if (size <= 32) return 1;
    if (size > GROSR_MAX_CLASS_BYTES) return GROSR_NCLASS;  // run of slabs
    u32 s = (u32)size;
    u32 p = 32u - __clz(s - 1u);  // 2^(p-1) < s <= 2^p, p >= 6
    if (p >= 13) return p + 3u;   // 8 KB, 16 KB, 32 KB
    u32 half = 1u << (p - 1u);
    return (s <= half + (half >> 1)) ? 2u * (p - 5u) : 2u * (p - 5u) + 1u;
}
__device__ __forceinline__ u32 class_size(u32 c) {
    if (c < 2) return 16u << c;
    if (c >= GROSR_NCLASS_SMALL) return 1u << (c - 3u);
    u32 k = c / 2u + 4u;
    return (c & 1u) ? (1u << (k + 1u)) : (3u << (k - 1u));
}
// Every class size is 2^s or 3 * 2^s: x / class_size(c) is a shift, then (for the 3 * 2^s classes)
// a multiply-shift that is exact below 2^17 (slab offsets are below 2^17, so the shifted value is
// below 2^13).
__device__ __forceinline__ u32 class_shift(u32 c) {
    if (c < 2) return 4u + c;
    if (c >= GROSR_NCLASS_SMALL) return c - 3u;
    u32 k = c / 2u + 4u;
    return (c & 1u) ? k + 1u : k - 1u;
}
__device__ __forceinline__ u32 class_div(u32 x, u32 c) {
    u32 q = x >> class_shift(c);
    bool three = c >= 2u && c < GROSR_NCLASS_SMALL && !(c & 1u);
    return three ? (q * 43691u) >> 17 : q;
}
__device__ __forceinline__ u32 class_cap(u32 c) { return class_div(GROSR_SLAB_BYTES, c); }

__device__ __forceinline__ u32 hdr_make(u32 state, u32 cls, u32 owner) { return state | (cls << 8) | (owner << 16); }
__device__ __forceinline__ u32 ctr_state(u64 v) { return (u32)(v >> 32) & 0xFu; }
__device__ __forceinline__ u32 ctr_class(u64 v) { return (u32)(v >> 40) & 0xFFu; }
__device__ __forceinline__ u32 ctr_owner(u64 v) { return (u32)(v >> 48); }
__device__ __forceinline__ u32 ctr_count(u64 v) { return (u32)v; }
#define GROSR_HDR_ONE (1ull << 32)

// ---------------------------------------------------------------------------------------------
// Atomics with explicit ordering (gpu scope: every user of the allocator is on this device).
__device__ __forceinline__ u64 atom_or_acquire(u64* p, u64 v) {
    u64 old;
    asm volatile("atom.acquire.gpu.global.or.b64 %0, [%1], %2;" : "=l"(old) : "l"(p), "l"(v) : "memory");
    return old;
}
// The hot paths' relaxed global-space atomics are grosr::atom_add / atom_and / red_add
// (grosr_sync.cuh: a generic atomicAdd also tests for shared memory).
// Statistics are plain counters read after quiescence: relaxed reductions, no ordering needed.
__device__ __forceinline__ void stat_add(u64* p, u64 v) { grosr::red_add(p, v); }

// The slot a warp allocates through: per SM, and per warp within the SM so fewer warps contend for
// one `current` word (all lanes of a warp get the same slot). An arena too small for a slot per SM
// has fewer slots than SMs, shared by SM number modulo the slot count (alloc.rs, auto_slot_count).
__device__ __forceinline__ u32 slot_of(const Handle* h) {
    u32 spm = (u32)h->slots_per_sm, nsm = (u32)h->nsm, w = grosr::warp_id_in_block();
    // A mask instead of a division when spm is a power of two (1, 2, 4 or 8).
    u32 slot = grosr::sm_id() * spm + ((spm & (spm - 1u)) == 0u ? (w & (spm - 1u)) : w % spm);
    return slot < nsm ? slot : slot % nsm;
}
__device__ __forceinline__ u64* slot_stats(const Handle* h, u32 slot) { return h->stats + (u64)slot * GROSR_STAT_STRIDE; }

__device__ __forceinline__ u32 mix32(u32 x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

// ---------------------------------------------------------------------------------------------
// Pool and slab life cycle (leader level; slow paths).

// Releases slab s to the pool if `seen` (a value of ctr[s] this thread produced) is DETACHED with
// count 0 (invariant 4).
__device__ inline void leader_maybe_release(const Handle* h, u32 s, u64 seen) {
    if (ctr_state(seen) != GROSR_ST_DETACHED || ctr_count(seen) != 0) return;
    if (grosr::atom_cas(&h->ctr[s], seen, 0ull) != seen) return;
    u32 c = ctr_class(seen);
    // Acquire side of invariant 5: the freers' bitmap clears (released by their count decrements)
    // happen before the pool bit clears below; fence.sc orders this CAS before it as well.
    __threadfence();
    grosr::red_add(&h->global[GROSR_GL_CLASS_SLABS + c], (u64)0 - 1ull);
    grosr::red_add(&h->global[GROSR_GL_SLABS_IN_USE], (u64)0 - 1ull);
    grosr::red_and(&h->pool[s >> 6], ~(1ull << (s & 63u)));
}

// Detaches slab s of class c (this thread removed it from `current`, invariant 3), giving back the
// `unhanded` indices it never handed out: the last ones, cap - unhanded .. cap - 1.
__device__ inline void leader_detach(const Handle* h, u32 s, u32 c, u32 unhanded) {
    if (unhanded) {
        u32 cap = class_cap(c), i = cap - unhanded;
        u64* bm = h->bitmap + (u64)s * GROSR_SLAB_WORDS;
        while (i < cap) {
            u32 b = i & 63u, k = min(64u - b, cap - i);
            u64 m = (k == 64u) ? ~0ull : (((1ull << k) - 1ull) << b);
            // Atomic: frees of other blocks of the word clear their bits concurrently.
            grosr::red_and(&bm[i >> 6], ~m);
            i += k;
        }
        // Release (invariant 1): the bits are clear before the count says the blocks are free.
        __threadfence();
    }
    // Fast-path allocations are counted here, per slab, not per hand-out (statistics, below).
    u32 handed = class_cap(c) - unhanded;
    if (handed) stat_add(&slot_stats(h, slot_of(h))[GROSR_STAT_ALLOCS + c], handed);
    u64 delta = GROSR_HDR_ONE + (u64)unhanded;
    u64 old = grosr::atom_add(&h->ctr[s], (u64)0 - delta);
    leader_maybe_release(h, s, old - delta);
}

__device__ inline void leader_count_taken(const Handle* h, u64 n) {
    u64 now = grosr::atom_add(&h->global[GROSR_GL_SLABS_IN_USE], n) + n;
    grosr::red_max(&h->global[GROSR_GL_HIGH_WATER], now);
}

// Takes one free slab from the pool (scanning from a hashed word). Returns nslabs when none is free.
__device__ inline u32 leader_pool_take(const Handle* h, u32 seed) {
    u32 nw = (u32)h->pool_words;
    u32 w = mix32(seed) % nw;
    for (u32 i = 0; i < nw; ++i, w = (w + 1 == nw) ? 0 : w + 1) {
        u64 v = grosr::ld_relaxed_gpu(&h->pool[w]);
        while (~v != 0ull) {
            u32 b = __ffsll((long long)~v) - 1u;
            u64 bit = 1ull << b;
            // Acquire (invariant 5): the header and bitmap writes of the release are seen.
            v = atom_or_acquire(&h->pool[w], bit);
            if (!(v & bit)) return w * 64u + b;
        }
    }
    return (u32)h->nslabs;
}

__device__ __forceinline__ u64* cur_word(const Handle* h, u32 slot, u32 c) {
    return &h->current[(u64)slot * GROSR_CUR_STRIDE + c];
}
__device__ __forceinline__ u64* next_word(const Handle* h, u32 slot, u32 c) {
    return &h->current[(u64)slot * GROSR_CUR_STRIDE + GROSR_NEXT_OFFSET + c];
}

// Attaches fresh slab s to class c for `slot`: header ATTACHED, count preset to the capacity. An
// atomic with a result (not a reduction): the header is in place before the slab is published.
__device__ inline void leader_attach_fresh(const Handle* h, u32 s, u32 c, u32 slot) {
    u32 cap = class_cap(c);
    u64* bm = h->bitmap + (u64)s * GROSR_SLAB_WORDS;
    // Every block is reserved by the attachment: set its bit. Plain relaxed stores: nobody else
    // touches the bitmap of a slab between its release and this attachment (invariant 5), and the
    // atomic below orders them before the slab is published in `current`.
    for (u32 w = 0; w < (cap + 63u) >> 6; ++w) {
        u32 k = min(64u, cap - 64u * w);
        asm volatile("st.relaxed.gpu.global.u64 [%0], %1;" ::"l"(bm + w), "l"(k == 64u ? ~0ull : ((1ull << k) - 1ull))
                     : "memory");
    }
    // Release: the bitmap is set before the header (and then `current`) shows the slab attached.
    grosr::fence_release_gpu();
    grosr::red_add(&h->ctr[s], ((u64)hdr_make(GROSR_ST_ATTACHED, c, slot) << 32) + cap);
    stat_add(&h->global[GROSR_GL_CLASS_SLABS + c], 1);
    leader_count_taken(h, 1);
}

// A fresh attached slab for class c of `slot`: the prepared `next` one if there is one, else one
// from the pool. Returns nslabs when the pool is empty.
__device__ inline u32 leader_fresh(const Handle* h, u32 c, u32 slot, u32 hash) {
    u64 nx = class_cap(c) >= GROSR_PREPARE_MIN_CAP ? grosr::atom_exch(next_word(h, slot, c), 0ull) : 0ull;
    if (nx != 0) {
        // Acquire: the preparer's bitmap and header writes (fenced before its CAS) are before this
        // thread publishes the slab in `current`, so every reader of `current` sees them.
        asm volatile("fence.acq_rel.gpu;" ::: "memory");
        return (u32)nx - 1u;
    }
    u32 n = leader_pool_take(h, hash);
    if (n < h->nslabs) leader_attach_fresh(h, n, c, slot);
    return n;
}

// Prepares a slab into `next` for class c of `slot` (called by the warp whose hand-out crosses half
// of the current slab). Gives it back if another preparer was first.
__device__ inline void leader_prepare_next(const Handle* h, u32 c, u32 slot, u32 hash) {
    u64* nw = next_word(h, slot, c);
    if (grosr::ld_relaxed_gpu(nw) != 0) return;
    u32 n = leader_pool_take(h, hash);
    if (n >= h->nslabs) return;
    leader_attach_fresh(h, n, c, slot);
    if (grosr::atom_cas(nw, 0ull, (u64)n + 1u) != 0ull) leader_detach(h, n, c, class_cap(c));
}

// The leader that handed out the last index of slab `old` puts a fresh slab (none when the pool is
// empty) into `current` and detaches `old`. Only it can: the last index is handed out once, and
// nobody else writes a full `current` (retire skips full ones), so a plain exchange is enough.
__device__ inline void leader_swap(const Handle* h, u64* cw, u32 c, u32 slot, u32 old, u32 hash) {
    u32 n = leader_fresh(h, c, slot, hash);
    grosr::atom_exch(cw, n < h->nslabs ? (u64)(n + 1u) << 32 : 0ull);
    leader_detach(h, old, c, 0);
}

// Retires `current` word cw of class c if it still holds v and is not full: stops bump allocation
// from its slab and detaches it with the indices it never handed out (invariant 3).
__device__ inline bool leader_retire(const Handle* h, u64* cw, u64 v, u32 c) {
    u32 sid = (u32)(v >> 32), hd = (u32)v, cap = class_cap(c);
    if (sid == 0 || hd >= cap) return false;
    if (grosr::atom_cas(cw, v, 0ull) != v) return false;
    leader_detach(h, sid - 1u, c, cap - hd);
    return true;
}

// Out of memory: retires every current slab of class c that still has indices to hand out (other
// SMs could not reach them) and every empty current slab of any class (so no slab stays stuck in a
// class). c == GROSR_NCLASS: empty ones only. Returns how many it retired.
__device__ inline u32 leader_retire_all(const Handle* h, u32 c) {
    u32 n = 0;
    for (u32 slot = 0; slot < (u32)h->nsm; ++slot) {
        for (u32 k = 0; k < GROSR_NCLASS; ++k) {
            // Prepared `next` slabs are empty: always give them back.
            u64* nw = next_word(h, slot, k);
            if (grosr::ld_relaxed_gpu(nw) != 0) {
                u64 nx = grosr::atom_exch(nw, 0ull);
                if (nx != 0) {
                    leader_detach(h, (u32)nx - 1u, k, class_cap(k));
                    ++n;
                }
            }
            u64* cw = cur_word(h, slot, k);
            u64 v = grosr::ld_relaxed_gpu(cw);
            u32 sid = (u32)(v >> 32);
            if (sid == 0) continue;
            bool take = k == c;
            if (!take) {
                // Empty: count == capacity - handed out (+ live blocks, here none).
                u64 cv = grosr::ld_relaxed_gpu(&h->ctr[sid - 1u]);
                take = ctr_count(cv) + (u32)v == class_cap(k);
            }
            if (take && leader_retire(h, cw, v, k)) ++n;
        }
    }
    return n;
}

// Slow-path reservation of up to `want` blocks of class c in slab s, which must be DETACHED
// (invariant 1). Adds `want` to its count; returns how many are valid (0 when the slab is full,
// attached, FREE, or of another class), giving the rest back (invariant 2).
__device__ inline u32 leader_reserve_in(const Handle* h, u32 s, u32 c, u32 want) {
    u64 old = grosr::atom_add(&h->ctr[s], (u64)want);
    u32 st = ctr_state(old);
    u32 r = 0;
    if (st == GROSR_ST_DETACHED && ctr_class(old) == c) {
        u32 cnt = ctr_count(old), cap = class_cap(c);
        r = cnt >= cap ? 0u : min(want, cap - cnt);
    }
    if (r < want) {
        u64 back = grosr::atom_add(&h->ctr[s], (u64)0 - (u64)(want - r));
        leader_maybe_release(h, s, back - (u64)(want - r));
    }
    return r;
}

// Pool exhausted: reserve in any slab of class c with room. Releases the empty detached slabs it
// passes (invariant 4). Returns the slab and sets *r, or returns nslabs.
__device__ inline u32 leader_scan(const Handle* h, u32 c, u32 want, u32 seed, u32* r) {
    u32 n = (u32)h->nslabs;
    u32 cap = class_cap(c);
    for (u32 i = 0, s = mix32(seed) % n; i < n; ++i, s = (s + 1 == n) ? 0 : s + 1) {
        u64 v = grosr::ld_relaxed_gpu(&h->ctr[s]);
        u32 st = ctr_state(v);
        if (st == GROSR_ST_DETACHED && ctr_count(v) == 0) {
            leader_maybe_release(h, s, v);
            continue;
        }
        if (st == GROSR_ST_DETACHED && ctr_class(v) == c && ctr_count(v) < cap) {
            u32 got = leader_reserve_in(h, s, c, want);
            if (got) { *r = got; return s; }
        }
    }
    return n;
}

// Leader: gets up to `want` blocks of class c for this SM slot; returns how many (0: out of memory).
// Fast path (*bits false): indices *first .. *first + n - 1 of slab *s, handed out by one atomicAdd
// on `current`. Slow path (*bits true): a reservation of n blocks in slab *s whose bits the group
// claims with leader_claim.
__device__ inline u32 leader_get(const Handle* h, u32 c, u32 want, u32 slot, u32 hash, u32* s, u32* first,
                                 bool* bits) {
    u64* cw = cur_word(h, slot, c);
    u32 cap = class_cap(c);
    u32 slow = 0;
    *bits = false;
    for (u32 attempt = 0; attempt < (1u << 16); ++attempt) {
        // Relaxed: slab and index come from this one atomic, and the block is only written after it
        // (address dependency); the slab is fresh from the pool, whose hand-over is fenced.
        u64 old = grosr::atom_add(cw, (u64)want);
        u32 sid = (u32)(old >> 32), hd = (u32)old;
        if (sid != 0 && hd < cap) {
            u32 got = min(want, cap - hd);
            if (hd + want >= cap) {
                leader_swap(h, cw, c, slot, sid - 1u, hash);
            } else if (cap >= GROSR_PREPARE_MIN_CAP && hd < cap / 2u && hd + want >= cap / 2u) {
                leader_prepare_next(h, c, slot, hash);
            }
            *s = sid - 1u;
            *first = hd;
            return got;
        }
        if (sid != 0) {
            // Full: the warp that took its last index is swapping in the next slab. Wait for it.
            for (u32 spin = 0; spin < (1u << 20); ++spin) {
                u64 now = grosr::ld_relaxed_gpu(cw);
                if ((u32)(now >> 32) != sid || (u32)now < cap) break;
                __nanosleep(64);
            }
            continue;
        }
        // No current slab: install a fresh one.
        u32 n = leader_fresh(h, c, slot, hash);
        if (n < h->nslabs) {
            u32 got = min(want, cap);
            for (;;) {
                u64 v = grosr::ld_relaxed_gpu(cw);
                if ((v >> 32) != 0) {
                    leader_detach(h, n, c, cap);  // another warp installed one first: give ours back
                    break;
                }
                if (grosr::atom_cas(cw, v, ((u64)(n + 1u) << 32) | got) == v) {
                    if (got >= cap) leader_swap(h, cw, c, slot, n, hash);
                    *s = n;
                    *first = 0;
                    return got;
                }
            }
            continue;
        }
        // The pool is empty: reserve in a detached slab of this class, else retire current slabs
        // that hold room (then the pool or the scan may succeed), at most three times.
        u32 r = 0;
        u32 t = leader_scan(h, c, want, hash, &r);
        if (t < h->nslabs) {
            *bits = true;
            *s = t;
            return r;
        }
        // Retire whatever can be retired, then try again even if this thread retired nothing:
        // another thread's retirement may have finished after this thread's scan passed.
        if (++slow > 3) return 0;
        leader_retire_all(h, c);
    }
    return 0;
}

// Leader: claims some (>= 1) of `need` reserved blocks in slab s's bitmap (invariant 1 guarantees
// they exist). *word/*known/*rot carry the search position between calls. Returns the claimed bits.
__device__ inline u64 leader_claim(const Handle* h, u32 s, u32 c, u32 need, u32* word, u64* known, u32* rot) {
    u32 cap = class_cap(c);
    u32 nw = (cap + 63u) >> 6;
    u64* bm = h->bitmap + (u64)s * GROSR_SLAB_WORDS;
    for (;;) {
        u32 w = *word;
        u64 valid = (w + 1 == nw && (cap & 63u)) ? ((1ull << (cap & 63u)) - 1ull) : ~0ull;
        u64 free = ~*known & valid;
        if (free == 0) {
            *word = (w + 1 == nw) ? 0 : w + 1;
            *known = 0;  // unknown: the next attempt is optimistic and learns the word's state
            *rot = 0;
            continue;
        }
        // Pick the lowest `need` free bits counted from the rotation point.
        u32 sh = *rot & 63u;
        u64 x = sh ? ((free >> sh) | (free << (64u - sh))) : free;
        u64 m = 0;
        for (u32 i = 0; i < need && x; ++i) {
            u64 low = x & (0ull - x);
            m |= low;
            x ^= low;
        }
        u64 mask = sh ? ((m << sh) | (m >> (64u - sh))) : m;
        // Acquire: the previous owner's writes to these blocks (released by its free) are before ours.
        u64 old = atom_or_acquire(&bm[w], mask);
        u64 got = mask & ~old;
        *known = old | mask;
        if (got) return got;
    }
}

// The lanes of `mask` holding the same `key` as this lane: __match_any_sync, with a shortcut for
// the common case of one key across the group (a shuffle and a vote instead of a match).
__device__ __forceinline__ u32 group_of(u32 mask, u32 key) {
    u32 k0 = __shfl_sync(mask, key, __ffs(mask) - 1);
    if (__ballot_sync(mask, key == k0) == mask) return mask;
    return __match_any_sync(mask, key);
}

__device__ __forceinline__ u32 nth_set64(u64 v, u32 j) {
    u32 lo = (u32)v, n = __popc(lo);
    return j < n ? (u32)__fns(lo, 0, (int)j + 1) : 32u + (u32)__fns((u32)(v >> 32), 0, (int)(j - n) + 1);
}

__device__ __forceinline__ u64 group_or64(u32 peers, u64 v) {
#if __CUDA_ARCH__ >= 800
    u32 lo = __reduce_or_sync(peers, (u32)v), hi = __reduce_or_sync(peers, (u32)(v >> 32));
    return (u64)lo | ((u64)hi << 32);
#else
    u64 r = 0;
    for (u32 m = peers; m; m &= m - 1u) r |= __shfl_sync(peers, v, __ffs(m) - 1);
    return r;
#endif
}

// ---------------------------------------------------------------------------------------------
// Runs of whole slabs (allocations above 32 KB), thread level.

// Claims n contiguous free pool bits (n <= 64 within one word; more as whole words). Returns the
// first slab or nslabs.
__device__ inline u32 pool_take_run(const Handle* h, u32 n, u32 hash) {
    u32 nw = (u32)h->pool_words;
    if (n <= 64) {
        u64 run = (n == 64) ? ~0ull : ((1ull << n) - 1ull);
        for (u32 i = 0, w = hash % nw; i < nw; ++i, w = (w + 1 == nw) ? 0 : w + 1) {
            u64 v = grosr::ld_relaxed_gpu(&h->pool[w]);
            for (int tries = 0; tries < 64; ++tries) {
                u64 m = ~v;  // bit i set: slabs i .. i+n-1 of this word are all free
                for (u32 k = 1; k < n && m;) { u32 t = min(k, n - k); m &= m >> t; k += t; }
                if (n > 1) m &= (n == 64) ? 1ull : ((1ull << (65u - n)) - 1ull);
                if (!m) break;
                u32 b = __ffsll((long long)m) - 1u;
                u64 seen = grosr::atom_cas(&h->pool[w], v, v | (run << b));
                if (seen == v) {
                    __threadfence();  // acquire side of invariant 5
                    return w * 64u + b;
                }
                v = seen;
            }
        }
        return (u32)h->nslabs;
    }
    u32 q = (n + 63u) / 64u;
    for (u32 w = 0; w + q <= nw; ++w) {
        u32 j = 0;
        for (; j < q; ++j) {
            if (grosr::atom_cas(&h->pool[w + j], 0ull, ~0ull) != 0ull) break;
        }
        if (j == q) {
            u32 extra = q * 64u - n;  // give back the tail of the last word
            if (extra) grosr::red_and(&h->pool[w + q - 1], ~(~0ull << (64u - extra)));
            __threadfence();  // acquire side of invariant 5
            return w * 64u;
        }
        while (j-- > 0) grosr::atom_exch(&h->pool[w + j], 0ull);  // roll back the words we took
    }
    return (u32)h->nslabs;
}

__device__ inline void* malloc_run(const Handle* h, u64 size, u32 slot) {
    u64 n64 = (size + GROSR_SLAB_MASK) >> GROSR_SLAB_SHIFT;
    u64* st = slot_stats(h, slot);
    u32 hash = mix32(slot * 977u + (u32)clock());
    u32 s = n64 <= h->nslabs ? pool_take_run(h, (u32)n64, hash) : (u32)h->nslabs;
    if (s >= h->nslabs && n64 <= h->nslabs && leader_retire_all(h, GROSR_NCLASS) > 0) {
        s = pool_take_run(h, (u32)n64, hash);
    }
    if (s >= h->nslabs) {
        stat_add(&st[GROSR_STAT_FAILURES], 1);
        return nullptr;
    }
    u32 n = (u32)n64;
    for (u32 i = 0; i < n; ++i) grosr::red_add(&h->ctr[s + i], (u64)hdr_make(GROSR_ST_RUN, 0, 0) << 32);
    // Relaxed at gpu scope (not a plain store): another SM's L1 must never serve an old length.
    grosr::st_relaxed_gpu(&h->run_len[s], n);
    grosr::red_add(&h->global[GROSR_GL_RUN_SLABS], (u64)n);
    leader_count_taken(h, n);
    stat_add(&st[GROSR_STAT_LARGE_ALLOCS], 1);
    // Release: the run's headers and length are written before the pointer can reach another thread.
    __threadfence();
    return (void*)(h->base + ((u64)s << GROSR_SLAB_SHIFT));
}

__device__ inline void free_run(const Handle* h, u32 s, u64 off, u32 slot) {
    u64* st = slot_stats(h, slot);
    u32 n = grosr::ld_relaxed_gpu(&h->run_len[s]);
#ifdef GROSR_ALLOC_DEBUG
    if (n == 0 || (off & GROSR_SLAB_MASK)) {
        stat_add(&st[GROSR_STAT_FOREIGN_FREES], 1);
        return;
    }
#endif
    (void)off;
    grosr::st_relaxed_gpu(&h->run_len[s], 0u);
    for (u32 i = 0; i < n; ++i) grosr::red_add(&h->ctr[s + i], (u64)0 - ((u64)hdr_make(GROSR_ST_RUN, 0, 0) << 32));
    grosr::red_add(&h->global[GROSR_GL_RUN_SLABS], (u64)0 - (u64)n);
    grosr::red_add(&h->global[GROSR_GL_SLABS_IN_USE], (u64)0 - (u64)n);
    stat_add(&st[GROSR_STAT_LARGE_FREES], 1);
    // Release (invariant 5): the user's writes and the FREE headers before the pool bits clear.
    __threadfence();
    for (u32 i = 0; i < n;) {
        u32 b = (s + i) & 63u, k = min(64u - b, n - i);
        u64 m = (k == 64) ? ~0ull : (((1ull << k) - 1ull) << b);
        grosr::red_and(&h->pool[(s + i) >> 6], ~m);
        i += k;
    }
}

// ---------------------------------------------------------------------------------------------
// The device API.

// Allocates `size` bytes (16-byte aligned; power-of-two sizes up to 32 KB naturally aligned; runs
// 128 KB aligned). Returns nullptr when the arena has no room (counted as a failure). size 0 is
// served as 16 bytes. Call from any thread, converged or not; the converged lanes of a warp are
// served together, every size class of the warp in the same steps.
__device__ inline void* allocate(Handle* h, u64 size) {
    u32 active = __activemask();
    u32 c = class_of(size);
    u32 slot = slot_of(h);
    u32 mask = __ballot_sync(active, c < GROSR_NCLASS);
    if (c >= GROSR_NCLASS) return malloc_run(h, size, slot);
    u32 peers = group_of(mask, c);
    u32 lane = grosr::lane_id();
    u32 leader = __ffs(peers) - 1u;
    bool is_leader = lane == leader;
    u32 rank = __popc(peers & ((1u << lane) - 1u));
    u32 k = __popc(peers);
    u32 bytes = class_size(c);
    // A cheap seed; the slow paths that spread over the pool or a bitmap hash it (mix32).
    u32 hash = (blockIdx.x * blockDim.x + threadIdx.x) ^ ((u32)clock() << 7) ^ (slot << 20);
    u64 base = h->base;
    void* result = nullptr;
    u32 served = 0, failed = 0, served_bits = 0;
    // Warp-uniform loop (mask): every class group of the warp advances in the same steps.
    while (__any_sync(mask, served + failed < k)) {
        bool todo = served + failed < k;
        u32 s = 0, first = 0, r = 0;
        bool bits = false;
        if (is_leader && todo) r = leader_get(h, c, k - served, slot, hash, &s, &first, &bits);
        s = __shfl_sync(mask, s, leader);
        first = __shfl_sync(mask, first, leader);
        r = __shfl_sync(mask, r, leader);
        bits = __shfl_sync(mask, (u32)bits, leader) != 0;
        if (todo && r == 0) failed = k - served;
        u64 slab = base + ((u64)s << GROSR_SLAB_SHIFT);
        if (todo && !bits) {
            u32 j = rank - served;
            if (rank >= served && j < r) result = (void*)(slab + (u64)(first + j) * bytes);
        }
        // Slow path: claim the reserved blocks' bits in slab s, from a hashed position.
        u32 need = (todo && bits) ? r : 0u;
        u32 word = 0, rot = 0;
        if (need) {
            u32 hh = mix32(hash);
            word = (hh >> 8) % ((class_cap(c) + 63u) >> 6);
            rot = hh & 63u;
        }
        u64 known = 0;
        u32 done = 0;
        while (__any_sync(mask, done < need)) {
            u64 got = 0;
            if (is_leader && done < need) got = leader_claim(h, s, c, need - done, &word, &known, &rot);
            got = __shfl_sync(mask, got, leader);
            u32 w = __shfl_sync(mask, word, leader);
            u32 n = __popcll(got);
            u32 j = rank - served - done;
            if (rank >= served + done && j < n) result = (void*)(slab + (u64)(w * 64u + nth_set64(got, j)) * bytes);
            done += n;
        }
        if (todo) served += r;
        if (todo && bits) served_bits += r;
        hash += 0x9e3779b9u;
    }
    if (is_leader) {
        u64* st = slot_stats(h, slot);
        // Only the slow path's allocations: the fast path's are counted when their slab detaches.
        if (served_bits) stat_add(&st[GROSR_STAT_ALLOCS + c], served_bits);
        if (failed) stat_add(&st[GROSR_STAT_FAILURES], failed);
    }
    return result;
}

// Frees a block from `allocate`. nullptr is a no-op. Without GROSR_ALLOC_DEBUG, freeing anything
// else than a live block of this allocator is undefined (as with free(3)); with it, double frees and
// foreign pointers are detected, counted, and ignored.
__device__ inline void deallocate(Handle* h, void* p) {
    u32 active = __activemask();
    u64 off = (u64)p - h->base;
    bool in_arena = p != nullptr && off < (h->nslabs << GROSR_SLAB_SHIFT);
    u32 s = (u32)(off >> GROSR_SLAB_SHIFT);
    u64 v = in_arena ? grosr::ld_relaxed_gpu(&h->ctr[s]) : 0ull;
    // Release: this lane's writes to its block are performed before the bit clear below can be
    // seen (the next owner's data is never hit by a late store). Issued before `v` is used, so the
    // header load and the drain of the block's stores overlap. Release only: a free acquires
    // nothing, and an acquire fence would invalidate the SM's L1 on every free.
    grosr::fence_release_gpu();
    u32 st = ctr_state(v), c = ctr_class(v);
    bool small = in_arena && (st == GROSR_ST_ATTACHED || st == GROSR_ST_DETACHED);
    u32 idx = 0;
    if (small) {
        u32 in = (u32)off & GROSR_SLAB_MASK;
        idx = class_div(in, c);
#ifdef GROSR_ALLOC_DEBUG
        if (idx * class_size(c) != in) small = false;
        // An index its slab's `current` has not handed out yet is not a block (its bit is set).
        if (small && st == GROSR_ST_ATTACHED) {
            u64 cv = grosr::ld_relaxed_gpu(cur_word(h, ctr_owner(v) % (u32)h->nsm, c));
            if ((u32)(cv >> 32) == s + 1u && idx >= (u32)cv) small = false;
        }
#endif
    }
    u32 key = small ? ((s << 7) | (idx >> 6)) : 0xFFFFFFFFu;  // s < 2^25 (host check)
    u32 peers = group_of(active, key);
    if (!small) {
        u32 slot = slot_of(h);
        if (in_arena && st == GROSR_ST_RUN) {
            free_run(h, s, off, slot);
        }
#ifdef GROSR_ALLOC_DEBUG
        else if (p != nullptr) {
            stat_add(&slot_stats(h, slot)[GROSR_STAT_FOREIGN_FREES], 1);
        }
#endif
        return;
    }
    u64 mask = group_or64(peers, 1ull << (idx & 63u));
    // The group's fenced writes come before the leader's clear.
    __syncwarp(peers);
    if (grosr::lane_id() == (u32)(__ffs(peers) - 1)) {
        u64 old = grosr::atom_and(&h->bitmap[(u64)s * GROSR_SLAB_WORDS + (idx >> 6)], ~mask);
        u32 n = __popcll(old & mask);
#ifdef GROSR_ALLOC_DEBUG
        u32 dup = __popc(peers) - n;
        if (dup) stat_add(&slot_stats(h, slot_of(h))[GROSR_STAT_DOUBLE_FREES], dup);
#endif
        if (n) {
            // The decrement depends on the clear's result, so it is performed after it (invariant 5).
            if (st == GROSR_ST_ATTACHED) {
                grosr::red_add(&h->ctr[s], (u64)0 - (u64)n);  // no wait; see invariant 4
            } else {
                u64 o = grosr::atom_add(&h->ctr[s], (u64)0 - (u64)n);
                leader_maybe_release(h, s, o - (u64)n);
            }

        }
    }
}

}  // namespace grosr_alloc

// The public names: the handle is the device address the host API returns (SlabAllocator::handle()).
__device__ __forceinline__ void* grosr_malloc(u64 handle, u64 size) {
    return grosr_alloc::allocate(reinterpret_cast<grosr_alloc::Handle*>(handle), size);
}
__device__ __forceinline__ void grosr_free(u64 handle, void* p) {
    grosr_alloc::deallocate(reinterpret_cast<grosr_alloc::Handle*>(handle), p);
}
