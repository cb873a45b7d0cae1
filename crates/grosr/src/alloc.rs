//! The device slab allocator: an arena in device memory that any kernel allocates from with
//! `grosr_malloc(handle, size)` / `grosr_free(handle, ptr)` (CUDA header `grosr_alloc.cuh`).
//!
//! The host side here builds the arena and its metadata, hands out the handle (a device address that
//! kernels and runtime tasks receive), reads exact statistics once the device is quiescent, and
//! resets the allocator. The design (slabs assigned to size classes on demand, per-SM current slabs,
//! warp-aggregated claims, runs of slabs above 32 KB) is described in `docs/allocator.md` and at the
//! top of `kernels/grosr_alloc.cuh`.
//!
//! ```no_run
//! use grosr::alloc::{AllocConfig, SlabAllocator};
//! let dev = grosr::device::Device::open(0)?;
//! let alloc = SlabAllocator::new(&dev, AllocConfig::bytes(256 << 20))?;
//! // Pass alloc.handle() to a kernel (a u64 argument) or to Builder::allocator_handle.
//! let h = alloc.handle();
//! # let _ = h;
//! let stats = alloc.stats()?;
//! assert_eq!(stats.live_blocks, 0);
//! # Ok::<(), grosr::Error>(())
//! ```

use crate::device::{Device, DeviceBuffer};
use crate::error::{Error, Result};

/// Bytes per slab (`GROSR_SLAB_BYTES`): the unit the arena is cut into.
pub const SLAB_BYTES: u64 = 1 << 17;
/// Bitmap words per slab (`GROSR_SLAB_WORDS`).
const SLAB_WORDS: usize = 128;
/// Per-SM `current` and `next` entries, in u64 (`GROSR_CUR_STRIDE`).
const CUR_STRIDE: usize = 64;
/// Per-SM statistics counters, in u64 (`GROSR_STAT_STRIDE`).
const STAT_STRIDE: usize = 48;
/// Global counters, in u64 (`GROSR_GLOBAL_WORDS`).
const GLOBAL_WORDS: usize = 32;
/// Words of the handle struct.
const HANDLE_WORDS: usize = 16;

/// The size classes, in bytes: 16 B to 4 KB in steps of 1.5x / 2x (worst-case internal waste 33 %,
/// except 16 -> 32 B: 48 %), then 8, 16 and 32 KB. Larger requests take runs of whole slabs.
pub const SIZE_CLASSES: [u32; 19] = [
    16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384,
    32768,
];
/// Number of size classes (`GROSR_NCLASS`).
pub const NUM_CLASSES: usize = SIZE_CLASSES.len();

// Statistics indices (GROSR_STAT_* and GROSR_GL_* in grosr_alloc.cuh).
const _: () = assert!(STAT_FOREIGN_FREES < STAT_STRIDE);
const _: () = assert!(GL_CLASS_SLABS + NUM_CLASSES <= GLOBAL_WORDS);
const _: () = assert!(NUM_CLASSES <= CUR_STRIDE / 2);
const STAT_ALLOCS: usize = 0;
// [NUM_CLASSES, 2 * NUM_CLASSES): reserved (frees are derived, see `SlabAllocator::derive`).
const STAT_FAILURES: usize = 2 * NUM_CLASSES;
const STAT_LARGE_ALLOCS: usize = 2 * NUM_CLASSES + 1;
const STAT_LARGE_FREES: usize = 2 * NUM_CLASSES + 2;
const STAT_DOUBLE_FREES: usize = 2 * NUM_CLASSES + 3;
const STAT_FOREIGN_FREES: usize = 2 * NUM_CLASSES + 4;
/// Slab states in a header (`GROSR_ST_*`).
const SLAB_DETACHED: u64 = 1;
const SLAB_ATTACHED: u64 = 2;
const GL_SLABS_IN_USE: usize = 0;
const GL_HIGH_WATER: usize = 1;
const GL_RUN_SLABS: usize = 2;
const GL_CLASS_SLABS: usize = 3;

/// The compile-time define that turns on the debug checks (double frees and foreign pointers are
/// detected, counted and ignored). Add it to the `CompileOptions::defines` of the program that
/// includes `grosr_alloc.cuh`.
pub const DEBUG_DEFINE: &str = "GROSR_ALLOC_DEBUG";

/// The size class serving a request of `size` bytes, or `None` above 32 KB (a run of slabs).
/// Mirrors `class_of` in `grosr_alloc.cuh`.
pub fn size_class(size: u64) -> Option<usize> {
    if size > SIZE_CLASSES[NUM_CLASSES - 1] as u64 {
        return None;
    }
    SIZE_CLASSES.iter().position(|&c| size <= c as u64)
}

/// Blocks of class `c` per slab.
pub fn class_capacity(c: usize) -> u64 {
    SLAB_BYTES / SIZE_CLASSES[c] as u64
}

/// How big the arena is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArenaSize {
    /// This many bytes (rounded down to whole 128 KB slabs).
    Bytes(u64),
    /// This fraction (0, 1] of the device memory free when the allocator is created.
    FractionOfFree(f64),
}

/// Configuration of a [`SlabAllocator`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AllocConfig {
    /// Arena size.
    pub arena: ArenaSize,
    /// Allocation slots per SM, 1 to 8, or 0 (the default) for automatic. Each slot has its own
    /// current slab per size class and a warp uses one slot, so more slots mean fewer warps
    /// contending for one `current` word, but also more partly used slabs (up to slots x classes
    /// x 128 KB), which a small arena cannot afford: slabs held by other classes are not free for a
    /// new class. Automatic: `arena slabs / (SMs x classes x 4)`, clamped to 1..=4, so that partly
    /// used slabs can take at most a quarter of the arena.
    pub slots_per_sm: u32,
}

/// Default [`AllocConfig::slots_per_sm`]: automatic.
pub const DEFAULT_SLOTS_PER_SM: u32 = 0;

/// The allocation slots [`AllocConfig::slots_per_sm`] = 0 gives an arena of `nslabs` slabs:
/// [`auto_slots_per_sm`] per SM, except in an arena too small for every SM to hold a slab of every
/// class (fewer than SMs x classes slabs), where the SMs share `nslabs / classes` slots (SM s uses
/// slot s mod slots), so partly used slabs can never hold the whole arena.
pub fn auto_slot_count(nslabs: u64, sm_count: u64) -> u64 {
    let sms = sm_count.max(1);
    if nslabs < sms * NUM_CLASSES as u64 {
        (nslabs / NUM_CLASSES as u64).max(1)
    } else {
        sms * auto_slots_per_sm(nslabs, sms) as u64
    }
}

/// The slots per SM that [`AllocConfig::slots_per_sm`] = 0 picks for an arena of `nslabs` slabs.
pub fn auto_slots_per_sm(nslabs: u64, sm_count: u64) -> u32 {
    (nslabs / (sm_count.max(1) * NUM_CLASSES as u64 * 4)).clamp(1, 4) as u32
}

impl AllocConfig {
    /// An arena of `bytes` bytes.
    pub fn bytes(bytes: u64) -> Self {
        Self {
            arena: ArenaSize::Bytes(bytes),
            slots_per_sm: DEFAULT_SLOTS_PER_SM,
        }
    }

    /// An arena of `fraction` of the free device memory.
    pub fn fraction_of_free(fraction: f64) -> Self {
        Self {
            arena: ArenaSize::FractionOfFree(fraction),
            slots_per_sm: DEFAULT_SLOTS_PER_SM,
        }
    }
}

impl Default for AllocConfig {
    /// A quarter of the free device memory.
    fn default() -> Self {
        Self::fraction_of_free(0.25)
    }
}

/// Where each metadata array lives in the metadata buffer (offsets in u64 words). Statistics come
/// first so that [`SlabAllocator::stats`] copies a short prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    nslabs: usize,
    nsm: usize,
    global: usize,
    stats: usize,
    current: usize,
    run_len: usize,
    ctr: usize,
    bitmap: usize,
    total: usize,
    pool_words: usize,
}

impl Layout {
    fn new(nslabs: usize, nsm: usize) -> Self {
        let align = |x: usize| x.next_multiple_of(32);
        let global = 0;
        let stats = align(global + GLOBAL_WORDS);
        let current = align(stats + nsm * STAT_STRIDE);
        let run_len = align(current + nsm * CUR_STRIDE);
        let ctr = align(run_len + nslabs.div_ceil(2));
        let bitmap = align(ctr + nslabs);
        let total = align(bitmap + nslabs * SLAB_WORDS);
        Self {
            nslabs,
            nsm,
            global,
            stats,
            current,
            run_len,
            ctr,
            bitmap,
            total,
            pool_words: nslabs.div_ceil(64),
        }
    }

    /// Words of the metadata prefix the statistics read: counters, `current` words and slab headers.
    fn stats_prefix(&self) -> usize {
        self.ctr + self.nslabs
    }

    /// The pool bitmap's initial value: every slab free, bits past the last slab taken.
    fn pool_init(&self) -> Vec<u64> {
        let mut v = vec![0u64; self.pool_words];
        let tail = self.nslabs % 64;
        if tail != 0 {
            if let Some(last) = v.last_mut() {
                *last = !0u64 << tail;
            }
        }
        v
    }
}

/// Per size class statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassStats {
    /// Block size of the class.
    pub size: u32,
    /// Successful allocations.
    pub allocations: u64,
    /// Frees.
    pub frees: u64,
    /// Slabs currently assigned to the class.
    pub slabs: u64,
}

/// Exact allocator statistics (read when no kernel is using the allocator).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllocStats {
    /// Arena size in bytes.
    pub arena_bytes: u64,
    /// Per size class.
    pub classes: Vec<ClassStats>,
    /// Successful allocations (small and large).
    pub allocations: u64,
    /// Frees (small and large).
    pub frees: u64,
    /// Allocations that returned null (out of memory).
    pub failures: u64,
    /// Live blocks: allocations - frees.
    pub live_blocks: u64,
    /// Bytes handed out and not freed: live blocks times their class size, plus whole slabs of runs.
    pub bytes_in_use: u64,
    /// Allocations above 32 KB (runs of slabs).
    pub large_allocations: u64,
    /// Frees of runs.
    pub large_frees: u64,
    /// Slabs held by runs now.
    pub run_slabs: u64,
    /// Slabs taken from the pool now (by classes or runs).
    pub slabs_in_use: u64,
    /// Peak of `slabs_in_use`, in bytes: the most arena memory the allocator ever had in use.
    pub high_water_bytes: u64,
    /// Double frees detected (only with [`DEBUG_DEFINE`]).
    pub double_frees: u64,
    /// Frees of pointers this allocator did not hand out (only with [`DEBUG_DEFINE`]).
    pub foreign_frees: u64,
}

/// A device slab allocator: the arena, its metadata and the handle kernels use. Freed on drop; the
/// caller keeps it alive while any kernel may use its handle.
pub struct SlabAllocator {
    arena: DeviceBuffer<u8>,
    meta: DeviceBuffer<u64>,
    pool: DeviceBuffer<u64>,
    handle: DeviceBuffer<u64>,
    layout: Layout,
}

impl std::fmt::Debug for SlabAllocator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlabAllocator")
            .field("arena_bytes", &self.arena_bytes())
            .field("handle", &format_args!("{:#x}", self.handle()))
            .finish()
    }
}

impl SlabAllocator {
    /// Allocates the arena (plain `cuMemAlloc`) and metadata on `device` and initialises them.
    pub fn new(device: &Device, config: AllocConfig) -> Result<Self> {
        let bytes = match config.arena {
            ArenaSize::Bytes(b) => b,
            ArenaSize::FractionOfFree(f) => {
                if !(f > 0.0 && f <= 1.0) {
                    return Err(Error::invalid(
                        "arena fraction",
                        format!("{f} (must be in (0, 1])"),
                    ));
                }
                let (free, _) = device.mem_info()?;
                (free as f64 * f) as u64
            }
        };
        let nslabs = bytes / SLAB_BYTES;
        if nslabs == 0 || nslabs >= 1 << 25 {
            return Err(Error::invalid(
                "arena size",
                format!("{bytes} bytes (must be at least one 128 KB slab and below 4 TB)"),
            ));
        }
        let nslabs = nslabs as usize;
        let sms = device.sm_count().max(1) as u64;
        let spm = match config.slots_per_sm {
            0 => auto_slots_per_sm(nslabs as u64, sms),
            n @ 1..=8 => n,
            n => {
                return Err(Error::invalid(
                    "slots_per_sm",
                    format!("{n} (must be 0 for automatic, or 1 to 8)"),
                ))
            }
        };
        let slots = if config.slots_per_sm == 0 {
            auto_slot_count(nslabs as u64, sms)
        } else {
            sms * spm as u64
        };
        let layout = Layout::new(nslabs, slots as usize);
        // One extra slab so the arena can start on a slab boundary.
        let arena = DeviceBuffer::<u8>::zeroed(device, (nslabs + 1) * SLAB_BYTES as usize)?;
        let meta = DeviceBuffer::<u64>::zeroed(device, layout.total)?;
        let pool = DeviceBuffer::<u64>::from_slice(device, &layout.pool_init())?;
        let base = arena.device_ptr().next_multiple_of(SLAB_BYTES);
        let m = meta.device_ptr();
        let at = |words: usize| m + 8 * words as u64;
        let mut h = [0u64; HANDLE_WORDS];
        h[0] = base;
        h[1] = nslabs as u64;
        h[2] = at(layout.ctr);
        h[3] = at(layout.bitmap);
        h[4] = pool.device_ptr();
        h[5] = layout.pool_words as u64;
        h[6] = at(layout.current);
        h[7] = layout.nsm as u64;
        h[8] = at(layout.stats);
        h[9] = at(layout.global);
        h[10] = at(layout.run_len);
        h[11] = spm as u64;
        let handle = DeviceBuffer::from_slice(device, &h)?;
        Ok(Self {
            arena,
            meta,
            pool,
            handle,
            layout,
        })
    }

    /// The device address of the handle: pass it to kernels (`grosr_malloc(handle, size)`) or to
    /// `runtime::Builder::allocator_handle`.
    pub fn handle(&self) -> u64 {
        self.handle.device_ptr()
    }

    /// Usable arena bytes (whole slabs).
    pub fn arena_bytes(&self) -> u64 {
        self.layout.nslabs as u64 * SLAB_BYTES
    }

    /// Device address of the first arena byte (every block lies in `[base, base + arena_bytes)`).
    pub fn arena_base(&self) -> u64 {
        self.arena.device_ptr().next_multiple_of(SLAB_BYTES)
    }

    /// Reads the statistics. Exact when no kernel is using the allocator (synchronise first): the
    /// device updates the counters with relaxed atomics while it runs.
    pub fn stats(&self) -> Result<AllocStats> {
        let mut words = vec![0u64; self.layout.stats_prefix()];
        self.meta.copy_to_host(&mut words)?;
        Ok(self.summarise(&words))
    }

    /// What the per-slab state says, per class: blocks handed out by the slabs that are some slot's
    /// `current` now (the device counts a slab's hand-outs when it detaches), and live blocks
    /// (a detached slab's count; an attached one's count minus the blocks it has not handed out).
    /// The device keeps no per-allocation or per-free counter on its fast path; frees are
    /// allocations minus live blocks. Exact when no kernel is using the allocator.
    fn derive(l: &Layout, words: &[u64]) -> ([u64; NUM_CLASSES], [u64; NUM_CLASSES]) {
        let mut handed_now = [0u64; NUM_CLASSES];
        let mut live = [0u64; NUM_CLASSES];
        // Hand-outs of each slab that is a `current` now (a prepared `next` has handed out none).
        let mut handed_of = vec![0u64; l.nslabs];
        for slot in 0..l.nsm {
            for (c, now) in handed_now.iter_mut().enumerate() {
                let v = words[l.current + slot * CUR_STRIDE + c];
                let sid = (v >> 32) as usize;
                if sid == 0 || sid > l.nslabs {
                    continue;
                }
                let handed = (v & 0xFFFF_FFFF).min(class_capacity(c));
                *now += handed;
                handed_of[sid - 1] = handed;
            }
        }
        for (s, &v) in words[l.ctr..l.ctr + l.nslabs].iter().enumerate() {
            let state = (v >> 32) & 0xF;
            let c = ((v >> 40) & 0xFF) as usize;
            let count = v & 0xFFFF_FFFF;
            if c >= NUM_CLASSES {
                continue;
            }
            match state {
                SLAB_DETACHED => live[c] += count,
                SLAB_ATTACHED => {
                    live[c] += (count + handed_of[s]).saturating_sub(class_capacity(c));
                }
                _ => {}
            }
        }
        (handed_now, live)
    }

    fn summarise(&self, words: &[u64]) -> AllocStats {
        let l = &self.layout;
        let global = &words[l.global..l.global + GLOBAL_WORDS];
        let slot = |i: usize| &words[l.stats + i * STAT_STRIDE..l.stats + (i + 1) * STAT_STRIDE];
        let sum = |k: usize| (0..l.nsm).map(|i| slot(i)[k]).sum::<u64>();
        let (handed_now, live) = Self::derive(l, words);
        let classes: Vec<ClassStats> = (0..NUM_CLASSES)
            .map(|c| {
                let allocations = sum(STAT_ALLOCS + c) + handed_now[c];
                ClassStats {
                    size: SIZE_CLASSES[c],
                    allocations,
                    frees: allocations.wrapping_sub(live[c]),
                    slabs: global[GL_CLASS_SLABS + c],
                }
            })
            .collect();
        let large_allocations = sum(STAT_LARGE_ALLOCS);
        let large_frees = sum(STAT_LARGE_FREES);
        let allocations = classes.iter().map(|c| c.allocations).sum::<u64>() + large_allocations;
        let frees = classes.iter().map(|c| c.frees).sum::<u64>() + large_frees;
        let run_slabs = global[GL_RUN_SLABS];
        let bytes_in_use = classes
            .iter()
            .map(|c| c.allocations.wrapping_sub(c.frees) * c.size as u64)
            .sum::<u64>()
            + run_slabs * SLAB_BYTES;
        AllocStats {
            arena_bytes: self.arena_bytes(),
            classes,
            allocations,
            frees,
            failures: sum(STAT_FAILURES),
            live_blocks: allocations.wrapping_sub(frees),
            bytes_in_use,
            large_allocations,
            large_frees,
            run_slabs,
            slabs_in_use: global[GL_SLABS_IN_USE],
            high_water_bytes: global[GL_HIGH_WATER] * SLAB_BYTES,
            double_frees: sum(STAT_DOUBLE_FREES),
            foreign_frees: sum(STAT_FOREIGN_FREES),
        }
    }

    /// Frees every block at once and zeroes the statistics. Only while no kernel uses the allocator.
    pub fn reset(&self) -> Result<()> {
        self.meta.fill_bytes(0)?;
        self.pool.copy_from_host(&self.layout.pool_init())
    }
}

/// The allocator's test kernels (`crates/grosr/kernels/grosr_alloc_test.cu`), with and without the
/// debug checks, for the kernel check and the GPU tests.
pub const TEST_PROGRAM: crate::kernels::Program = crate::kernels::Program {
    name: "grosr_alloc_test.cu",
    source: include_str!("../kernels/grosr_alloc_test.cu"),
};

/// The allocator's programs for `grosr check-kernels`: the test kernels, plain and in debug mode.
pub fn programs() -> Vec<(String, String)> {
    vec![
        (
            TEST_PROGRAM.name.to_string(),
            TEST_PROGRAM.source.to_string(),
        ),
        (
            "grosr_alloc_test_debug.cu".to_string(),
            format!("#define {DEBUG_DEFINE}\n{}", TEST_PROGRAM.source),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_slots_per_sm_scale_with_the_arena() {
        // An H100 (132 SMs): 16 MB and 2 GB arenas keep one slot per SM; 4 GB gets three and
        // 8 GB and more four.
        assert_eq!(auto_slots_per_sm((16 << 20) / SLAB_BYTES, 132), 1);
        assert_eq!(auto_slots_per_sm((2u64 << 30) / SLAB_BYTES, 132), 1);
        assert_eq!(auto_slots_per_sm((4u64 << 30) / SLAB_BYTES, 132), 3);
        assert_eq!(auto_slots_per_sm((8u64 << 30) / SLAB_BYTES, 132), 4);
        assert_eq!(auto_slots_per_sm(u32::MAX as u64, 132), 4);
        assert_eq!(auto_slots_per_sm(1, 0), 1);
        // Small arenas share slots between SMs: 16 MB (128 slabs) gets 6, 256 MB 107, 512 MB one
        // per SM.
        assert_eq!(auto_slot_count((16 << 20) / SLAB_BYTES, 132), 6);
        assert_eq!(auto_slot_count((256 << 20) / SLAB_BYTES, 132), 107);
        assert_eq!(auto_slot_count((512 << 20) / SLAB_BYTES, 132), 132);
        assert_eq!(auto_slot_count((4u64 << 30) / SLAB_BYTES, 132), 396);
        assert_eq!(auto_slot_count(1, 132), 1);
    }

    /// The device's `class_of` / `class_size`, transcribed, so the table and the arithmetic agree.
    fn device_class_of(size: u64) -> usize {
        if size <= 16 {
            return 0;
        }
        if size <= 32 {
            return 1;
        }
        if size > 32768 {
            return NUM_CLASSES;
        }
        let s = size as u32;
        let p = 32 - (s - 1).leading_zeros();
        if p >= 13 {
            return (p + 3) as usize;
        }
        let half = 1u32 << (p - 1);
        (if s <= half + (half >> 1) {
            2 * (p - 5)
        } else {
            2 * (p - 5) + 1
        }) as usize
    }

    fn device_class_size(c: u32) -> u32 {
        if c < 2 {
            return 16 << c;
        }
        if c >= 16 {
            return 1 << (c - 3);
        }
        let k = c / 2 + 4;
        if c & 1 == 1 {
            1 << (k + 1)
        } else {
            3 << (k - 1)
        }
    }

    #[test]
    fn class_arithmetic_matches_the_table() {
        for (c, &size) in SIZE_CLASSES.iter().enumerate() {
            assert_eq!(device_class_size(c as u32), size, "class {c}");
        }
        for size in 0..=40_000u64 {
            let table = size_class(size).unwrap_or(NUM_CLASSES);
            assert_eq!(device_class_of(size), table, "size {size}");
        }
    }

    #[test]
    fn classes_fit_and_align() {
        for (c, &size) in SIZE_CLASSES.iter().enumerate() {
            assert_eq!(size % 16, 0);
            let cap = class_capacity(c);
            assert!(
                cap >= 2 && cap <= SLAB_WORDS as u64 * 64,
                "class {size}: {cap}"
            );
            // Power-of-two requests land in a class of the same size, so blocks are naturally aligned.
            if size.is_power_of_two() {
                assert_eq!(size_class(size as u64), Some(c));
            }
        }
        // Worst-case internal waste is below 50 %, and below 34 % from 32 B up.
        for size in 1..=32768u64 {
            let c = SIZE_CLASSES[size_class(size).expect("class")] as u64;
            let waste = (c - size) as f64 / c as f64;
            assert!(waste < 0.5 || size <= 16, "size {size}");
            assert!(waste < 0.34 || size <= 32 || size > 4096, "size {size}");
        }
    }

    #[test]
    fn statistics_derive_hand_outs_and_live_blocks_from_slab_state() {
        let l = Layout::new(4, 1);
        let mut w = vec![0u64; l.stats_prefix()];
        let c = 1; // 32 B: 2048 blocks per slab
        let cap = class_capacity(c);
        let hdr = |state: u64, count: u64| (state | (c as u64) << 8) << 32 | count;
        // Slab 0: the slot's current, 100 handed out, 10 of them live.
        w[l.current + c] = 1 << 32 | 100;
        w[l.ctr] = hdr(SLAB_ATTACHED, cap - 100 + 10);
        // Slab 1: detached with 5 live blocks. Slab 2: a prepared `next` (nothing handed out).
        w[l.ctr + 1] = hdr(SLAB_DETACHED, 5);
        w[l.current + CUR_STRIDE / 2 + c] = 3;
        w[l.ctr + 2] = hdr(SLAB_ATTACHED, cap);
        // A full current word (its swapper counts it at detach) never counts past the capacity.
        let (handed, live) = SlabAllocator::derive(&l, &w);
        assert_eq!((handed[c], live[c]), (100, 15));
        w[l.current + c] = 1 << 32 | (cap + 64);
        w[l.ctr] = hdr(SLAB_ATTACHED, 7);
        let (handed, live) = SlabAllocator::derive(&l, &w);
        assert_eq!((handed[c], live[c]), (cap, 12));
        assert_eq!(handed.iter().sum::<u64>(), handed[c]);
    }

    #[test]
    fn layout_sections_do_not_overlap() {
        for (nslabs, nsm) in [(1, 1), (63, 132), (64, 132), (65, 7), (16384, 132)] {
            let l = Layout::new(nslabs, nsm);
            let sections = [
                (l.global, GLOBAL_WORDS),
                (l.stats, nsm * STAT_STRIDE),
                (l.current, nsm * CUR_STRIDE),
                (l.run_len, nslabs.div_ceil(2)),
                (l.ctr, nslabs),
                (l.bitmap, nslabs * SLAB_WORDS),
            ];
            for w in sections.windows(2) {
                assert!(w[0].0 + w[0].1 <= w[1].0, "{l:?}");
                assert_eq!(w[1].0 % 32, 0);
            }
            assert!(l.bitmap + nslabs * SLAB_WORDS <= l.total);
            assert_eq!(l.stats_prefix(), l.ctr + nslabs);
            let pool = l.pool_init();
            assert_eq!(pool.len(), nslabs.div_ceil(64));
            let free_bits: u32 = pool.iter().map(|w| w.count_zeros()).sum();
            assert_eq!(free_bits as usize, nslabs);
        }
    }
}
