//! The runtime: a persistent scheduler on every SM, host ingress rings, jobs and tickets.
//!
//! ```no_run
//! use grosr::runtime::{Runtime, Width};
//! #[repr(C)]
//! #[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
//! struct Count { n: u32 }
//! const SRC: &str = r#"
//! struct Count { u32 n; };
//! __device__ unsigned long long total;
//! GROSR_TASK(count, Count) {
//!     atomicAdd(&total, 1ull);
//!     if (args.n > 0) ctx.spawn(GROSR_TYPE(count), Count{args.n - 1});
//! }
//! "#;
//! let mut b = Runtime::builder();
//! let count = b.task::<Count>("count", SRC, Width::Thread);
//! let rt = b.build()?;
//! let job = rt.job()?;
//! job.submit(count, &Count { n: 1000 })?;  // one host task, 1000 spawned on the GPU
//! job.wait()?;                             // returns when all 1001 have run
//! # Ok::<(), grosr::Error>(())
//! ```
//!
//! Design and protocol invariants: `kernels/grosr.cuh` and `docs/runtime.md`.

mod job;
mod ring;
mod task;

pub use job::JobStatus;
pub use task::{Sharing, TaskType, Width, MAX_TASK_TYPES};

use crate::device::{
    CompileOptions, Device, DeviceBuffer, Kernel, KernelArgs, LaunchConfig, MappedBuffer, Module,
    Stream,
};
use crate::error::{Error, Result};
use crate::kernels;
use bytemuck::Pod;
use job::JobTable;
use ring::{CompletionReader, IngressProducer, RingLayout, RingMem};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use task::{ProgramConfig, TaskDef};

/// Threads per scheduler block (GROSR_BLOCK).
pub const BLOCK_THREADS: u32 = 256;

/// Static shared memory a scheduler block may give its batch, index lists and spawn stacks (48 KiB,
/// the static limit, less room for the rest of its state).
const SHARED_STATE_LIMIT: u64 = 44 * 1024;
/// Ingress slots the device claims and returns together (GROSR_ING_CHUNK).
const INGRESS_CHUNK: u64 = 256;
/// A large batch is published to the device every this many descriptors (and at its end).
const PUBLISH_EVERY: usize = 1024;
/// Job slots (the job field of a descriptor is 16 bits).
const MAX_JOBS: u32 = 65536;
/// Submissions of at least this many descriptors raise the bulk hint (`CTRL_BULK`).
const BULK_MIN: usize = 1024;
/// Entries of a block's device-memory spawn-stack tier per thread (and priority class).
const OVF_PER_THREAD: u64 = 8;
/// Control-block word indices (GROSR_CTRL_* in grosr.cuh); word 5 is the hint the host raises
/// while it streams a large submission.
const CTRL_BULK: usize = 5;
const CTRL_COMP_CONSUMED: usize = 6;
const CTRL_WORD: usize = 7;
/// The express slot (`GROSR_CTRL_EXPRESS`, words 8..15) and the device's word for an express task
/// that finished without spawning (`GROSR_CTRL_EXPRESS_DONE`). Invariant 7 in grosr.cuh.
const CTRL_EXPRESS: usize = 8;
const CTRL_EXPRESS_DONE: usize = 16;
/// Words of the control block.
const CTRL_WORDS: usize = 24;
/// Express sequence numbers as the device sees them (the 32-bit stamp field).
const EXPRESS_STAMP_MASK: u64 = 0xFFFF_FFFF;
const CTRL_STOP: u64 = 1;
/// How often waits check the kernel for a fault.
/// Words of the device's `DevState` (grosr.cuh, which asserts the size).
const DEV_STATE_WORDS: usize = 80;
const FAULT_CHECK_EVERY: Duration = Duration::from_micros(200);
/// How long stopping the kernel may take before Drop gives up on it.
const STOP_DEADLINE: Duration = Duration::from_secs(10);

/// How `shutdown` treats work still in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShutdownMode {
    /// Run every submitted task and everything it spawns, then stop.
    Drain,
    /// Stop now; tasks not yet run are counted as cancelled.
    Cancel,
}

/// What `shutdown` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Tasks executed over the runtime's life.
    pub executed: u64,
    /// Tasks submitted or spawned but never executed.
    pub cancelled: u64,
}

/// Counters of a running (or stopped) runtime. Exact once the runtime is quiescent.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Per task type: tasks the host submitted.
    pub submitted: Vec<u64>,
    /// Per task type: tasks executed.
    pub executed: Vec<u64>,
    /// Per task type: tasks spawned on the device.
    pub spawned: Vec<u64>,
    /// Host tasks fetched by the device.
    pub fetched_host: u64,
    /// Successful steals, and the tasks they moved.
    pub steals: u64,
    /// Tasks moved by steals.
    pub stolen_tasks: u64,
    /// Nanoseconds blocks spent idle, summed over blocks.
    pub idle_ns: u64,
    /// Scheduler iterations, summed over blocks.
    pub iterations: u64,
    /// Spawns that overflowed a block's local buffer into its device queue.
    pub spawn_overflow: u64,
    /// Per priority class: the deepest any block's device queue got.
    pub queue_high_water: Vec<u64>,
    /// Blocks in the grid.
    pub blocks: u32,
    /// Host submissions that found their ring full and waited for the device (backpressure
    /// episodes), and the time they waited in all, summed over submitting threads.
    pub submit_stalls: u64,
    /// See `submit_stalls`.
    pub submit_stall_ns: u64,
}

/// How `Builder::blocks_per_sm` / `reserve_blocks_per_sm` size the grid.
#[derive(Debug, Clone, Copy)]
enum BlocksPerSm {
    Exactly(u32),
    Reserve(u32),
}

/// Configures and starts a [`Runtime`].
#[derive(Debug, Clone)]
pub struct Builder {
    device: usize,
    defs: Vec<TaskDef>,
    blocks: Option<u32>,
    blocks_per_sm: Option<BlocksPerSm>,
    priorities: usize,
    max_args_bytes: usize,
    ingress_capacity: u64,
    device_queue_capacity: u64,
    spawn_tier_capacity: u64,
    batch_capacity: u32,
    sharing: Sharing,
    min_blocks_per_sm: u32,
    completion_capacity: u64,
    job_timeout: Option<Duration>,
    alloc_handle: u64,
    ingress_pipeline: bool,
    task_shared_bytes: u32,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            device: 0,
            defs: Vec::new(),
            blocks: None,
            blocks_per_sm: None,
            priorities: 2,
            max_args_bytes: 24,
            ingress_capacity: 1 << 20,
            device_queue_capacity: 1 << 12,
            spawn_tier_capacity: OVF_PER_THREAD * BLOCK_THREADS as u64,
            batch_capacity: BLOCK_THREADS,
            sharing: Sharing::Spill,
            min_blocks_per_sm: 0,
            completion_capacity: 1 << 14,
            job_timeout: None,
            alloc_handle: 0,
            ingress_pipeline: false,
            task_shared_bytes: 0,
        }
    }
}

impl Builder {
    /// The CUDA device to run on (default 0).
    pub fn device(mut self, index: usize) -> Self {
        self.device = index;
        self
    }

    /// Registers a task type: its argument struct `A` (a `#[repr(C)]` Pod type), its CUDA source
    /// (which defines `GROSR_TASK(name, Args) { ... }` with a C struct `Args` of the same layout),
    /// and its width. Checked and compiled at [`Builder::build`].
    pub fn task<A: Pod>(&mut self, name: &str, source: &str, width: Width) -> TaskType<A> {
        let id = self.defs.len().min(255) as u8;
        self.defs.push(TaskDef {
            name: name.to_string(),
            source: source.to_string(),
            width,
            args_size: std::mem::size_of::<A>(),
            args_align: std::mem::align_of::<A>(),
        });
        TaskType::new(id)
    }

    /// Scheduler blocks (default: as many as fit on every SM at once).
    pub fn blocks(mut self, n: u32) -> Self {
        self.blocks = Some(n);
        self
    }

    /// Scheduler blocks per SM (capped by occupancy). Fewer than fit leaves room on every SM for
    /// other kernels (a full grid keeps any other kernel from starting until the runtime stops).
    pub fn blocks_per_sm(mut self, n: u32) -> Self {
        self.blocks_per_sm = Some(BlocksPerSm::Exactly(n));
        self
    }

    /// As many blocks per SM as fit, minus `n` (at least one): room for `n` blocks of other
    /// kernels of the same size on every SM, e.g. validation kernels run beside the runtime.
    pub fn reserve_blocks_per_sm(mut self, n: u32) -> Self {
        self.blocks_per_sm = Some(BlocksPerSm::Reserve(n));
        self
    }

    /// Compile the scheduler so that at least `n` blocks fit on an SM (`__launch_bounds__`; 0, the
    /// default: no bound). The compiler then keeps to 65536 / (256 n) registers a thread, so a task
    /// type whose code needs a few more registers cannot quietly cost the grid a block per SM
    /// (Exp B's program went from 48 to 64 registers, 4 to 3 blocks an SM, with one change to
    /// `spawn_on`, and its fan at 1M from 60 to 590 us). 1 to 8.
    pub fn min_blocks_per_sm(mut self, n: u32) -> Self {
        self.min_blocks_per_sm = n;
        self
    }

    /// Priority classes, 2 to 4 (default 2). Class `priorities - 1` runs first.
    pub fn priorities(mut self, n: usize) -> Self {
        self.priorities = n;
        self
    }

    /// Largest task argument struct, in bytes (default 24). Descriptors are this plus an 8-byte
    /// header, rounded up to 16 bytes: smaller descriptors move faster over PCIe.
    pub fn max_args_bytes(mut self, n: usize) -> Self {
        self.max_args_bytes = n;
        self
    }

    /// Dynamic shared memory per scheduler block that block-width tasks may use (default 0), through
    /// `grosr::task_shared()` (16-byte aligned; `GROSR_TASK_SHARED_BYTES` in device code). Every
    /// scheduler block carries it, so it counts against occupancy: [`Builder::build`] sizes the grid
    /// with it and fails if not even one block per SM fits.
    pub fn task_shared_bytes(mut self, n: u32) -> Self {
        self.task_shared_bytes = n;
        self
    }

    /// Slots of each host ingress ring (power of two, default 2^20).
    pub fn ingress_capacity(mut self, n: u64) -> Self {
        self.ingress_capacity = n;
        self
    }

    /// Slots of each block's device queue per priority class (power of two, default 4096).
    pub fn device_queue_capacity(mut self, n: u64) -> Self {
        self.device_queue_capacity = n;
        self
    }

    /// Entries per priority class of each block's spawn-stack tier in device memory (power of two,
    /// at least 256, default 2048): spawns beyond the 256 in shared memory go there, private to the
    /// block, and past it to the contended device queues. The tier also goes to the queue when it is
    /// more than half full, so a task type that spawns thousands at once (a block-wide fan) wants
    /// room for twice that. Costs blocks × priorities × n descriptors of device memory.
    pub fn spawn_tier_capacity(mut self, n: u64) -> Self {
        self.spawn_tier_capacity = n;
        self
    }

    /// Tasks a scheduler block takes per iteration (256, 512 or 1024; default 256). Thread-width
    /// tasks beyond the block's 256 threads run several per thread, so a larger batch spreads the
    /// iteration's fixed cost (its load round, classification, fence and accounting atomics) over
    /// more tiny tasks; warp- and block-width tasks already run several per warp or block. Costs
    /// shared memory per block (16 B of index lists plus one descriptor per entry), which may lower
    /// the number of resident blocks, and makes one iteration (the unit of stealing and spilling)
    /// longer.
    pub fn batch_capacity(mut self, n: u32) -> Self {
        self.batch_capacity = n;
        self
    }

    /// How blocks share spawned tasks with idle blocks (default [`Sharing::Spill`]).
    pub fn sharing(mut self, s: Sharing) -> Self {
        self.sharing = s;
        self
    }

    /// Records in the device → host completion ring (power of two, default 16384).
    pub fn completion_capacity(mut self, n: u64) -> Self {
        self.completion_capacity = n;
        self
    }

    /// Default deadline of [`Job::wait`] and [`Ticket::wait`] (default: none).
    pub fn job_timeout(mut self, d: Duration) -> Self {
        self.job_timeout = Some(d);
        self
    }

    /// Experimental (default off, not yet measured on a GPU): a block claiming host descriptors
    /// issues all of its PCIe loads before using any, instead of one round trip per 32 descriptors.
    pub fn ingress_pipeline(mut self, on: bool) -> Self {
        self.ingress_pipeline = on;
        self
    }

    /// Device address of a slab allocator handle tasks reach through `ctx.allocator()`.
    pub fn allocator_handle(mut self, handle: u64) -> Self {
        self.alloc_handle = handle;
        self
    }

    fn desc_words(&self) -> usize {
        (1 + self.max_args_bytes.div_ceil(8)).next_multiple_of(2)
    }

    fn validate(&self) -> Result<()> {
        task::validate(&self.defs, self.max_args_bytes)?;
        if !(2..=4).contains(&self.priorities) {
            return Err(Error::invalid(
                "priorities",
                format!("{} (must be 2 to 4)", self.priorities),
            ));
        }
        if self.max_args_bytes == 0 || self.max_args_bytes > 56 {
            return Err(Error::invalid(
                "max_args_bytes",
                format!("{} (must be 1 to 56)", self.max_args_bytes),
            ));
        }
        let pow2 = |what: &'static str, v: u64, min: u64| {
            if v.is_power_of_two() && v >= min {
                Ok(())
            } else {
                Err(Error::invalid(
                    what,
                    format!("{v} (must be a power of two, at least {min})"),
                ))
            }
        };
        pow2("ingress_capacity", self.ingress_capacity, 2 * INGRESS_CHUNK)?;
        pow2(
            "device_queue_capacity",
            self.device_queue_capacity,
            2 * BLOCK_THREADS as u64,
        )?;
        pow2("completion_capacity", self.completion_capacity, 64)?;
        pow2("spawn_tier_capacity", self.spawn_tier_capacity, 256)?;
        if self.min_blocks_per_sm > 8 {
            return Err(Error::invalid(
                "min_blocks_per_sm",
                format!("{} (must be 0 to 8)", self.min_blocks_per_sm),
            ));
        }
        if ![1, 2, 4]
            .map(|k| k * BLOCK_THREADS)
            .contains(&self.batch_capacity)
        {
            return Err(Error::invalid(
                "batch_capacity",
                format!("{} (must be 256, 512 or 1024)", self.batch_capacity),
            ));
        }
        // The batch, its index lists and the shared part of the spawn stacks are static shared
        // memory, limited to 48 KiB per block (the rest of the scheduler's state is under 4 KiB).
        let desc = self.desc_words() as u64 * 8;
        let batch = self.batch_capacity as u64;
        let shared = (batch + self.priorities as u64 * BLOCK_THREADS as u64) * desc + 6 * batch;
        if shared > SHARED_STATE_LIMIT {
            return Err(Error::invalid(
                "batch_capacity",
                format!(
                    "{batch} with {desc}-byte descriptors and {} priority classes needs {shared} bytes \
                     of shared memory (at most {SHARED_STATE_LIMIT}): use a smaller batch, fewer \
                     argument bytes or fewer classes",
                    self.priorities
                ),
            ));
        }
        Ok(())
    }

    fn program_config(&self) -> Result<ProgramConfig> {
        Ok(ProgramConfig {
            desc_words: self.desc_words(),
            priorities: self.priorities,
            block: BLOCK_THREADS,
            ingress_cap: self.ingress_capacity,
            ingress_chunk: INGRESS_CHUNK,
            dq_cap: self.device_queue_capacity,
            ovf_cap: self.spawn_tier_capacity,
            batch: self.batch_capacity,
            sharing: self.sharing,
            min_blocks_per_sm: self.min_blocks_per_sm,
            comp_cap: self.completion_capacity,
            max_jobs: MAX_JOBS,
            ingress_pipeline: self.ingress_pipeline,
            task_shared_bytes: self.task_shared_bytes,
            // Diagnostics only, so an environment switch rather than a builder option.
            prof: std::env::var_os("GROSR_PROF").is_some_and(|v| v == "1"),
            // Tuning experiments only (the scheduler's `#ifndef` knobs), like GROSR_PROF.
            tuning: match std::env::var("GROSR_DEFINES") {
                Ok(v) => task::parse_defines(&v)?,
                Err(_) => Vec::new(),
            },
        })
    }

    /// The CUDA program [`Builder::build`] would compile (validated; no GPU needed): for
    /// `grosr check-kernels` and for reading what the runtime generates.
    pub fn program_source(&self) -> Result<String> {
        self.validate()?;
        Ok(task::generate(&self.defs, &self.program_config()?))
    }

    /// Validates the configuration and compiles the program for `arch` without a GPU (NVRTC only,
    /// no cache): what CI uses to check task sources. Errors are those of [`Builder::build`].
    pub fn check(&self, arch: crate::device::Arch) -> Result<()> {
        self.validate()?;
        let source = task::generate(&self.defs, &self.program_config()?);
        let compiler = crate::device::Compiler::new(kernels::HEADERS).with_cache(None);
        let out = compiler.compile("grosr_runtime.cu", &source, &CompileOptions::new(arch))?;
        if out.log.trim().is_empty() {
            Ok(())
        } else {
            Err(Error::Compile {
                name: "grosr_runtime.cu (warnings)".into(),
                log: out.log,
            })
        }
    }

    /// Compiles the scheduler with the registered task types (cached on disk), allocates the queues
    /// and starts the persistent kernel on every SM.
    pub fn build(self) -> Result<Runtime> {
        self.validate()?;
        let device = Device::open(self.device)?;
        let cfg = self.program_config()?;
        let source = task::generate(&self.defs, &cfg);
        let compiled = kernels::compiler().compile(
            "grosr_runtime.cu",
            &source,
            &CompileOptions::new(device.arch()),
        )?;
        let module = Module::load(&device, &compiled.cubin)?;
        let kernel = module.kernel("grosr_scheduler")?;
        let init = module.kernel("grosr_init_queues")?;
        let smem = self.task_shared_bytes;
        if smem > 0 {
            kernel.set_max_dynamic_shared_bytes(smem).map_err(|e| {
                Error::invalid(
                    "task_shared_bytes",
                    format!("{smem}: more than a scheduler block can have on this device ({e})"),
                )
            })?;
        }
        let per_sm = kernel.max_active_blocks_per_sm(BLOCK_THREADS, smem as usize)?;
        if smem > 0 && per_sm == 0 {
            return Err(Error::invalid(
                "task_shared_bytes",
                format!("{smem}: not even one scheduler block per SM fits with it"),
            ));
        }
        let fit = per_sm * device.sm_count();
        let blocks = match (self.blocks, self.blocks_per_sm) {
            (Some(n), _) => n,
            (None, Some(BlocksPerSm::Exactly(k))) => k.min(per_sm) * device.sm_count(),
            (None, Some(BlocksPerSm::Reserve(r))) => {
                per_sm.saturating_sub(r).max(1) * device.sm_count()
            }
            (None, None) => fit,
        };
        if blocks == 0 || blocks > fit {
            return Err(Error::invalid(
                "blocks",
                format!(
                    "{blocks}: between 1 and {fit} ({per_sm} per SM × {} SMs) can run at once",
                    device.sm_count()
                ),
            ));
        }
        let inner = Inner::start(device, module, kernel, &init, &self, cfg, blocks)?;
        let inner = Arc::new(inner);
        let pump = {
            let weak = Arc::downgrade(&inner);
            std::thread::Builder::new()
                .name("grosr-pump".into())
                .spawn(move || pump_thread(weak))
                .map_err(|e| Error::invalid("pump thread", e.to_string()))?
        };
        if let Ok(mut p) = inner.pump.lock() {
            *p = Some(pump);
        }
        Ok(Runtime { inner: Some(inner) })
    }
}

/// Host and device memory of a runtime. Field order is drop order: nothing is freed before the
/// kernel has stopped (see `Inner::stop`).
struct Buffers {
    rings: Vec<MappedBuffer>,
    chunk_free: Vec<MappedBuffer>,
    ctrl: MappedBuffer,
    comp: MappedBuffer,
    _params: DeviceBuffer<u64>,
    _jobs: DeviceBuffer<u64>,
    _chunk_done: DeviceBuffer<u64>,
    _state: DeviceBuffer<u64>,
    _qhdr: DeviceBuffer<u64>,
    _qslots: DeviceBuffer<u64>,
    _ovf: DeviceBuffer<u64>,
    stats: DeviceBuffer<u64>,
}

struct HostState {
    /// The express slot: the last sequence number written, and the job of the express task in
    /// flight (until the device reports it done through the slot or its job's records).
    express_seq: u64,
    express_job: Option<u16>,
    producers: Vec<IngressProducer>,
    reader: CompletionReader,
    jobs: JobTable,
    submitted_per_type: Vec<u64>,
    /// Backpressure: episodes and nanoseconds submissions waited for ring room (Stats).
    submit_stalls: u64,
    submit_stall_ns: u64,
    last_fault_check: Instant,
    fault: Option<String>,
    stopped: bool,
}

struct Inner {
    device: Device,
    stream: Stream,
    module: Module,
    _kernel: Kernel,
    bufs: Option<Buffers>,
    layout: RingLayout,
    ntypes: usize,
    priorities: usize,
    blocks: u32,
    job_timeout: Option<Duration>,
    host: Mutex<HostState>,
    /// Per type: block width (never sent through the express slot).
    block_width: Vec<bool>,
    /// Single submissions may take the express slot ([`Runtime::set_express`]).
    express: AtomicBool,
    faulted: AtomicBool,
    pump_stop: AtomicBool,
    pump: Mutex<Option<std::thread::JoinHandle<()>>>,
}

fn stats_words(ntypes: usize, nprio: usize) -> usize {
    2 * ntypes + 6 + nprio
}

impl Inner {
    fn start(
        device: Device,
        module: Module,
        kernel: Kernel,
        init: &Kernel,
        b: &Builder,
        cfg: ProgramConfig,
        blocks: u32,
    ) -> Result<Self> {
        let np = cfg.priorities;
        let w = cfg.desc_words;
        let layout = RingLayout {
            cap: cfg.ingress_cap,
            chunk: cfg.ingress_chunk,
            desc_words: w,
        };
        let rings = (0..np)
            .map(|_| MappedBuffer::new(&device, (cfg.ingress_cap as usize) * w * 8, false))
            .collect::<Result<Vec<_>>>()?;
        let chunk_free = (0..np)
            .map(|_| MappedBuffer::new(&device, layout.chunks() as usize * 8, false))
            .collect::<Result<Vec<_>>>()?;
        let ctrl = MappedBuffer::new(&device, CTRL_WORDS * 8, false)?;
        let comp = MappedBuffer::new(&device, cfg.comp_cap as usize * 16, false)?;
        let jobs = DeviceBuffer::<u64>::zeroed(&device, MAX_JOBS as usize)?;
        let chunk_done = DeviceBuffer::<u64>::zeroed(&device, np * layout.chunks() as usize)?;
        let state = DeviceBuffer::<u64>::zeroed(&device, DEV_STATE_WORDS)?;
        let qhdr = DeviceBuffer::<u64>::zeroed(&device, blocks as usize * np * 32)?;
        let qslots =
            DeviceBuffer::<u64>::zeroed(&device, blocks as usize * np * cfg.dq_cap as usize * w)?;
        let ovf =
            DeviceBuffer::<u64>::zeroed(&device, blocks as usize * np * cfg.ovf_cap as usize * w)?;
        let ntypes = b.defs.len();
        let stats =
            DeviceBuffer::<u64>::zeroed(&device, blocks as usize * stats_words(ntypes, np))?;
        // Params, in the field order of `struct Params` in grosr.cuh.
        let mut p: Vec<u64> = Vec::new();
        p.extend(rings.iter().map(|r| r.device_ptr()));
        p.extend(chunk_free.iter().map(|r| r.device_ptr()));
        p.extend([
            ctrl.device_ptr(),
            comp.device_ptr(),
            jobs.device_ptr(),
            chunk_done.device_ptr(),
            state.device_ptr(),
            qhdr.device_ptr(),
            qslots.device_ptr(),
            stats.device_ptr(),
            ovf.device_ptr(),
            b.alloc_handle,
            blocks as u64,
        ]);
        let params = DeviceBuffer::from_slice(&device, &p)?;
        let stream = Stream::new(&device)?;
        let args = KernelArgs::new().ptr(params.device_ptr());
        init.launch(
            &stream,
            LaunchConfig::linear(device.sm_count() * 4, 256),
            &args,
        )?;
        let cfg_launch = LaunchConfig {
            shared_bytes: b.task_shared_bytes,
            ..LaunchConfig::linear(blocks, BLOCK_THREADS)
        };
        kernel.launch(&stream, cfg_launch, &args)?;
        let host = HostState {
            express_seq: 0,
            express_job: None,
            producers: (0..np).map(|_| IngressProducer::new(layout)).collect(),
            reader: CompletionReader::new(cfg.comp_cap),
            jobs: JobTable::new(MAX_JOBS as usize),
            submitted_per_type: vec![0; ntypes],
            submit_stalls: 0,
            submit_stall_ns: 0,
            last_fault_check: Instant::now(),
            fault: None,
            stopped: false,
        };
        Ok(Inner {
            device,
            stream,
            module,
            _kernel: kernel,
            bufs: Some(Buffers {
                rings,
                chunk_free,
                ctrl,
                comp,
                _params: params,
                _jobs: jobs,
                _chunk_done: chunk_done,
                _state: state,
                _qhdr: qhdr,
                _qslots: qslots,
                _ovf: ovf,
                stats,
            }),
            layout,
            ntypes,
            priorities: np,
            blocks,
            job_timeout: b.job_timeout,
            host: Mutex::new(host),
            block_width: b.defs.iter().map(|d| d.width == Width::Block).collect(),
            express: AtomicBool::new(true),
            faulted: AtomicBool::new(false),
            pump_stop: AtomicBool::new(false),
            pump: Mutex::new(None),
        })
    }

    fn bufs(&self) -> Result<&Buffers> {
        self.bufs.as_ref().ok_or(Error::ShutDown)
    }

    fn lock(&self) -> MutexGuard<'_, HostState> {
        // A panic while holding the lock cannot leave the protocol state half-written in a way that
        // matters more than the panic itself; keep going with the inner value.
        self.host.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn ring_mem<'a>(bufs: &'a Buffers, prio: usize) -> RingMem<'a> {
        RingMem {
            slots: bufs.rings[prio].words64(),
            chunk_free: bufs.chunk_free[prio].words64(),
            pub_tail: &bufs.ctrl.words64()[prio],
        }
    }

    /// Reads completion records, and now and then checks the kernel for a fault.
    fn pump(&self, st: &mut HostState) -> Result<()> {
        if let Some(f) = &st.fault {
            return Err(Error::DeviceFault(f.clone()));
        }
        let bufs = self.bufs()?;
        // The express word first (acquire), then the records: a failure record of the express task
        // was released before the word, so it is applied in this same pump (invariant 7).
        let express_done = match st.express_job {
            Some(_) => bufs.ctrl.words64()[CTRL_EXPRESS_DONE].load(Ordering::Acquire),
            None => 0,
        };
        let ring = bufs.comp.words64();
        let mut n = 0;
        while let Some(r) = st.reader.next(ring) {
            st.jobs.apply(&r);
            n += 1;
        }
        if let Some(job) = st.express_job {
            if express_done == st.express_seq & EXPRESS_STAMP_MASK {
                st.jobs.complete(job);
            }
            if st.jobs.slots[job as usize].status() != JobStatus::Pending {
                st.express_job = None;
            }
        }
        if n > 0 {
            // Release: our reads of the consumed records are done before the device may reuse them.
            bufs.ctrl.words64()[CTRL_COMP_CONSUMED].store(st.reader.consumed(), Ordering::Release);
        }
        if st.last_fault_check.elapsed() >= FAULT_CHECK_EVERY && !st.stopped {
            st.last_fault_check = Instant::now();
            let fault = match self.stream.is_idle() {
                Ok(false) => None,
                Ok(true) => Some("the scheduler kernel exited unexpectedly".to_string()),
                Err(e) => Some(e.to_string()),
            };
            if let Some(f) = fault {
                st.fault = Some(f.clone());
                self.faulted.store(true, Ordering::Release);
                st.jobs.cancel_all();
                return Err(Error::DeviceFault(f));
            }
        }
        Ok(())
    }

    /// Spins (pumping) until `f` gives a value, the deadline passes, or the device faults.
    fn wait_until<T>(
        &self,
        deadline: Option<Instant>,
        mut f: impl FnMut(&mut HostState) -> Option<T>,
    ) -> Result<T> {
        let start = Instant::now();
        let mut spins = 0u32;
        loop {
            {
                let mut st = self.lock();
                self.pump(&mut st)?;
                if let Some(v) = f(&mut st) {
                    return Ok(v);
                }
            }
            if let Some(d) = deadline {
                if Instant::now() >= d {
                    return Err(Error::Timeout(d.saturating_duration_since(start)));
                }
            }
            spins = spins.wrapping_add(1);
            if spins < 20_000 {
                std::hint::spin_loop();
            } else {
                // Long waits give the core back now and then.
                std::thread::yield_now();
            }
        }
    }

    fn alloc_job(&self, deadline: Option<Instant>, try_only: bool) -> Result<u16> {
        let mut st = self.lock();
        self.pump(&mut st)?;
        if st.stopped {
            return Err(Error::ShutDown);
        }
        if let Some(j) = st.jobs.alloc() {
            return Ok(j);
        }
        drop(st);
        if try_only {
            return Err(Error::Full);
        }
        self.wait_until(deadline, |st| st.jobs.alloc())
    }

    /// Writes `items` descriptors of one type into ring `prio`, publishing once per stretch of free
    /// slots. Blocks (pumping) while the ring is full unless `try_only`.
    fn submit_words(
        &self,
        sub: Submission,
        fill: impl Fn(usize, &mut [u64]) + Sync,
        deadline: Option<Instant>,
        try_only: bool,
    ) -> Result<()> {
        let Submission {
            job,
            type_id,
            prio,
            items,
        } = sub;
        let prio = prio.min(self.priorities - 1);
        let bufs = self.bufs()?;
        let mem = Self::ring_mem(bufs, prio);
        let mut st = self.lock();
        self.pump(&mut st)?;
        if st.stopped {
            return Err(Error::ShutDown);
        }
        if try_only && st.producers[prio].room(&mem, items as u64) < items as u64 {
            return Err(Error::Full);
        }
        // While a large submission streams, the scheduler does not read ring slots ahead of what
        // was published (those reads would pull the lines the host is writing out of its cache).
        // Lowered again on every way out, errors included (the guard's Drop).
        let _bulk = (items >= BULK_MIN).then(|| BulkHint::raise(&bufs.ctrl.words64()[CTRL_BULK]));
        // Count first: the job cannot look done before every item was fetched (invariant 5).
        st.jobs.submitted(job, items as u64, false);
        st.submitted_per_type[type_id as usize] += items as u64;
        let start = Instant::now();
        let mut done = 0usize;
        let mut spins = 0u32;
        // When the current wait for ring room began (backpressure statistics).
        let mut stalled: Option<Instant> = None;
        while done < items {
            let room = st.producers[prio].room(&mem, (items - done) as u64) as usize;
            if room == 0 {
                if stalled.is_none() {
                    stalled = Some(Instant::now());
                    st.submit_stalls += 1;
                }
                st.producers[prio].publish(&mem);
                let expired = deadline.is_some_and(|d| Instant::now() >= d);
                if let Err(e) = self.pump(&mut st).and(if expired {
                    Err(Error::Timeout(start.elapsed()))
                } else {
                    Ok(())
                }) {
                    // Un-count what was not written so the job's accounting stays exact.
                    let left = (items - done) as u64;
                    st.jobs.submitted(job, left, true);
                    st.submitted_per_type[type_id as usize] -= left;
                    if let Some(t) = stalled {
                        st.submit_stall_ns += t.elapsed().as_nanos() as u64;
                    }
                    return Err(e);
                }
                spins = spins.wrapping_add(1);
                if spins.is_multiple_of(1024) {
                    // Let a pump on another thread (futures) make progress too.
                    drop(st);
                    std::thread::yield_now();
                    st = self.lock();
                }
                continue;
            }
            if let Some(t) = stalled.take() {
                st.submit_stall_ns += t.elapsed().as_nanos() as u64;
            }
            // Published every PUBLISH_EVERY descriptors of a large batch, so the device starts on
            // its head while the host writes the rest (one release store each).
            st.producers[prio].write_run(
                &mem,
                (job, type_id, prio as u8),
                room,
                PUBLISH_EVERY,
                |i, w| fill(done + i, w),
            );
            done += room;
        }
        st.producers[prio].publish(&mem);
        Ok(())
    }

    /// Submits one task through the express slot (invariant 7 in grosr.cuh) in a new job, if that is
    /// allowed now: express on, a type that is not block-wide, the slot free, no other job pending
    /// (so the task overtakes nothing queued) and a job slot free. One lock and one pump; the header
    /// goes out before the host's own bookkeeping. Returns the job, or `None` if the caller must use
    /// the ring.
    fn try_express(
        &self,
        type_id: u8,
        prio: usize,
        fill: impl FnOnce(&mut [u64]),
    ) -> Result<Option<u16>> {
        if !self.express.load(Ordering::Relaxed) || self.block_width[type_id as usize] {
            return Ok(None);
        }
        let bufs = self.bufs()?;
        let mut st = self.lock();
        self.pump(&mut st)?;
        if st.stopped {
            return Err(Error::ShutDown);
        }
        if st.express_job.is_some() || st.jobs.pending() > 0 {
            return Ok(None);
        }
        let Some(job) = st.jobs.alloc() else {
            return Ok(None);
        };
        let words = bufs.ctrl.words64();
        let mut args = [0u64; MAX_ARG_WORDS];
        let args = &mut args[..self.layout.desc_words - 1];
        fill(args);
        for (w, &a) in words[CTRL_EXPRESS + 1..].iter().zip(args.iter()) {
            w.store(a, Ordering::Relaxed);
        }
        let prio = prio.min(self.priorities - 1) as u8;
        st.express_seq += 1;
        let stamp = (st.express_seq & EXPRESS_STAMP_MASK) as u32;
        // Release: the arguments are visible before the header that carries the new sequence number.
        words[CTRL_EXPRESS].store(ring::header(stamp, job, type_id, prio), Ordering::Release);
        // The device cannot report the task before this lock is released (pump takes it).
        st.express_job = Some(job);
        st.jobs.submitted(job, 1, false);
        st.submitted_per_type[type_id as usize] += 1;
        Ok(Some(job))
    }

    fn job_status(&self, job: u16) -> Result<JobStatus> {
        let mut st = self.lock();
        self.pump(&mut st)?;
        Ok(st.jobs.slots[job as usize].status())
    }

    fn wait_job(&self, job: u16, timeout: Option<Duration>) -> Result<()> {
        let deadline = timeout.or(self.job_timeout).map(|d| Instant::now() + d);
        let status =
            self.wait_until(deadline, |st| match st.jobs.slots[job as usize].status() {
                JobStatus::Pending => None,
                s => Some(s),
            })?;
        status_result(status)
    }

    fn read_stats(&self) -> Result<Stats> {
        let bufs = self.bufs()?;
        let words = bufs.stats.to_vec()?;
        let (nt, np) = (self.ntypes, self.priorities);
        let sw = stats_words(nt, np);
        let mut s = Stats {
            executed: vec![0; nt],
            spawned: vec![0; nt],
            queue_high_water: vec![0; np],
            blocks: self.blocks,
            ..Stats::default()
        };
        for b in words.chunks_exact(sw) {
            for t in 0..nt {
                s.executed[t] += b[t];
                s.spawned[t] += b[nt + t];
            }
            let o = 2 * nt;
            s.fetched_host += b[o];
            s.steals += b[o + 1];
            s.stolen_tasks += b[o + 2];
            s.idle_ns += b[o + 3];
            s.iterations += b[o + 4];
            s.spawn_overflow += b[o + 5];
            for p in 0..np {
                s.queue_high_water[p] = s.queue_high_water[p].max(b[o + 6 + p]);
            }
        }
        let st = self.lock();
        s.submitted = st.submitted_per_type.clone();
        s.submit_stalls = st.submit_stalls;
        s.submit_stall_ns = st.submit_stall_ns;
        Ok(s)
    }

    /// Stops the kernel (idempotent). Returns false if it did not stop in time.
    fn stop(&self) -> bool {
        {
            let mut st = self.lock();
            if st.stopped {
                return true;
            }
            st.stopped = true;
            st.jobs.cancel_all();
        }
        if let Some(b) = &self.bufs {
            // Release: pairs with the device's acquire read of the control block.
            b.ctrl.words64()[CTRL_WORD].store(CTRL_STOP, Ordering::Release);
        }
        let deadline = Instant::now() + STOP_DEADLINE;
        loop {
            match self.stream.is_idle() {
                Ok(true) | Err(_) => return true,
                Ok(false) if Instant::now() > deadline => return false,
                Ok(false) => std::thread::sleep(Duration::from_micros(50)),
            }
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if !self.stop() {
            // A task never returned: the kernel may still touch these buffers and run this module's
            // code, so both are leaked (a forgotten module handle keeps it loaded) rather than freed
            // under it. The context stays busy until the process exits.
            if let Some(b) = self.bufs.take() {
                std::mem::forget(b);
            }
            std::mem::forget(self.module.clone());
        }
    }
}

/// Raises the bulk-submission hint for its lifetime (a counter: submissions may overlap).
struct BulkHint<'a>(&'a AtomicU64);

impl<'a> BulkHint<'a> {
    fn raise(word: &'a AtomicU64) -> Self {
        // Relaxed: a hint; the device reads it with the control block and only skips read-ahead.
        word.fetch_add(1, Ordering::Relaxed);
        Self(word)
    }
}

impl Drop for BulkHint<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn status_result(s: JobStatus) -> Result<()> {
    match s {
        JobStatus::Done | JobStatus::Pending => Ok(()),
        JobStatus::Failed { task_type, code } => Err(Error::TaskFailed { task_type, code }),
        JobStatus::Cancelled => Err(Error::Cancelled),
    }
}

/// Background thread: drains completion records (waking async waiters) and watches for faults.
fn pump_thread(inner: std::sync::Weak<Inner>) {
    loop {
        let Some(rt) = inner.upgrade() else { return };
        if rt.pump_stop.load(Ordering::Acquire) {
            return;
        }
        if let Ok(mut st) = rt.host.try_lock() {
            let _ = rt.pump(&mut st);
        }
        drop(rt);
        std::thread::sleep(Duration::from_micros(50));
    }
}

/// A running scheduler. Dropping it stops the kernel and frees everything.
pub struct Runtime {
    inner: Option<Arc<Inner>>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("blocks", &self.inner.as_ref().map(|i| i.blocks))
            .finish()
    }
}

impl Runtime {
    /// A builder with defaults: device 0, every SM, 2 priority classes, 24-byte args.
    pub fn builder() -> Builder {
        Builder::default()
    }

    fn inner(&self) -> Result<&Arc<Inner>> {
        self.inner.as_ref().ok_or(Error::ShutDown)
    }

    /// The device the runtime runs on.
    pub fn device(&self) -> Result<&Device> {
        Ok(&self.inner()?.device)
    }

    /// Scheduler blocks in the grid.
    pub fn blocks(&self) -> u32 {
        self.inner.as_ref().map_or(0, |i| i.blocks)
    }

    /// Sets a `__device__` global of the task sources (e.g. a results pointer) to `value`.
    pub fn set_global<T: Pod>(&self, name: &str, value: &T) -> Result<()> {
        self.inner()?
            .module
            .write_global(name, bytemuck::bytes_of(value))
    }

    /// A new job: a group of tasks (and everything they spawn) to wait for together.
    pub fn job(&self) -> Result<Job> {
        let inner = self.inner()?;
        let id = inner.alloc_job(None, false)?;
        Ok(Job {
            inner: inner.clone(),
            id,
        })
    }

    /// Submits one task (blocking while the ring is full, up to the job timeout) and returns its ticket.
    pub fn submit<A: Pod>(&self, ty: TaskType<A>, args: &A) -> Result<Ticket> {
        self.submit_prio(ty, args, 0)
    }

    /// Like [`Runtime::submit`] with a priority class (higher runs first).
    ///
    /// When nothing else is pending and the type is thread- or warp-wide, the task goes through the
    /// express slot: the polling block runs it at once in its own warp, which cuts more than half of
    /// a lone task's round trip (3.4 against 7.7 µs p50 through the ring on an H100, session 10;
    /// [`Runtime::set_express`] turns it off).
    pub fn submit_prio<A: Pod>(&self, ty: TaskType<A>, args: &A, prio: usize) -> Result<Ticket> {
        let inner = self.inner()?;
        if let Some(id) = inner.try_express(ty.id, prio, |w| copy_args(args, w))? {
            let job = Job {
                inner: inner.clone(),
                id,
            };
            return Ok(Ticket { job });
        }
        let job = self.job()?;
        job.submit_prio(ty, args, prio)?;
        Ok(Ticket { job })
    }

    /// Whether single submissions ([`Runtime::submit`]) may use the express slot when the runtime
    /// is otherwise idle (default: yes). Off, every task goes through the ingress rings.
    pub fn set_express(&self, on: bool) -> Result<()> {
        self.inner()?.express.store(on, Ordering::Relaxed);
        Ok(())
    }

    /// Submits one task if there is room right now, else `Err(Error::Full)`.
    pub fn try_submit<A: Pod>(&self, ty: TaskType<A>, args: &A) -> Result<Ticket> {
        let inner = self.inner()?;
        let id = inner.alloc_job(None, true)?;
        let job = Job {
            inner: inner.clone(),
            id,
        };
        job.try_submit(ty, args)?;
        Ok(Ticket { job })
    }

    /// Counters (see [`Stats`]).
    pub fn stats(&self) -> Result<Stats> {
        self.inner()?.read_stats()
    }

    /// Stops the runtime. `Drain` first waits (up to `timeout`) for every job to finish; `Cancel`
    /// stops at once. Returns how many tasks ran and how many never did.
    pub fn shutdown(mut self, mode: ShutdownMode, timeout: Duration) -> Result<ShutdownReport> {
        let inner = self.inner.take().ok_or(Error::ShutDown)?;
        if mode == ShutdownMode::Drain {
            inner.wait_until(Some(Instant::now() + timeout), |st| {
                st.jobs.all_quiescent().then_some(())
            })?;
        }
        inner.pump_stop.store(true, Ordering::Release);
        if let Ok(mut p) = inner.pump.lock() {
            if let Some(h) = p.take() {
                let _ = h.join();
            }
        }
        if !inner.stop() {
            return Err(Error::Timeout(STOP_DEADLINE));
        }
        if let Some(f) = inner.lock().fault.clone() {
            return Err(Error::DeviceFault(f));
        }
        let s = inner.read_stats()?;
        let executed: u64 = s.executed.iter().sum();
        let created: u64 = s.submitted.iter().sum::<u64>() + s.spawned.iter().sum::<u64>();
        Ok(ShutdownReport {
            executed,
            cancelled: created.saturating_sub(executed),
        })
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            inner.pump_stop.store(true, Ordering::Release);
            if let Ok(mut p) = inner.pump.lock() {
                if let Some(h) = p.take() {
                    let _ = h.join();
                }
            }
            inner.stop();
        }
    }
}

/// A group of tasks: `wait` returns when every task submitted to it, and every task those spawned
/// (transitively), has finished.
pub struct Job {
    inner: Arc<Inner>,
    id: u16,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({})", self.id)
    }
}

impl Job {
    /// The job's slot id (what `ctx.job()` returns on the device).
    pub fn id(&self) -> u32 {
        self.id as u32
    }

    /// Submits one task, blocking while the ring is full (up to the runtime's job timeout).
    pub fn submit<A: Pod>(&self, ty: TaskType<A>, args: &A) -> Result<()> {
        self.submit_prio(ty, args, 0)
    }

    /// Submits one task into priority class `prio`.
    pub fn submit_prio<A: Pod>(&self, ty: TaskType<A>, args: &A, prio: usize) -> Result<()> {
        let deadline = self.inner.job_timeout.map(|d| Instant::now() + d);
        self.inner.submit_words(
            Submission::new(self.id, ty.id, prio, 1),
            one_task(args),
            deadline,
            false,
        )
    }

    /// Submits one task only if the ring has room now, else `Err(Error::Full)`.
    pub fn try_submit<A: Pod>(&self, ty: TaskType<A>, args: &A) -> Result<()> {
        self.inner.submit_words(
            Submission::new(self.id, ty.id, 0, 1),
            one_task(args),
            None,
            true,
        )
    }

    /// Submits one task, waiting at most `timeout` for room.
    pub fn submit_timeout<A: Pod>(
        &self,
        ty: TaskType<A>,
        args: &A,
        timeout: Duration,
    ) -> Result<()> {
        let deadline = Some(Instant::now() + timeout);
        self.inner.submit_words(
            Submission::new(self.id, ty.id, 0, 1),
            one_task(args),
            deadline,
            false,
        )
    }

    /// Submits many tasks of one type: each is its own descriptor; the batch is published with one
    /// release store per 1024 descriptors (so the device starts on a large batch's head while the
    /// host writes the rest) and one at its end. A run of 65,536 or more descriptors is written by
    /// up to four threads, each a contiguous part; the first part is published as it is written,
    /// the others when they are all written.
    pub fn submit_batch<A: Pod + Sync>(
        &self,
        ty: TaskType<A>,
        args: &[A],
        prio: usize,
    ) -> Result<()> {
        let deadline = self.inner.job_timeout.map(|d| Instant::now() + d);
        self.inner.submit_words(
            Submission::new(self.id, ty.id, prio, args.len()),
            |i, w| copy_args(&args[i], w),
            deadline,
            false,
        )
    }

    /// Like [`Job::submit_batch`], with each task's args computed by `f(i)` for i in 0..n (no
    /// intermediate vector). `f` is called from up to four threads at once for a large `n` (the
    /// host's writes to the ring are the limit of a large submission), in no particular order.
    pub fn submit_with<A: Pod>(
        &self,
        ty: TaskType<A>,
        n: usize,
        prio: usize,
        f: impl Fn(usize) -> A + Sync,
    ) -> Result<()> {
        let deadline = self.inner.job_timeout.map(|d| Instant::now() + d);
        self.inner.submit_words(
            Submission::new(self.id, ty.id, prio, n),
            |i, w| copy_args(&f(i), w),
            deadline,
            false,
        )
    }

    /// Where the job stands now.
    pub fn status(&self) -> Result<JobStatus> {
        self.inner.job_status(self.id)
    }

    /// Whether the job has finished (successfully or not).
    pub fn is_done(&self) -> Result<bool> {
        Ok(self.status()? != JobStatus::Pending)
    }

    /// Waits for the job (up to the runtime's job timeout, if set).
    pub fn wait(&self) -> Result<()> {
        self.inner.wait_job(self.id, None)
    }

    /// Waits at most `timeout`. On `Err(Timeout)` the job keeps running; wait again or shut down.
    pub fn wait_timeout(&self, timeout: Duration) -> Result<()> {
        self.inner.wait_job(self.id, Some(timeout))
    }

    /// A future that resolves when the job finishes (works with any executor).
    pub fn wait_async(&self) -> JobFuture<'_> {
        JobFuture { job: self }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.inner.lock().jobs.release_handle(self.id);
    }
}

/// Most argument words a descriptor holds (`max_args_bytes` is at most 56).
const MAX_ARG_WORDS: usize = 7;

/// The fill of a one-task submission: its argument words, copied once (so the fill is `Sync`
/// whatever `A` is).
fn one_task<A: Pod>(args: &A) -> impl Fn(usize, &mut [u64]) + Sync {
    let mut words = [0u64; MAX_ARG_WORDS];
    copy_args(args, &mut words);
    move |_, w| w.copy_from_slice(&words[..w.len()])
}

/// Copies task args into descriptor words (the caller zeroed them). Through a fixed-size buffer:
/// every length is known at compile time, so this is a few moves, not a `memcpy` call per task.
pub(crate) fn copy_args<A: Pod>(a: &A, words: &mut [u64]) {
    let bytes = bytemuck::bytes_of(a);
    let mut buf = [0u64; MAX_ARG_WORDS];
    bytemuck::bytes_of_mut(&mut buf)[..bytes.len()].copy_from_slice(bytes);
    let n = bytes.len().div_ceil(8);
    words[..n].copy_from_slice(&buf[..n]);
}

/// Resolves when its job finishes. Woken by the runtime's pump thread.
pub struct JobFuture<'a> {
    job: &'a Job,
}

impl Future for JobFuture<'_> {
    type Output = Result<()>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = &self.job.inner;
        let mut st = inner.lock();
        if let Err(e) = inner.pump(&mut st) {
            return Poll::Ready(Err(e));
        }
        let slot = &mut st.jobs.slots[self.job.id as usize];
        match slot.status() {
            JobStatus::Pending => {
                if !slot.wakers.iter().any(|w| w.will_wake(cx.waker())) {
                    slot.wakers.push(cx.waker().clone());
                }
                Poll::Pending
            }
            s => Poll::Ready(status_result(s)),
        }
    }
}

/// The handle of one submitted task: done when it and everything it spawned has finished.
#[derive(Debug)]
pub struct Ticket {
    job: Job,
}

impl Ticket {
    /// Where the task stands.
    pub fn status(&self) -> Result<JobStatus> {
        self.job.status()
    }

    /// Whether it has finished.
    pub fn is_done(&self) -> Result<bool> {
        self.job.is_done()
    }

    /// Waits for it (up to the runtime's job timeout, if set).
    pub fn wait(&self) -> Result<()> {
        self.job.wait()
    }

    /// Waits at most `timeout`.
    pub fn wait_timeout(&self, timeout: Duration) -> Result<()> {
        self.job.wait_timeout(timeout)
    }

    /// A future for it.
    pub fn wait_async(&self) -> JobFuture<'_> {
        self.job.wait_async()
    }
}

/// Which ring a run of descriptors goes to, and for which job.
#[derive(Debug, Clone, Copy)]
struct Submission {
    job: u16,
    type_id: u8,
    prio: usize,
    items: usize,
}

impl Submission {
    fn new(job: u16, type_id: u8, prio: usize, items: usize) -> Self {
        Self {
            job,
            type_id,
            prio,
            items,
        }
    }
}

/// Fault flag for fast checks from other modules.
impl Runtime {
    /// Whether the device faulted (every later call returns [`Error::DeviceFault`]).
    pub fn is_faulted(&self) -> bool {
        self.inner
            .as_ref()
            .is_some_and(|i| i.faulted.load(Ordering::Acquire))
    }
}

/// Scheduler programs with sample task types of every width and each descriptor size, for the
/// kernel check (CI compiles them with NVRTC for several architectures).
pub(crate) fn sample_programs() -> Vec<(String, String)> {
    const SRC: &str = r#"
struct Small { u32 i; };
struct Big { u64 a, b, c; };
__device__ u32* sample_out;
GROSR_TASK(small, Small) { sample_out[args.i] = 2 * args.i; if (args.i > 0) ctx.spawn(GROSR_TYPE(small), Small{args.i - 1}); }
GROSR_TASK(warpy, Small) { if (threadIdx.x % 32 == 0) sample_out[args.i] += 1; }
GROSR_TASK(blocky, Small) { __shared__ u32 s; if (threadIdx.x == 0) s = args.i; __syncthreads(); if (threadIdx.x == 0) sample_out[s] += 1; }
GROSR_TASK(big, Big) { if (args.a == 7) ctx.fail(1); ctx.spawn(GROSR_TYPE(small), Small{(u32)args.b}, 1); }
"#;
    let defs = |big: bool| {
        let mut d = vec![
            TaskDef {
                name: "small".into(),
                source: SRC.into(),
                width: Width::Thread,
                args_size: 4,
                args_align: 4,
            },
            TaskDef {
                name: "warpy".into(),
                source: SRC.into(),
                width: Width::Warp,
                args_size: 4,
                args_align: 4,
            },
            TaskDef {
                name: "blocky".into(),
                source: SRC.into(),
                width: Width::Block,
                args_size: 4,
                args_align: 4,
            },
        ];
        if big {
            d.push(TaskDef {
                name: "big".into(),
                source: SRC.into(),
                width: Width::Thread,
                args_size: 24,
                args_align: 8,
            });
        }
        d
    };
    let cfg = |w: usize| ProgramConfig {
        desc_words: w,
        priorities: 2,
        block: BLOCK_THREADS,
        ingress_cap: 1 << 16,
        ingress_chunk: INGRESS_CHUNK,
        dq_cap: 1 << 12,
        ovf_cap: OVF_PER_THREAD * BLOCK_THREADS as u64,
        // The 4-word sample compiles batches of two entries a thread, the 2-word one the default
        // (Exp B's program compiles four).
        batch: if w == 4 {
            2 * BLOCK_THREADS
        } else {
            BLOCK_THREADS
        },
        // ...and the sharing that keeps spawns, with a register bound.
        sharing: if w == 4 {
            Sharing::Keep
        } else {
            Sharing::Spill
        },
        min_blocks_per_sm: if w == 4 { 2 } else { 0 },
        comp_cap: 1 << 14,
        max_jobs: MAX_JOBS,
        // The 4-word sample compiles the experimental ingress path and the cycle counters, the
        // 2-word one the defaults.
        ingress_pipeline: w == 4,
        // ...and a task shared area.
        task_shared_bytes: if w == 4 { 1024 } else { 0 },
        prof: w == 4,
        // The 4-word sample also compiles the scheduler's watching poller (off by default).
        tuning: if w == 4 {
            vec![("GROSR_POLLER_WATCH".into(), "1".into())]
        } else {
            Vec::new()
        },
    };
    vec![
        (
            "grosr_runtime_w2.cu".into(),
            task::generate(&defs(false), &cfg(2)),
        ),
        (
            "grosr_runtime_w4.cu".into(),
            task::generate(&defs(true), &cfg(4)),
        ),
    ]
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<Runtime>();
    f::<Job>();
    f::<Ticket>();
    let _ = AtomicU64::new(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "struct A { u32 x; };\nGROSR_TASK(t, A) { (void)args; }\n";

    #[repr(C)]
    #[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
    struct A {
        x: u32,
    }

    #[test]
    fn spawn_tier_capacity_is_validated_and_reaches_the_program() {
        let with = |n: u64| {
            let mut b = Runtime::builder().spawn_tier_capacity(n);
            b.task::<A>("t", SRC, Width::Thread);
            b.program_source()
        };
        let src = with(8192).expect("8192 is valid");
        assert!(
            src.contains("GROSR_OVF_CAP 8192u"),
            "the tier size is compiled in"
        );
        for bad in [0, 100, 3000] {
            let e = with(bad).expect_err("not a power of two of at least 256");
            assert!(e.to_string().contains("spawn_tier_capacity"), "{e}");
        }
    }

    #[test]
    fn batch_capacity_is_validated_and_reaches_the_program() {
        let with = |n: u32| {
            let mut b = Runtime::builder().batch_capacity(n).max_args_bytes(8);
            b.task::<A>("t", SRC, Width::Thread);
            b.program_source()
        };
        assert!(with(256).expect("default").contains("GROSR_BATCH 256u"));
        assert!(with(1024).expect("valid").contains("GROSR_BATCH 1024u"));
        for bad in [0, 128, 768, 2048, 300] {
            let e = with(bad).expect_err("not 256, 512 or 1024");
            assert!(e.to_string().contains("batch_capacity"), "{e}");
        }
        let mut b = Runtime::builder().sharing(Sharing::Keep);
        b.task::<A>("t", SRC, Width::Thread);
        let src = b.program_source().expect("keep");
        assert!(src.contains("#define GROSR_SPILL_KEEP GROSR_STACK_CAP"));
        assert!(with(256)
            .expect("spill")
            .contains("#define GROSR_SPILL_KEEP 0u"));
        // 1024 descriptors of 32 bytes (24 argument bytes, the default) do not fit.
        let mut b = Runtime::builder().batch_capacity(1024).max_args_bytes(24);
        b.task::<A>("t", SRC, Width::Thread);
        let e = b.program_source().expect_err("too much shared memory");
        assert!(e.to_string().contains("shared memory"), "{e}");
    }
}
