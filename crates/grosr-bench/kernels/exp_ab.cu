// exp_ab.cu: the raw-driver baseline kernels of experiments A, B and B+, and the GPU-side validators.
//
// Levels: every `ab_*_one` kernel is meant for a <<<1, 1>>> launch (one task per launch, the seed's
// baseline shape); `ab_write_all` and the `ab_check_*` kernels run at grid level over n elements.
#include "grosr_sync.cuh"

// Exp A stage 1 of pair i: data[i] = 2*i (one thread).
extern "C" __global__ void ab_stage1_one(u32* data, u32 i) {
    data[i] = 2u * i;
}

// Exp A stage 2 of pair i: data[i] += 1, so a completed pair leaves data[i] == 2*i + 1 (one thread).
extern "C" __global__ void ab_stage2_one(u32* data, u32 i) {
    data[i] += 1u;
}

// Exp A latency, one task doing the whole pair: data[i] = 2*i + 1 (one thread).
extern "C" __global__ void ab_single_one(u32* data, u32 i) {
    data[i] = 2u * i + 1u;
}

// Exp B one tiny task: results[i] = 2*i (one thread).
extern "C" __global__ void ab_write_one(u32* results, u32 i) {
    results[i] = 2u * i;
}

// Exp B bulk: every task of the batch in one kernel (grid level).
extern "C" __global__ void ab_write_all(u32* results, u32 n) {
    u32 i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) results[i] = 2u * i;
}

// Validator (grid level): counts i < n with out[i] != mul*i + add and keeps the smallest such i.
// counters[0]: mismatches; counters[1]: first mismatching index (host initialises it to ~0).
// Relaxed device atomics suffice: the host reads the counters only after the kernel has finished.
extern "C" __global__ void ab_check_affine(const u32* out, u32 n, u32 mul, u32 add, u64* counters) {
    u32 i = blockIdx.x * blockDim.x + threadIdx.x;
    bool bad = i < n && out[i] != mul * i + add;
    // Warp-aggregated count: one atomic per warp with a mismatch.
    u32 mask = __ballot_sync(0xffffffffu, bad);
    if (mask != 0 && grosr::lane_id() == (u32)(__ffs(mask) - 1)) {
        atomicAdd(&counters[0], (u64)__popc(mask));
        atomicMin(&counters[1], (u64)i);
    }
}
