// exp_d.cu: Experiment D, the allocator benchmark. One kernel per allocator variant, all running the
// same thread-level loop (`exp_d_body`):
//   mode 0 churn: alloc, touch, free at once
//   mode 1 outstanding: each thread keeps `outstanding` live blocks, freeing the oldest
//   mode 2 the seed's mix: like 1 with sizes 64/128/256/512 B
//   mode 3 wide mix: like 1 with sizes uniform over 16 B .. 8 KB (includes the large path)
//   mode 4 cross-warp frees: blocks allocated by warp w are freed by warp w + 1 of the block
// `size_max > size` draws sizes uniformly from [size, size_max] (modes 0 and 1).
// Touch writes an owner tag over the first `touch` bytes (at least 4); with `verify` the tag is
// checked before the block is freed and mismatches are counted (used outside the timed runs).
#include "grosr_alloc.cuh"

#define EXP_D_MAX_OUT 64

__device__ __forceinline__ u32 d_hash(u32 x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

// The allocator under test: grosr's slab allocator.
struct GrosrAlloc {
    u64 h;
    __device__ void* alloc(u32 size) { return grosr_malloc(h, size); }
    __device__ void release(void* p) { grosr_free(h, p); }
};

// CUDA's device malloc/free (heap size set by the host, stated in the records).
struct CudaAlloc {
    __device__ void* alloc(u32 size) { return ::malloc(size); }
    __device__ void release(void* p) { ::free(p); }
};

// A compact re-implementation of the seed's allocator: 4 KB slabs, one bitmap per slab, size classes
// 32 B .. 4 KB (powers of two), the arena statically partitioned into 8 equal per-class pools.
// Thread level: one atomic per block, no aggregation, a bounded probe of slabs from a hashed start.
#define SEED_SLAB 4096u
#define SEED_CLASSES 8u
#define SEED_WORDS 4u      // u32 bitmap words per slab (128 blocks of 32 B)
#define SEED_PROBES 1024u  // slabs probed before giving up
struct SeedAlloc {
    u64 base;
    u32* bitmap;           // [nslabs][SEED_WORDS]
    u32 slabs_per_class;
    __device__ void* alloc(u32 size) {
        if (size > 4096u) return nullptr;
        u32 c = size <= 32u ? 0u : (32u - __clz(size - 1u)) - 5u;
        u32 bsize = 32u << c, blocks = SEED_SLAB / bsize;
        u32 start = d_hash((blockIdx.x * blockDim.x + threadIdx.x) ^ (u32)clock());
        for (u32 i = 0; i < SEED_PROBES && i < slabs_per_class; ++i) {
            u32 s = c * slabs_per_class + (start + i) % slabs_per_class;
            for (u32 w = 0; w * 32u < blocks; ++w) {
                u32 valid = blocks - w * 32u >= 32u ? 0xFFFFFFFFu : ((1u << (blocks - w * 32u)) - 1u);
                u32* word = &bitmap[(u64)s * SEED_WORDS + w];
                u32 v = *(volatile u32*)word;
                while ((~v & valid) != 0u) {
                    u32 b = __ffs(~v & valid) - 1u;
                    v = atomicOr(word, 1u << b);
                    if (!(v & (1u << b))) {
                        // Acquire: the previous owner's writes (fenced in release) are before ours.
                        __threadfence();
                        return (void*)(base + (u64)s * SEED_SLAB + (u64)(w * 32u + b) * bsize);
                    }
                }
            }
        }
        return nullptr;
    }
    __device__ void release(void* p) {
        u64 off = (u64)p - base;
        u32 s = (u32)(off / SEED_SLAB);
        u32 c = s / slabs_per_class;
        u32 b = (u32)(off % SEED_SLAB) / (32u << c);
        // Release: this thread's writes to the block are visible before the block can be reused.
        __threadfence();
        atomicAnd(&bitmap[(u64)s * SEED_WORDS + b / 32u], ~(1u << (b % 32u)));
    }
};

struct DParams {
    u32 nthreads, iters, size, size_max, mode, outstanding, touch, verify;
};

__device__ __forceinline__ u32 d_size(const DParams& P, u32 t, u32 i) {
    u32 r = d_hash(t * 2654435761u + i * 40503u + 17u);
    switch (P.mode) {
    case 2: return 64u << (r & 3u);
    case 3: return 16u + r % (8192u - 15u);
    default: return P.size_max > P.size ? P.size + r % (P.size_max - P.size + 1u) : P.size;
    }
}

__device__ __forceinline__ u32 d_tag(u32 t, u32 i) { return d_hash(t * 0x9E3779B1u + i) | 1u; }

__device__ __forceinline__ void d_touch(void* p, u32 size, u32 touch, u32 tag) {
    u32 n = max(1u, min(touch, size) / 4u);
    u32* w = (u32*)p;
    for (u32 j = 0; j < n; ++j) w[j] = tag + j;
}

__device__ __forceinline__ u32 d_check(const void* p, u32 size, u32 touch, u32 tag) {
    u32 n = max(1u, min(touch, size) / 4u);
    const volatile u32* w = (const volatile u32*)p;
    u32 bad = 0;
    for (u32 j = 0; j < n; ++j) bad += w[j] != tag + j;
    return bad;
}

// counters: [0] successful allocations, [1] failed allocations, [2] tag mismatches.
template <class A>
__device__ void exp_d_body(A& al, const DParams& P, u64* counters) {
    __shared__ void* xchg[1024];
    u32 t = blockIdx.x * blockDim.x + threadIdx.x;
    bool on = t < P.nthreads;
    u32 ok = 0, failed = 0, bad = 0;
    if (P.mode == 4) {
        // Cross-warp frees: every thread of the block takes part in every round (barriers).
        u32 partner = (threadIdx.x + 32u) % blockDim.x;
        u32 pt = blockIdx.x * blockDim.x + partner;
        for (u32 i = 0; i < P.iters; ++i) {
            void* p = nullptr;
            if (on) {
                u32 sz = d_size(P, t, i);
                p = al.alloc(sz);
                if (p) { ++ok; d_touch(p, sz, P.touch, d_tag(t, i)); } else { ++failed; }
            }
            xchg[threadIdx.x] = p;
            __syncthreads();
            void* q = xchg[partner];
            if (q) {
                if (P.verify) bad += d_check(q, d_size(P, pt, i), P.touch, d_tag(pt, i));
                al.release(q);
            }
            __syncthreads();
        }
    } else if (on && P.mode == 0) {
        for (u32 i = 0; i < P.iters; ++i) {
            u32 sz = d_size(P, t, i);
            void* p = al.alloc(sz);
            if (!p) { ++failed; continue; }
            ++ok;
            u32 tag = d_tag(t, i);
            d_touch(p, sz, P.touch, tag);
            if (P.verify) bad += d_check(p, sz, P.touch, tag);
            al.release(p);
        }
    } else if (on) {
        void* ring[EXP_D_MAX_OUT];
        u32 born[EXP_D_MAX_OUT];
        u32 o = min(max(P.outstanding, 1u), (u32)EXP_D_MAX_OUT);
        for (u32 j = 0; j < o; ++j) ring[j] = nullptr;
        for (u32 i = 0; i < P.iters; ++i) {
            u32 k = i % o;
            if (ring[k]) {
                if (P.verify) bad += d_check(ring[k], d_size(P, t, born[k]), P.touch, d_tag(t, born[k]));
                al.release(ring[k]);
                ring[k] = nullptr;
            }
            u32 sz = d_size(P, t, i);
            void* p = al.alloc(sz);
            if (!p) { ++failed; continue; }
            ++ok;
            d_touch(p, sz, P.touch, d_tag(t, i));
            ring[k] = p;
            born[k] = i;
        }
        for (u32 j = 0; j < o; ++j) {
            if (!ring[j]) continue;
            if (P.verify) bad += d_check(ring[j], d_size(P, t, born[j]), P.touch, d_tag(t, born[j]));
            al.release(ring[j]);
        }
    }
    // One atomic per warp for the counters.
    for (int s = 16; s > 0; s >>= 1) {
        ok += __shfl_down_sync(0xffffffffu, ok, s);
        failed += __shfl_down_sync(0xffffffffu, failed, s);
        bad += __shfl_down_sync(0xffffffffu, bad, s);
    }
    if ((threadIdx.x & 31u) == 0) {
        if (ok) atomicAdd(&counters[0], (u64)ok);
        if (failed) atomicAdd(&counters[1], (u64)failed);
        if (bad) atomicAdd(&counters[2], (u64)bad);
    }
}

#define EXP_D_PARAMS u32 nthreads, u32 iters, u32 size, u32 size_max, u32 mode, u32 outstanding, u32 touch, u32 verify, u64* counters
#define EXP_D_P DParams{nthreads, iters, size, size_max, mode, outstanding, touch, verify}

extern "C" __global__ void exp_d_grosr(u64 handle, EXP_D_PARAMS) {
    GrosrAlloc a{handle};
    exp_d_body(a, EXP_D_P, counters);
}

extern "C" __global__ void exp_d_cuda(EXP_D_PARAMS) {
    CudaAlloc a;
    exp_d_body(a, EXP_D_P, counters);
}

extern "C" __global__ void exp_d_seed(u64 base, u32* bitmap, u32 slabs_per_class, EXP_D_PARAMS) {
    SeedAlloc a{base, bitmap, slabs_per_class};
    exp_d_body(a, EXP_D_P, counters);
}
