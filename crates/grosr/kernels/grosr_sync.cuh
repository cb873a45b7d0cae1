// grosr_sync.cuh: memory-ordering primitives shared by every grosr kernel.
//
// Level: thread. Each helper names its scope: `sys` for words shared with the host through mapped
// pinned memory (the CPU is another agent in the system scope), `gpu` for words shared between
// blocks of one device. PTX `ld.acquire`/`st.release` need sm_70+, which grosr requires.
#pragma once

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;

namespace grosr {

// Host-written words: acquire so that everything the host wrote before publishing is visible
// after this load (host stores are ordered by its release store of the same word).
__device__ __forceinline__ u64 ld_acquire_sys(const u64* p) {
    u64 v;
    asm volatile("ld.acquire.sys.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ u32 ld_acquire_sys(const u32* p) {
    u32 v;
    asm volatile("ld.acquire.sys.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
    return v;
}
// Polling a host word without ordering anything after it: relaxed, but at system scope so the
// load is not served from a stale L1 line.
__device__ __forceinline__ u64 ld_relaxed_sys(const u64* p) {
    u64 v;
    asm volatile("ld.relaxed.sys.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
// A 16-byte snapshot of a host-written slot (a header and the word after it) in one relaxed
// system-scope access; the caller orders what it needs around it.
__device__ __forceinline__ void ld_relaxed_sys_v2(const u64* p, u64& a, u64& b) {
    asm volatile("ld.relaxed.sys.global.v2.u64 {%0,%1}, [%2];" : "=l"(a), "=l"(b) : "l"(p) : "memory");
}
// Asynchronous 16-byte copies from global to shared memory (sm_80+), all of a thread's in flight
// together until cp_async_wait_all. `.ca` reads through L1 (sees this SM's earlier plain stores once a
// barrier ordered them); `.cg` reads L2 only (never a stale L1 line of memory other SMs rewrite).
__device__ __forceinline__ void cp_async16_ca(void* smem, const void* gmem) {
    asm volatile("cp.async.ca.shared.global [%0], [%1], 16;" ::"r"((u32)__cvta_generic_to_shared(smem)), "l"(gmem) : "memory");
}
__device__ __forceinline__ void cp_async16_cg(void* smem, const void* gmem) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" ::"r"((u32)__cvta_generic_to_shared(smem)), "l"(gmem) : "memory");
}
__device__ __forceinline__ void cp_async_wait_all() { asm volatile("cp.async.wait_all;" ::: "memory"); }
// Publishing to the host: release so that every earlier write of this thread (results,
// completion records) is visible to the host before it sees this word change.
__device__ __forceinline__ void st_release_sys(u64* p, u64 v) {
    asm volatile("st.release.sys.global.u64 [%0], %1;" :: "l"(p), "l"(v) : "memory");
}
__device__ __forceinline__ void st_release_sys(u32* p, u32 v) {
    asm volatile("st.release.sys.global.u32 [%0], %1;" :: "l"(p), "r"(v) : "memory");
}
// Device-wide publication between blocks (queues in device memory).
__device__ __forceinline__ u32 ld_acquire_gpu(const u32* p) {
    u32 v;
    asm volatile("ld.acquire.gpu.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ u64 ld_acquire_gpu(const u64* p) {
    u64 v;
    asm volatile("ld.acquire.gpu.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ u32 ld_relaxed_gpu(const u32* p) {
    u32 v;
    asm volatile("ld.relaxed.gpu.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ u64 ld_relaxed_gpu(const u64* p) {
    u64 v;
    asm volatile("ld.relaxed.gpu.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ void st_release_gpu(u32* p, u32 v) {
    asm volatile("st.release.gpu.global.u32 [%0], %1;" :: "l"(p), "r"(v) : "memory");
}
__device__ __forceinline__ void st_release_gpu(u64* p, u64 v) {
    asm volatile("st.release.gpu.global.u64 [%0], %1;" :: "l"(p), "l"(v) : "memory");
}
__device__ __forceinline__ void st_relaxed_gpu(u32* p, u32 v) {
    asm volatile("st.relaxed.gpu.global.u32 [%0], %1;" :: "l"(p), "r"(v) : "memory");
}
__device__ __forceinline__ void st_relaxed_gpu(u64* p, u64 v) {
    asm volatile("st.relaxed.gpu.global.u64 [%0], %1;" :: "l"(p), "l"(v) : "memory");
}

// A release-only fence at gpu scope: this thread's earlier memory operations are performed before
// its later writes. On sm_90+ it is a bare MEMBAR; `fence.acq_rel` / `__threadfence()` also
// invalidate the SM's L1 (the acquire half), which hot paths that only publish do not need.
__device__ __forceinline__ void fence_release_gpu() {
#if __CUDA_ARCH__ >= 900
    asm volatile("fence.release.gpu;" ::: "memory");
#else
    asm volatile("fence.acq_rel.gpu;" ::: "memory");
#endif
}

// Atomics on global memory, with the state space named. CUDA's atomicAdd & co. take generic
// pointers: where the compiler cannot prove a pointer global (a field of a struct in memory, a
// reference) it emits a generic ATOM that reports whether the address was global, with a shared-memory
// CAS loop behind it, even when the result is unused (64-bit operations; the warp branches on that
// report before its next instruction, so such atomics do not overlap). These are `atom.global` (result used) and
// `red.global` (result unused: fire and forget), with CUDA's semantics (relaxed, gpu scope).
// GROSR_GENERIC_ATOMICS=1 maps them back to CUDA's functions (for comparisons in one binary).
#ifndef GROSR_GENERIC_ATOMICS
#define GROSR_GENERIC_ATOMICS 0
#endif
#if GROSR_GENERIC_ATOMICS
__device__ __forceinline__ u64 atom_add(u64* p, u64 v) { return atomicAdd(p, v); }
__device__ __forceinline__ u32 atom_add(u32* p, u32 v) { return atomicAdd(p, v); }
__device__ __forceinline__ void red_add(u64* p, u64 v) { atomicAdd(p, v); }
__device__ __forceinline__ void red_add(u32* p, u32 v) { atomicAdd(p, v); }
__device__ __forceinline__ void red_max(u64* p, u64 v) { atomicMax(p, v); }
__device__ __forceinline__ void red_min(u64* p, u64 v) { atomicMin(p, v); }
__device__ __forceinline__ void red_and(u64* p, u64 v) { atomicAnd(p, v); }
__device__ __forceinline__ u64 atom_cas(u64* p, u64 cmp, u64 v) { return atomicCAS(p, cmp, v); }
__device__ __forceinline__ u32 atom_cas(u32* p, u32 cmp, u32 v) { return atomicCAS(p, cmp, v); }
__device__ __forceinline__ u64 atom_and(u64* p, u64 v) { return atomicAnd(p, v); }
__device__ __forceinline__ u64 atom_min(u64* p, u64 v) { return atomicMin(p, v); }
__device__ __forceinline__ u64 atom_exch(u64* p, u64 v) { return atomicExch(p, v); }
__device__ __forceinline__ u32 atom_exch(u32* p, u32 v) { return atomicExch(p, v); }
__device__ __forceinline__ u32 atom_add_shared(u32* p, u32 v) { return atomicAdd(p, v); }
__device__ __forceinline__ void red_add_shared(u32* p, u32 v) { atomicAdd(p, v); }
#else
// The "memory" clobbers keep the compiler from moving other memory accesses across them, as it
// would not move them across CUDA's atomic functions either. T: the C type, C: its asm constraint
// ("l" 64-bit, "r" 32-bit), OP: the PTX operation and type.
#define GROSR_ATOM_GLOBAL(NAME, T, C, OP)                                                             \
    __device__ __forceinline__ T NAME(T* p, T v) {                                                    \
        T r;                                                                                          \
        asm volatile("atom.global." OP " %0, [%1], %2;" : "=" C(r) : "l"(p), C(v) : "memory");        \
        return r;                                                                                     \
    }
#define GROSR_RED_GLOBAL(NAME, T, C, OP)                                                              \
    __device__ __forceinline__ void NAME(T* p, T v) {                                                 \
        asm volatile("red.global." OP " [%0], %1;" ::"l"(p), C(v) : "memory");                        \
    }
GROSR_ATOM_GLOBAL(atom_add, u64, "l", "add.u64")
GROSR_ATOM_GLOBAL(atom_add, u32, "r", "add.u32")
GROSR_ATOM_GLOBAL(atom_and, u64, "l", "and.b64")
GROSR_ATOM_GLOBAL(atom_min, u64, "l", "min.u64")
GROSR_ATOM_GLOBAL(atom_exch, u64, "l", "exch.b64")
GROSR_ATOM_GLOBAL(atom_exch, u32, "r", "exch.b32")
GROSR_RED_GLOBAL(red_add, u64, "l", "add.u64")
GROSR_RED_GLOBAL(red_add, u32, "r", "add.u32")
GROSR_RED_GLOBAL(red_max, u64, "l", "max.u64")
GROSR_RED_GLOBAL(red_min, u64, "l", "min.u64")
GROSR_RED_GLOBAL(red_and, u64, "l", "and.b64")
#undef GROSR_ATOM_GLOBAL
#undef GROSR_RED_GLOBAL
__device__ __forceinline__ u64 atom_cas(u64* p, u64 cmp, u64 v) {
    u64 r;
    asm volatile("atom.global.cas.b64 %0, [%1], %2, %3;" : "=l"(r) : "l"(p), "l"(cmp), "l"(v) : "memory");
    return r;
}
__device__ __forceinline__ u32 atom_cas(u32* p, u32 cmp, u32 v) {
    u32 r;
    asm volatile("atom.global.cas.b32 %0, [%1], %2, %3;" : "=r"(r) : "l"(p), "r"(cmp), "r"(v) : "memory");
    return r;
}
// Shared memory reached through a generic pointer (a BlockShared* kept in a struct).
__device__ __forceinline__ u32 atom_add_shared(u32* p, u32 v) {
    u32 r;
    asm volatile("atom.shared.add.u32 %0, [%1], %2;" : "=r"(r) : "r"((u32)__cvta_generic_to_shared(p)), "r"(v) : "memory");
    return r;
}
__device__ __forceinline__ void red_add_shared(u32* p, u32 v) {
    asm volatile("red.shared.add.u32 [%0], %1;" :: "r"((u32)__cvta_generic_to_shared(p)), "r"(v) : "memory");
}
#endif
// red_min where `on` holds: one predicated instruction, not a branch around an asm statement (the
// compiler branches around those, and a warp pays the branch and its reconvergence for each).
__device__ __forceinline__ void red_min_if(bool on, u64* p, u64 v) {
    asm volatile("{\n\t.reg .pred q;\n\tsetp.ne.u32 q, %2, 0;\n\t@q red.global.min.u64 [%0], %1;\n\t}" ::"l"(p), "l"(v),
                 "r"((u32)on)
                 : "memory");
}

// Nanoseconds from the GPU's global timer (same clock on every SM).
__device__ __forceinline__ u64 globaltimer_ns() {
    u64 t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}

// Lane helpers (warp level).
__device__ __forceinline__ u32 lane_id() { return threadIdx.x & 31u; }
__device__ __forceinline__ u32 warp_id_in_block() { return threadIdx.x >> 5; }
__device__ __forceinline__ u32 sm_id() {
    u32 r;
    asm volatile("mov.u32 %0, %%smid;" : "=r"(r));
    return r;
}

}  // namespace grosr
