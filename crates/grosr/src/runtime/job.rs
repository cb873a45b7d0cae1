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
    /// Slots whose status is Pending (kept by `update`, through which every change goes).
    pending: usize,
}

impl JobTable {
    pub fn new(n: usize) -> Self {
        let slots = (0..n).map(|_| JobSlot::default()).collect();
        // Pop from the end: lowest slots first.
        let free = (0..n as u32).rev().map(|i| i as u16).collect();
        Self {
            slots,
            free,
            pending: 0,
        }
    }

    /// Jobs with a task (or a spawn of one) not yet finished, as far as the host has heard.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Changes slot `id` through `f`, keeping the count of pending slots.
    fn update(&mut self, id: u16, f: impl FnOnce(&mut JobSlot)) {
        let s = &mut self.slots[id as usize];
        let was = s.status() == JobStatus::Pending;
        f(s);
        let now = s.status() == JobStatus::Pending;
        match (was, now) {
            (false, true) => self.pending += 1,
            (true, false) => self.pending -= 1,
            _ => {}
        }
    }

    /// Counts `n` more tasks submitted to slot `id` (or, with `undo`, `n` fewer: tasks that were
    /// counted but never written).
    pub fn submitted(&mut self, id: u16, n: u64, undo: bool) {
        self.update(id, |s| {
            if undo {
                s.submitted -= n;
            } else {
                s.submitted += n;
            }
        });
    }

    /// The device reported every task of slot `id` done (the express path, where the host knows
    /// the job held exactly its submissions and nothing was spawned).
    pub fn complete(&mut self, id: u16) {
        self.update(id, |s| s.quiescent_at = s.submitted);
        if self.slots[id as usize].status() != JobStatus::Pending {
            self.slots[id as usize]
                .wakers
                .drain(..)
                .for_each(Waker::wake);
        }
        self.maybe_recycle(id);
    }

    /// Takes a free slot for a new job.
    pub fn alloc(&mut self) -> Option<u16> {
        let id = self.free.pop()?;
        self.update(id, |s| {
            s.failed = None;
            s.cancelled = false;
            s.handle = true;
            s.live = true;
        });
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
        if r.job as usize >= self.slots.len() || !matches!(r.kind, REC_QUIESCENT | REC_FAILED) {
            return;
        }
        self.update(r.job, |s| match r.kind {
            REC_QUIESCENT => s.quiescent_at = r.value & FETCHED_MASK,
            _ => {
                if s.failed.is_none() {
                    s.failed = Some((r.type_id as u32, r.value as u32));
                }
            }
        });
        let s = &mut self.slots[r.job as usize];
        if s.status() != JobStatus::Pending {
            s.wakers.drain(..).for_each(Waker::wake);
        }
        self.maybe_recycle(r.job);
    }

    /// Marks every unfinished job cancelled (shutdown) and wakes everyone.
    pub fn cancel_all(&mut self) {
        for id in 0..self.slots.len() {
            self.update(id as u16, |s| {
                if s.live && !s.quiescent() {
                    s.cancelled = true;
                }
                s.wakers.drain(..).for_each(Waker::wake);
            });
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
        t.submitted(j, 3, false);
        assert_eq!(t.slots[j as usize].status(), JobStatus::Pending);
        assert_eq!(t.pending(), 1);
        t.apply(&rec(REC_QUIESCENT, j, 2));
        assert_eq!(
            t.slots[j as usize].status(),
            JobStatus::Pending,
            "quiescent before the 3rd was fetched"
        );
        t.apply(&rec(REC_QUIESCENT, j, 3));
        assert_eq!(t.slots[j as usize].status(), JobStatus::Done);
        assert_eq!(t.pending(), 0);
    }

    #[test]
    fn pending_count_follows_every_change() {
        let mut t = JobTable::new(4);
        let (a, b) = (t.alloc().expect("a"), t.alloc().expect("b"));
        t.submitted(a, 2, false);
        t.submitted(b, 1, false);
        assert_eq!(t.pending(), 2);
        // A failure ends the job for the host (its status is final).
        t.apply(&rec(REC_FAILED, a, 7));
        assert_eq!(t.pending(), 1);
        t.submitted(b, 1, true);
        assert_eq!(t.pending(), 0, "un-counted back to nothing submitted");
        t.submitted(b, 1, false);
        t.complete(b);
        assert_eq!(t.pending(), 0);
        assert_eq!(t.slots[b as usize].status(), JobStatus::Done);
        let c = t.alloc().expect("c");
        t.submitted(c, 5, false);
        t.cancel_all();
        assert_eq!(t.pending(), 0);
        // A full-size table (job ids use all 16 bits) cancels every slot too.
        let mut t = JobTable::new(1 << 16);
        let mut last = 0;
        for _ in 0..3 {
            last = t.alloc().expect("slot");
            t.submitted(last, 1, false);
        }
        t.cancel_all();
        assert_eq!(t.pending(), 0);
        assert_eq!(t.slots[last as usize].status(), JobStatus::Cancelled);
    }

    #[test]
    fn slots_recycle_only_when_released_and_quiescent() {
        let mut t = JobTable::new(1);
        let j = t.alloc().expect("slot");
        t.submitted(j, 1, false);
        t.release_handle(j);
        assert!(t.alloc().is_none(), "still running: not recycled");
        t.apply(&rec(REC_QUIESCENT, j, 1));
        let k = t.alloc().expect("recycled");
        assert_eq!(k, j);
        // The new lifetime starts done and counts on from the cumulative total.
        assert_eq!(t.slots[k as usize].status(), JobStatus::Done);
        t.submitted(k, 2, false);
        t.apply(&rec(REC_QUIESCENT, k, 3));
        assert_eq!(t.slots[k as usize].status(), JobStatus::Done);
    }

    #[test]
    fn fetched_counter_wraps_modulo_2_pow_28() {
        let mut t = JobTable::new(1);
        let j = t.alloc().expect("slot");
        t.submitted(j, (1 << 28) + 5, false);
        t.apply(&rec(REC_QUIESCENT, j, 5));
        assert_eq!(t.slots[j as usize].status(), JobStatus::Done);
    }

    #[test]
    fn failure_and_cancel_are_reported() {
        let mut t = JobTable::new(2);
        let j = t.alloc().expect("slot");
        t.submitted(j, 1, false);
        t.apply(&rec(REC_FAILED, j, 42));
        assert_eq!(
            t.slots[j as usize].status(),
            JobStatus::Failed {
                task_type: 3,
                code: 42
            }
        );
        let k = t.alloc().expect("slot");
        t.submitted(k, 1, false);
        t.cancel_all();
        assert_eq!(t.slots[k as usize].status(), JobStatus::Cancelled);
    }
}
