//! Host-side job bookkeeping: which job slots are in use, how many tasks the host submitted to each,
//! and what the device reported (quiescence, failures). See invariant 5 in `kernels/grosr.cuh`.

use super::ring::{Record, REC_FAILED, REC_QUIESCENT};
use std::task::Waker;

/// The device reports `fetched` modulo 2^28.
pub(crate) const FETCHED_MASK: u64 = (1 << 28) - 1;

/// Where a job (or ticket) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    /// Some task of it, or one it spawned, has not finished.
    Pending,
    /// Every task submitted to it, and everything they spawned, has finished.
    Done,
    /// A task called `ctx.fail(code)` (or the runtime failed it, e.g. queue full).
    Failed {
        /// The failing task's type id.
        task_type: u32,
        /// Its code.
        code: u32,
    },
    /// The runtime was shut down with `Cancel` (or dropped) before the job finished.
    Cancelled,
}

#[derive(Debug, Default)]
pub(crate) struct JobSlot {
    /// Tasks the host submitted to this slot, over all its lifetimes.
    pub submitted: u64,
    /// `fetched` of the latest quiescence record.
    pub quiescent_at: u64,
    pub failed: Option<(u32, u32)>,
    pub cancelled: bool,
    /// A Job/Ticket handle refers to the slot.
    pub handle: bool,
    /// In use (by a handle, or still running after its handle was dropped).
    pub live: bool,
    pub wakers: Vec<Waker>,
}

impl JobSlot {
    pub fn quiescent(&self) -> bool {
        self.submitted & FETCHED_MASK == self.quiescent_at & FETCHED_MASK
    }

    pub fn status(&self) -> JobStatus {
        if let Some((task_type, code)) = self.failed {
            JobStatus::Failed { task_type, code }
        } else if self.quiescent() {
            JobStatus::Done
        } else if self.cancelled {
            JobStatus::Cancelled
        } else {
            JobStatus::Pending
        }
    }
}

/// All job slots.
#[derive(Debug)]
pub(crate) struct JobTable {
    pub slots: Vec<JobSlot>,
    free: Vec<u16>,
}

impl JobTable {
    pub fn new(n: usize) -> Self {
        let slots = (0..n).map(|_| JobSlot::default()).collect();
        // Pop from the end: lowest slots first.
        let free = (0..n as u32).rev().map(|i| i as u16).collect();
        Self { slots, free }
    }

    /// Takes a free slot for a new job.
    pub fn alloc(&mut self) -> Option<u16> {
        let id = self.free.pop()?;
        let s = &mut self.slots[id as usize];
        s.failed = None;
        s.cancelled = false;
        s.handle = true;
        s.live = true;
        Some(id)
    }

    /// The handle of `id` is gone; the slot is recycled once nothing of the job runs.
    pub fn release_handle(&mut self, id: u16) {
        let s = &mut self.slots[id as usize];
        s.handle = false;
        self.maybe_recycle(id);
    }

    fn maybe_recycle(&mut self, id: u16) {
        let s = &mut self.slots[id as usize];
        if s.live && !s.handle && (s.quiescent() || s.cancelled) {
            s.live = false;
            s.wakers.clear();
            self.free.push(id);
        }
    }

    /// Applies a device record; wakes the job's async waiters when its status changed.
    pub fn apply(&mut self, r: &Record) {
        let Some(s) = self.slots.get_mut(r.job as usize) else {
            return;
        };
        match r.kind {
            REC_QUIESCENT => s.quiescent_at = r.value & FETCHED_MASK,
            REC_FAILED => {
                if s.failed.is_none() {
                    s.failed = Some((r.type_id as u32, r.value as u32));
                }
            }
            _ => return,
        }
        if s.status() != JobStatus::Pending {
            s.wakers.drain(..).for_each(Waker::wake);
        }
        self.maybe_recycle(r.job);
    }

    /// Marks every unfinished job cancelled (shutdown) and wakes everyone.
    pub fn cancel_all(&mut self) {
        for s in &mut self.slots {
            if s.live && !s.quiescent() {
                s.cancelled = true;
            }
            s.wakers.drain(..).for_each(Waker::wake);
        }
    }

    /// Whether every job that has tasks is quiescent.
    pub fn all_quiescent(&self) -> bool {
        self.slots
            .iter()
            .all(|s| !s.live || s.quiescent() || s.failed.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: u8, job: u16, value: u64) -> Record {
        Record {
            kind,
            job,
            type_id: 3,
            value,
        }
    }

    #[test]
    fn job_is_done_when_fetched_matches_submissions() {
        let mut t = JobTable::new(4);
        let j = t.alloc().expect("slot");
        assert_eq!(
            t.slots[j as usize].status(),
            JobStatus::Done,
            "an empty job is done"
        );
        t.slots[j as usize].submitted += 3;
        assert_eq!(t.slots[j as usize].status(), JobStatus::Pending);
        t.apply(&rec(REC_QUIESCENT, j, 2));
        assert_eq!(
            t.slots[j as usize].status(),
            JobStatus::Pending,
            "quiescent before the 3rd was fetched"
        );
        t.apply(&rec(REC_QUIESCENT, j, 3));
        assert_eq!(t.slots[j as usize].status(), JobStatus::Done);
    }

    #[test]
    fn slots_recycle_only_when_released_and_quiescent() {
        let mut t = JobTable::new(1);
        let j = t.alloc().expect("slot");
        t.slots[j as usize].submitted += 1;
        t.release_handle(j);
        assert!(t.alloc().is_none(), "still running: not recycled");
        t.apply(&rec(REC_QUIESCENT, j, 1));
        let k = t.alloc().expect("recycled");
        assert_eq!(k, j);
        // The new lifetime starts done and counts on from the cumulative total.
        assert_eq!(t.slots[k as usize].status(), JobStatus::Done);
        t.slots[k as usize].submitted += 2;
        t.apply(&rec(REC_QUIESCENT, k, 3));
        assert_eq!(t.slots[k as usize].status(), JobStatus::Done);
    }

    #[test]
    fn fetched_counter_wraps_modulo_2_pow_28() {
        let mut t = JobTable::new(1);
        let j = t.alloc().expect("slot");
        t.slots[j as usize].submitted = (1 << 28) + 5;
        t.apply(&rec(REC_QUIESCENT, j, 5));
        assert_eq!(t.slots[j as usize].status(), JobStatus::Done);
    }

    #[test]
    fn failure_and_cancel_are_reported() {
        let mut t = JobTable::new(2);
        let j = t.alloc().expect("slot");
        t.slots[j as usize].submitted += 1;
        t.apply(&rec(REC_FAILED, j, 42));
        assert_eq!(
            t.slots[j as usize].status(),
            JobStatus::Failed {
                task_type: 3,
                code: 42
            }
        );
        let k = t.alloc().expect("slot");
        t.slots[k as usize].submitted += 1;
        t.cancel_all();
        assert_eq!(t.slots[k as usize].status(), JobStatus::Cancelled);
    }
}
