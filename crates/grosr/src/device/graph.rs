//! CUDA graphs: captured launch sequences replayed with one call (used by the baselines).

use super::{driver_err, Device, Stream};
use crate::error::Result;
use cudarc::driver::{result, sys};

/// A captured (not yet instantiated) CUDA graph.
pub struct Graph {
    raw: sys::CUgraph,
    device: Device,
}

impl Graph {
    pub(super) fn from_raw(raw: sys::CUgraph, device: &Device) -> Self {
        Self {
            raw,
            device: device.clone(),
        }
    }

    /// Instantiates the graph for launching.
    pub fn instantiate(&self) -> Result<GraphExec> {
        self.device.bind()?;
        let mut exec: sys::CUgraphExec = std::ptr::null_mut();
        // SAFETY: `raw` is a live graph; `exec` is a valid out-pointer.
        unsafe { sys::cuGraphInstantiateWithFlags(&mut exec, self.raw, 0) }
            .result()
            .map_err(|e| driver_err("cuGraphInstantiate", e))?;
        Ok(GraphExec {
            raw: exec,
            device: self.device.clone(),
        })
    }
}

impl Drop for Graph {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            // SAFETY: `raw` is owned by self and destroyed only here.
            let _ = unsafe { result::graph::destroy(self.raw) };
        }
    }
}

/// An instantiated graph.
pub struct GraphExec {
    raw: sys::CUgraphExec,
    device: Device,
}

impl GraphExec {
    /// Launches the whole graph on `stream`.
    pub fn launch(&self, stream: &Stream) -> Result<()> {
        // SAFETY: both handles are live and belong to the same context.
        unsafe { sys::cuGraphLaunch(self.raw, stream.raw()) }
            .result()
            .map_err(|e| driver_err("cuGraphLaunch", e))
    }
}

impl Drop for GraphExec {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            // SAFETY: `raw` is owned by self and destroyed only here.
            let _ = unsafe { result::graph::exec_destroy(self.raw) };
        }
    }
}
