// grosr_alloc_test.cu: kernels of the allocator's GPU tests (crates/grosr/tests/alloc_gpu.rs).
//
// Every kernel runs at thread level over `nthreads` threads; thread t owns slots [t*n, (t+1)*n) of
// the `ptrs`/`sizes` arrays. A block's owner tag is derived from its slot, and written over every
// byte of the block, so two live blocks that overlap always show up in `alloc_test_verify`.
#include "grosr_alloc.cuh"

__device__ __forceinline__ u32 test_hash(u32 x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

// size_mode 0: `param` bytes; 1: uniform in [16, param]; 2: 16 << (hash % 10) (16 B .. 8 KB);
// 3: uniform in [1, param].
__device__ __forceinline__ u32 test_size(u32 mode, u32 param, u32 key) {
    u32 r = test_hash(key);
    switch (mode) {
    case 0: return param;
    case 1: return 16u + r % (param - 15u);
    case 2: return 16u << (r % 10u);
    default: return 1u + r % param;
    }
}

__device__ __forceinline__ u8 tag_byte(u32 tag, u32 j) { return (u8)(tag >> (8u * (j & 3u))) ^ (u8)(j >> 2); }

__device__ void tag_fill(u8* p, u32 size, u32 tag) {
    u32 words = size / 4u;
    u32* w = reinterpret_cast<u32*>(p);
    for (u32 i = 0; i < words; ++i) {
        u32 v = 0;
        for (u32 b = 0; b < 4; ++b) v |= (u32)tag_byte(tag, 4u * i + b) << (8u * b);
        w[i] = v;
    }
    for (u32 j = words * 4u; j < size; ++j) p[j] = tag_byte(tag, j);
}

__device__ u32 tag_check(const u8* p, u32 size, u32 tag) {
    u32 bad = 0;
    u32 words = size / 4u;
    const u32* w = reinterpret_cast<const u32*>(p);
    for (u32 i = 0; i < words; ++i) {
        u32 v = 0;
        for (u32 b = 0; b < 4; ++b) v |= (u32)tag_byte(tag, 4u * i + b) << (8u * b);
        bad += w[i] != v;
    }
    for (u32 j = words * 4u; j < size; ++j) bad += p[j] != tag_byte(tag, j);
    return bad;
}

// Fills every empty slot (ptrs[i] == 0) with a new block, tags it, and records its size.
extern "C" __global__ void alloc_test_alloc(u64 handle, u64* ptrs, u32* sizes, u32 n, u32 nthreads, u32 size_mode,
                                            u32 size_param, u32 seed, u64* nulls) {
    u32 t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= nthreads) return;
    u32 failed = 0;
    for (u32 j = 0; j < n; ++j) {
        u64 i = (u64)t * n + j;
        if (ptrs[i] != 0) continue;
        u32 size = test_size(size_mode, size_param, (u32)i * 2654435761u + seed);
        u8* p = (u8*)grosr_malloc(handle, size);
        if (p) {
            tag_fill(p, size, test_hash((u32)i ^ 0xa5a5a5a5u));
            ptrs[i] = (u64)p;
            sizes[i] = size;
        } else {
            ++failed;
        }
    }
    if (failed) atomicAdd(nulls, (u64)failed);
}

// Checks the tag of every live block; counts bad bytes.
extern "C" __global__ void alloc_test_verify(const u64* ptrs, const u32* sizes, u32 n, u32 nthreads, u64* errors) {
    u32 t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= nthreads) return;
    u32 bad = 0;
    for (u32 j = 0; j < n; ++j) {
        u64 i = (u64)t * n + j;
        if (ptrs[i] == 0) continue;
        bad += tag_check((const u8*)ptrs[i], sizes[i], test_hash((u32)i ^ 0xa5a5a5a5u));
    }
    if (bad) atomicAdd(errors, (u64)bad);
}

// Frees live blocks: all of them (keep_pct 0) or each with probability (100 - keep_pct) %.
extern "C" __global__ void alloc_test_free(u64 handle, u64* ptrs, u32 n, u32 nthreads, u32 keep_pct, u32 seed) {
    u32 t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= nthreads) return;
    for (u32 j = 0; j < n; ++j) {
        u64 i = (u64)t * n + j;
        u64 p = ptrs[i];
        if (p == 0) continue;
        if (keep_pct && test_hash((u32)i * 747796405u + seed) % 100u < keep_pct) continue;
        grosr_free(handle, (void*)p);
        ptrs[i] = 0;
    }
}

// Alloc, tag every byte, check, free, `rounds` times per thread, all inside one kernel.
extern "C" __global__ void alloc_test_churn(u64 handle, u32 nthreads, u32 rounds, u32 size_mode, u32 size_param,
                                            u32 seed, u64* errors, u64* nulls) {
    u32 t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= nthreads) return;
    u32 bad = 0, failed = 0;
    for (u32 r = 0; r < rounds; ++r) {
        u32 key = t * 2654435761u + r * 40503u + seed;
        u32 size = test_size(size_mode, size_param, key);
        u8* p = (u8*)grosr_malloc(handle, size);
        if (!p) { ++failed; continue; }
        u32 tag = test_hash(key ^ 0x5bd1e995u);
        tag_fill(p, size, tag);
        bad += tag_check(p, size, tag);
        grosr_free(handle, p);
    }
    if (bad) atomicAdd(errors, (u64)bad);
    if (failed) atomicAdd(nulls, (u64)failed);
}

// Debug checks: thread 0 frees a block twice, frees a pointer outside the arena, a pointer into the
// middle of a block, and nullptr; reports the block it used.
extern "C" __global__ void alloc_test_bad_frees(u64 handle, u64* out) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    u8* p = (u8*)grosr_malloc(handle, 64);
    out[0] = (u64)p;
    if (!p) return;
    grosr_free(handle, p);
    grosr_free(handle, p);           // double free
    u8* q = (u8*)grosr_malloc(handle, 64);
    out[1] = (u64)q;
    grosr_free(handle, q + 16);      // inside a block: foreign
    grosr_free(handle, (void*)out);  // outside the arena: foreign
    grosr_free(handle, nullptr);     // no-op
    grosr_free(handle, q);
}
