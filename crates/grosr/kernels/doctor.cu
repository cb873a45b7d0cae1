// doctor.cu: the probe kernels behind `grosr doctor` and the device-layer GPU tests.
#include "grosr_sync.cuh"

// Grid level: out[i] = 2*i + 1 for i < n (compile + launch + verify check).
extern "C" __global__ void grosr_probe_fill(u32* out, u64 n) {
    u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = (u32)(2 * i + 1);
}

// One thread: a persistent ping responder over mapped pinned memory.
// mailbox[0]: request sequence number written by the host (0 = none yet, ~0 = stop).
// mailbox[8]: reply, the last sequence number seen (on its own 64-byte line, apart from the request).
// Exits on stop, or after `idle_limit_ns` with no request (a watchdog against a host that died,
// not a termination rule: the host always sends stop).
extern "C" __global__ void grosr_probe_ping(u64* mailbox, u64 idle_limit_ns) {
    if (threadIdx.x != 0 || blockIdx.x != 0) return;
    u64 last = 0;
    u64 idle_since = grosr::globaltimer_ns();
    for (;;) {
        // Relaxed system-scope poll: the request carries no payload to order, only its value.
        u64 seq = grosr::ld_relaxed_sys(&mailbox[0]);
        if (seq == ~0ull) break;
        if (seq != last) {
            last = seq;
            // Release so the host, acquiring the reply, sees a completed exchange.
            grosr::st_release_sys(&mailbox[8], seq);
            idle_since = grosr::globaltimer_ns();
        } else if (grosr::globaltimer_ns() - idle_since > idle_limit_ns) {
            break;
        }
    }
}

// The ping with `warps` responders (one block, lane 0 of each warp), each polling the 32-byte request
// sector warp % sectors of `req` (sector k is words 4k; the host writes the request into every sector
// in use; `req` may be write-combined memory); warp w starts w * gap_cycles after warp 0, so their
// reads leave staggered. A block-wide maximum decides which warp writes the reply (reply[0]) to a
// request (once, in request order). Same stop and idle watchdog as above.
extern "C" __global__ void grosr_probe_ping_multi(u64* reply, const u64* req_box, u64 idle_limit_ns, u32 sectors,
                                                  u32 gap_cycles) {
    __shared__ u64 replied;
    if (threadIdx.x == 0) replied = 0;
    __syncthreads();
    if ((threadIdx.x & 31u) != 0) return;
    u32 w = threadIdx.x >> 5;
    const u64* req = req_box + 4 * (w % sectors);
    u64 start = clock64();
    while (clock64() - start < (u64)w * gap_cycles) {
    }
    u64 last = 0;
    u64 idle_since = grosr::globaltimer_ns();
    for (;;) {
        // Relaxed system-scope poll: the request carries no payload to order, only its value.
        u64 seq = grosr::ld_relaxed_sys(req);
        if (seq == ~0ull) break;
        if (seq > last) {
            last = seq;
            // Shared-memory maximum: the first warp to see a request replies, later ones do not.
            if (atomicMax(&replied, seq) < seq) grosr::st_release_sys(&reply[0], seq);
            idle_since = grosr::globaltimer_ns();
        } else if (grosr::globaltimer_ns() - idle_since > idle_limit_ns) {
            break;
        }
    }
}
