//! A CUDA graph whose single node is a conditional WHILE loop around one kernel (CUDA 12.3+): the
//! kernel decides on the device, with `cudaGraphSetConditional(handle, value)`, whether the body
//! runs again, so a whole loop is one `cuGraphLaunch` with no host round trip per iteration.

use super::{driver_err, Device, Kernel, KernelArgs, LaunchConfig, Stream};
use crate::error::Result;
use cudarc::driver::sys;
use std::ffi::c_void;

/// An instantiated graph: `while (cond) { kernel<<<cfg>>>(args) }`, with `cond` reset to 1 at every
/// launch (so the body runs at least once).
pub struct WhileGraph {
    graph: sys::CUgraph,
    exec: sys::CUgraphExec,
    device: Device,
}

// SAFETY: graph handles are context-wide; every call binds the context first.
unsafe impl Send for WhileGraph {}
// SAFETY: as above; launching an exec from several threads is serialised by the driver.
unsafe impl Sync for WhileGraph {}

impl WhileGraph {
    /// Builds and instantiates the loop. `make_args` receives the conditional handle (a `u64`, the
    /// kernel's `cudaGraphConditionalHandle` parameter) and returns the kernel's arguments.
    pub fn new(
        kernel: &Kernel,
        cfg: LaunchConfig,
        make_args: impl FnOnce(u64) -> KernelArgs,
    ) -> Result<Self> {
        let device = kernel.device().clone();
        device.bind()?;
        let ctx = device.inner.ctx.cu_ctx();
        let mut graph: sys::CUgraph = std::ptr::null_mut();
        // SAFETY: `graph` is a valid out-pointer; flags must be 0.
        unsafe { sys::cuGraphCreate(&mut graph, 0) }
            .result()
            .map_err(|e| driver_err("cuGraphCreate", e))?;
        let mut this = Self {
            graph,
            exec: std::ptr::null_mut(),
            device,
        };
        let mut handle: sys::CUgraphConditionalHandle = 0;
        // SAFETY: `graph` is live and `ctx` is the device's current context; ASSIGN_DEFAULT resets
        // the condition to the default (1) at each launch.
        unsafe {
            sys::cuGraphConditionalHandleCreate(
                &mut handle,
                graph,
                ctx,
                1,
                sys::CU_GRAPH_COND_ASSIGN_DEFAULT,
            )
        }
        .result()
        .map_err(|e| driver_err("cuGraphConditionalHandleCreate", e))?;
        // SAFETY: CUgraphNodeParams is a plain C struct/union for which all-zero is valid.
        let mut params: sys::CUgraphNodeParams = unsafe { std::mem::zeroed() };
        params.type_ = sys::CUgraphNodeType::CU_GRAPH_NODE_TYPE_CONDITIONAL;
        params.__bindgen_anon_1.conditional = sys::CUDA_CONDITIONAL_NODE_PARAMS {
            handle,
            type_: sys::CUgraphConditionalNodeType::CU_GRAPH_COND_TYPE_WHILE,
            size: 1,
            phGraph_out: std::ptr::null_mut(),
            ctx,
        };
        let mut node: sys::CUgraphNode = std::ptr::null_mut();
        // SAFETY: `graph` is live; no dependencies; `params` is fully initialised and the driver fills
        // `phGraph_out` with the body graph it owns.
        unsafe {
            sys::cuGraphAddNode_v2(
                &mut node,
                graph,
                std::ptr::null(),
                std::ptr::null(),
                0,
                &mut params,
            )
        }
        .result()
        .map_err(|e| driver_err("cuGraphAddNode(conditional)", e))?;
        // SAFETY: reading the union member we just wrote; the driver set phGraph_out to an array of
        // `size` (1) body graphs that live as long as `graph`.
        let body = unsafe { *params.__bindgen_anon_1.conditional.phGraph_out };
        let args = make_args(handle);
        kernel.check_args(&args)?;
        let mut values = args.values().to_vec();
        let mut ptrs: Vec<*mut c_void> =
            values.iter_mut().map(|v| (v as *mut u64).cast()).collect();
        let kp = sys::CUDA_KERNEL_NODE_PARAMS {
            func: kernel.raw_function(),
            gridDimX: cfg.grid.0,
            gridDimY: cfg.grid.1,
            gridDimZ: cfg.grid.2,
            blockDimX: cfg.block.0,
            blockDimY: cfg.block.1,
            blockDimZ: cfg.block.2,
            sharedMemBytes: cfg.shared_bytes,
            kernelParams: ptrs.as_mut_ptr(),
            extra: std::ptr::null_mut(),
            kern: std::ptr::null_mut(),
            ctx: std::ptr::null_mut(),
        };
        let mut knode: sys::CUgraphNode = std::ptr::null_mut();
        // SAFETY: `body` is the live body graph; argument count and sizes were checked against the
        // function; the driver copies the parameter values (little-endian: a 4-byte parameter reads
        // the low half of its u64 slot) before returning.
        unsafe { sys::cuGraphAddKernelNode_v2(&mut knode, body, std::ptr::null(), 0, &kp) }
            .result()
            .map_err(|e| driver_err("cuGraphAddKernelNode", e))?;
        // SAFETY: `graph` is complete; `exec` is a valid out-pointer.
        unsafe { sys::cuGraphInstantiateWithFlags(&mut this.exec, graph, 0) }
            .result()
            .map_err(|e| driver_err("cuGraphInstantiate(conditional)", e))?;
        Ok(this)
    }

    /// Launches the loop on `stream`.
    pub fn launch(&self, stream: &Stream) -> Result<()> {
        self.device.bind()?;
        // SAFETY: both handles are live and belong to the same context.
        unsafe { sys::cuGraphLaunch(self.exec, stream.raw()) }
            .result()
            .map_err(|e| driver_err("cuGraphLaunch", e))
    }
}

impl Drop for WhileGraph {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            if !self.exec.is_null() {
                // SAFETY: owned exec, destroyed once.
                let _ = unsafe { sys::cuGraphExecDestroy(self.exec) };
            }
            // SAFETY: owned graph (and its body graphs), destroyed once.
            let _ = unsafe { sys::cuGraphDestroy(self.graph) };
        }
    }
}
