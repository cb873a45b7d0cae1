//! Host side of the queue protocol (invariants 1, 3 and 6 in `kernels/grosr.cuh`): the producer of an
//! ingress ring and the reader of the completion ring. Both work on plain atomic word slices, so the
//! index arithmetic, wrap-around and batch publication are tested on the CPU against a simulated
//! device consumer.

use std::sync::atomic::{AtomicU64, Ordering};

/// Geometry of one ingress ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RingLayout {
    /// Slots (power of two).
    pub cap: u64,
    /// Slots per chunk: the unit in which the device gives slots back (power of two, divides cap).
    pub chunk: u64,
    /// 64-bit words per descriptor.
    pub desc_words: usize,
}

impl RingLayout {
    pub fn chunks(&self) -> u64 {
        self.cap / self.chunk
    }
}

/// The memory of one ingress ring: descriptor words, per-chunk lap marks and the published tail.
pub(crate) struct RingMem<'a> {
    pub slots: &'a [AtomicU64],
    pub chunk_free: &'a [AtomicU64],
    pub pub_tail: &'a AtomicU64,
}

/// Packs a descriptor header: stamp | job << 32 | type << 48 | prio << 56.
pub(crate) fn header(stamp: u32, job: u16, type_id: u8, prio: u8) -> u64 {
    stamp as u64 | (job as u64) << 32 | (type_id as u64) << 48 | (prio as u64) << 56
}

/// The single producer of an ingress ring.
#[derive(Debug)]
pub(crate) struct IngressProducer {
    layout: RingLayout,
    /// Next position to write.
    pos: u64,
    /// Positions known writable (cached from chunk_free to avoid re-reading it per slot).
    writable_until: u64,
}

impl IngressProducer {
    pub fn new(layout: RingLayout) -> Self {
        Self {
            layout,
            pos: 0,
            writable_until: 0,
        }
    }

    /// Total descriptors written so far (published or not).
    #[cfg(test)]
    pub fn written(&self) -> u64 {
        self.pos
    }

    /// How many slots from the current position may be written now (up to `want`).
    pub fn room(&mut self, mem: &RingMem<'_>, want: u64) -> u64 {
        let l = self.layout;
        while self.writable_until < self.pos + want {
            let p = self.writable_until;
            let lap = p / l.cap;
            let c = (p % l.cap) / l.chunk;
            // Acquire pairs with the device's release of chunk_free: its reads of the chunk are done.
            if mem.chunk_free[c as usize].load(Ordering::Acquire) < lap {
                break;
            }
            self.writable_until = (p / l.chunk + 1) * l.chunk;
        }
        self.writable_until.saturating_sub(self.pos).min(want)
    }

    /// Writes one descriptor at the current position (the caller checked `room`). `args` holds
    /// `desc_words - 1` words (the CPU tests' producer; submissions use `write_run`).
    #[cfg(test)]
    pub fn write(&mut self, mem: &RingMem<'_>, job: u16, type_id: u8, prio: u8, args: &[u64]) {
        self.write_run(mem, (job, type_id, prio), 1, usize::MAX, |_, w| {
            w.iter_mut().zip(args).for_each(|(d, &a)| *d = a)
        });
    }

    /// Writes `n` descriptors of one job, type and class at the current position (the caller
    /// checked `room`): the arguments of the i-th (`desc_words - 1` words) come from `fill(i, words)`
    /// on zeroed words. Publishes after every `publish_every` of them (not after the last: the
    /// caller publishes). The submission hot loop: the header is built once, each slot has a
    /// compile-time size (no per-word bounds checks) and the argument words live on the stack.
    /// A run of at least [`PAR_MIN`] is written by up to [`PAR_THREADS`] threads at once, each a
    /// contiguous part: this one writes the first and publishes it as it goes (the device starts
    /// on it), the others' parts are published by the caller's next publication, after they joined.
    pub fn write_run(
        &mut self,
        mem: &RingMem<'_>,
        (job, type_id, prio): (u16, u8, u8),
        n: usize,
        publish_every: usize,
        fill: impl Fn(usize, &mut [u64]) + Sync,
    ) {
        let base = header(0, job, type_id, prio);
        match self.layout.desc_words {
            2 => self.write_run_w::<2>(mem, base, n, publish_every, &fill),
            4 => self.write_run_w::<4>(mem, base, n, publish_every, &fill),
            6 => self.write_run_w::<6>(mem, base, n, publish_every, &fill),
            _ => self.write_run_w::<8>(mem, base, n, publish_every, &fill),
        }
    }

    fn write_run_w<const W: usize>(
        &mut self,
        mem: &RingMem<'_>,
        hdr: u64,
        n: usize,
        publish_every: usize,
        fill: &(impl Fn(usize, &mut [u64]) + Sync),
    ) {
        debug_assert_eq!(W, self.layout.desc_words, "descriptor size");
        let mask = self.layout.cap - 1;
        let publish_every = publish_every.max(1);
        let start = self.pos;
        let threads = if n >= PAR_MIN {
            std::thread::available_parallelism().map_or(1, |t| t.get().min(PAR_THREADS))
        } else {
            1
        };
        // This thread's part (all of it when alone), published in stretches of `publish_every`.
        let head = n.div_ceil(threads);
        let own = |this: &mut Self| {
            let mut i = 0;
            while i < head {
                let end = head.min(i.saturating_add(publish_every));
                write_slots::<W>(mem, hdr, mask, start, i..end, fill);
                this.pos = start + end as u64;
                if end - i == publish_every {
                    this.publish(mem);
                }
                i = end;
            }
        };
        if threads == 1 {
            own(self);
        } else {
            std::thread::scope(|s| {
                for lo in (head..n).step_by(head) {
                    let hi = n.min(lo + head);
                    s.spawn(move || write_slots::<W>(mem, hdr, mask, start, lo..hi, fill));
                }
                own(self);
            });
        }
        self.pos = start + n as u64;
    }

    /// Publishes everything written so far (one store for a whole batch).
    pub fn publish(&self, mem: &RingMem<'_>) {
        // Release: every descriptor written before is visible to a device that acquires pub_tail.
        mem.pub_tail.store(self.pos, Ordering::Release);
    }
}

/// Runs of at least this many descriptors are written by several threads (`write_run`): one host
/// thread writes pinned memory at ~15 GB/s, about 2 ns a 32-byte descriptor on an H100 machine.
const PAR_MIN: usize = 1 << 16;
/// Most threads that write one run, the caller's included.
const PAR_THREADS: usize = 4;

/// Writes descriptors `range` of a run starting at ring position `start` (no publication): the
/// i-th's arguments from `fill(i, words)`, then its header with stamp = position + 1 (release).
fn write_slots<const W: usize>(
    mem: &RingMem<'_>,
    hdr: u64,
    mask: u64,
    start: u64,
    range: std::ops::Range<usize>,
    fill: &(impl Fn(usize, &mut [u64]) + ?Sized),
) {
    for k in range {
        let pos = start + k as u64;
        let mut args = [0u64; 8];
        fill(k, &mut args[..W - 1]);
        let at = (pos & mask) as usize * W;
        // W known at compile time: the slice's length is, so the stores below need no checks.
        let slot = &mem.slots[at..at + W];
        for (dst, &a) in slot[1..].iter().zip(&args[..W - 1]) {
            dst.store(a, Ordering::Relaxed);
        }
        // Release: the argument words are visible before the stamp (the device's acquire of it).
        slot[0].store(hdr | (pos + 1) as u32 as u64, Ordering::Release);
    }
}

/// Kinds of completion records (GROSR_REC_* in grosr.cuh).
pub(crate) const REC_QUIESCENT: u8 = 1;
pub(crate) const REC_FAILED: u8 = 2;

/// One record from the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    pub kind: u8,
    pub job: u16,
    pub type_id: u8,
    pub value: u64,
}

/// Reader of the completion ring (records of two words: header, payload).
#[derive(Debug)]
pub(crate) struct CompletionReader {
    cap: u64,
    next: u64,
}

impl CompletionReader {
    pub fn new(cap: u64) -> Self {
        Self { cap, next: 0 }
    }

    /// Records consumed so far (what the device may overwrite up to, plus capacity).
    pub fn consumed(&self) -> u64 {
        self.next
    }

    /// The next record, if the device has written it.
    pub fn next(&mut self, ring: &[AtomicU64]) -> Option<Record> {
        let s = (self.next % self.cap) as usize * 2;
        // Acquire pairs with the device's st.release.sys of the header: the payload is then visible.
        let h = ring[s].load(Ordering::Acquire);
        if h as u32 != (self.next + 1) as u32 {
            return None;
        }
        let value = ring[s + 1].load(Ordering::Relaxed);
        self.next += 1;
        Some(Record {
            kind: (h >> 56) as u8,
            job: (h >> 32) as u16,
            type_id: (h >> 48) as u8,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> Vec<AtomicU64> {
        (0..n).map(|_| AtomicU64::new(0)).collect()
    }

    /// A ring's host memory for the tests: slots, chunk lap marks and the published tail.
    struct Buffers {
        slots: Vec<AtomicU64>,
        free: Vec<AtomicU64>,
        tail: AtomicU64,
    }

    impl Buffers {
        fn new(l: &RingLayout) -> Self {
            Self {
                slots: words(l.cap as usize * l.desc_words),
                free: words(l.chunks() as usize),
                tail: AtomicU64::new(0),
            }
        }

        fn mem(&self) -> RingMem<'_> {
            RingMem {
                slots: &self.slots,
                chunk_free: &self.free,
                pub_tail: &self.tail,
            }
        }
    }

    /// A CPU stand-in for the device side of invariants 2-3: consumes published slots in claims of
    /// `claim` and marks completed chunk laps.
    struct FakeDevice {
        head: u64,
        done: Vec<u64>,
    }

    impl FakeDevice {
        fn consume(
            &mut self,
            l: RingLayout,
            mem: &RingMem<'_>,
            claim: u64,
            out: &mut Vec<(u64, u64)>,
        ) {
            let tail = mem.pub_tail.load(Ordering::Acquire);
            while self.head < tail {
                let n = claim.min(tail - self.head);
                for pos in self.head..self.head + n {
                    let base = (pos % l.cap) as usize * l.desc_words;
                    let h = mem.slots[base].load(Ordering::Acquire);
                    assert_eq!(h as u32, (pos + 1) as u32, "stamp of position {pos}");
                    out.push((pos, mem.slots[base + 1].load(Ordering::Relaxed)));
                    let c = ((pos % l.cap) / l.chunk) as usize;
                    self.done[c] += 1;
                    if self.done[c].is_multiple_of(l.chunk) {
                        mem.chunk_free[c].store(self.done[c] / l.chunk, Ordering::Release);
                    }
                }
                self.head += n;
            }
        }
    }

    #[test]
    fn write_run_fills_slots_and_publishes_every_stretch() {
        let l = RingLayout {
            cap: 32,
            chunk: 8,
            desc_words: 4,
        };
        let b = Buffers::new(&l);
        let (mem, slots, tail) = (b.mem(), &b.slots, &b.tail);
        let mut p = IngressProducer::new(l);
        assert_eq!(p.room(&mem, 40), 32, "one lap of room");
        p.write_run(&mem, (7, 3, 1), 20, 8, |i, w| {
            assert_eq!(w, &[0, 0, 0], "argument words start zeroed");
            w.copy_from_slice(&[i as u64, 100 + i as u64, 200 + i as u64]);
        });
        assert_eq!(
            tail.load(Ordering::Acquire),
            16,
            "published after 8 and 16, not 20"
        );
        for pos in 0..20u64 {
            let s = &slots[pos as usize * 4..pos as usize * 4 + 4];
            let got: Vec<u64> = s.iter().map(|w| w.load(Ordering::Relaxed)).collect();
            assert_eq!(
                got,
                vec![header(pos as u32 + 1, 7, 3, 1), pos, 100 + pos, 200 + pos]
            );
        }
        p.publish(&mem);
        assert_eq!(tail.load(Ordering::Acquire), 20);
    }

    #[test]
    fn a_long_run_is_written_by_several_threads_and_wraps() {
        // Two laps' worth of positions: the run starts three quarters into the ring, so every
        // thread's part may wrap.
        let cap = (PAR_MIN as u64) * 2;
        let l = RingLayout {
            cap,
            chunk: 1024,
            desc_words: 4,
        };
        let b = Buffers::new(&l);
        let (mem, slots, tail) = (b.mem(), &b.slots, &b.tail);
        let mut p = IngressProducer::new(l);
        let first = cap * 3 / 4;
        p.pos = first;
        p.writable_until = first + cap;
        let n = PAR_MIN + 777;
        p.write_run(&mem, (9, 2, 0), n, 1024, |i, w| {
            w.copy_from_slice(&[i as u64, !(i as u64), 7]);
        });
        assert_eq!(p.pos, first + n as u64, "every descriptor counted");
        let published = tail.load(Ordering::Acquire);
        assert!(
            published > first && published < first + n as u64 && (published - first).is_multiple_of(1024),
            "the caller's part is published in stretches, the rest by the next publication: {published}"
        );
        for k in 0..n as u64 {
            let pos = first + k;
            let at = (pos % cap) as usize * 4;
            let got: Vec<u64> = slots[at..at + 4]
                .iter()
                .map(|w| w.load(Ordering::Relaxed))
                .collect();
            assert_eq!(
                got,
                vec![header(pos as u32 + 1, 9, 2, 0), k, !k, 7],
                "descriptor {k}"
            );
        }
        p.publish(&mem);
        assert_eq!(tail.load(Ordering::Acquire), first + n as u64);
    }

    #[test]
    fn producer_wraps_and_respects_chunk_laps() {
        let l = RingLayout {
            cap: 64,
            chunk: 16,
            desc_words: 2,
        };
        let (slots, free, tail) = (words(64 * 2), words(4), AtomicU64::new(0));
        let mem = RingMem {
            slots: &slots,
            chunk_free: &free,
            pub_tail: &tail,
        };
        let mut p = IngressProducer::new(l);
        let mut dev = FakeDevice {
            head: 0,
            done: vec![0; 4],
        };
        assert_eq!(p.room(&mem, 1000), 64, "an empty ring is fully writable");
        let mut seen = Vec::new();
        let mut next_val = 0u64;
        for round in 0..50u64 {
            let want = 1 + (round * 7) % 40;
            let n = p.room(&mem, want);
            for _ in 0..n {
                p.write(&mem, 3, 1, 0, &[next_val]);
                next_val += 1;
            }
            p.publish(&mem);
            // The producer never gets ahead of the consumer by more than the capacity.
            assert!(p.written() - dev.head <= l.cap);
            dev.consume(l, &mem, 5 + round % 9, &mut seen);
        }
        assert!(next_val > 64 * 5, "wrapped several times");
        assert_eq!(seen.len() as u64, next_val);
        for (i, &(pos, v)) in seen.iter().enumerate() {
            assert_eq!(
                (pos, v),
                (i as u64, i as u64),
                "in order, nothing lost or duplicated"
            );
        }
    }

    #[test]
    fn full_ring_has_no_room_until_a_whole_chunk_is_consumed() {
        let l = RingLayout {
            cap: 32,
            chunk: 16,
            desc_words: 4,
        };
        let (slots, free, tail) = (words(32 * 4), words(2), AtomicU64::new(0));
        let mem = RingMem {
            slots: &slots,
            chunk_free: &free,
            pub_tail: &tail,
        };
        let mut p = IngressProducer::new(l);
        for _ in 0..32 {
            p.write(&mem, 0, 0, 0, &[1, 2, 3]);
        }
        p.publish(&mem);
        assert_eq!(p.room(&mem, 1), 0);
        // Half a chunk consumed is not enough.
        let mut dev = FakeDevice {
            head: 0,
            done: vec![0; 2],
        };
        tail.store(8, Ordering::Release);
        dev.consume(l, &mem, 8, &mut Vec::new());
        assert_eq!(p.room(&mem, 1), 0);
        tail.store(16, Ordering::Release);
        dev.consume(l, &mem, 8, &mut Vec::new());
        assert_eq!(p.room(&mem, 100), 16);
    }

    #[test]
    fn header_packs_fields() {
        let h = header(0xDEADBEEF, 0x1234, 0x56, 0x7);
        assert_eq!(h as u32, 0xDEADBEEF);
        assert_eq!((h >> 32) as u16, 0x1234);
        assert_eq!((h >> 48) as u8, 0x56);
        assert_eq!((h >> 56) as u8, 0x7);
    }

    #[test]
    fn completion_reader_follows_stamps() {
        let ring = words(8);
        let mut r = CompletionReader::new(4);
        assert!(r.next(&ring).is_none());
        for slot in 0..10u64 {
            let s = (slot % 4) as usize * 2;
            ring[s + 1].store(slot * 10, Ordering::Relaxed);
            let h = (slot + 1) as u32 as u64 | 7 << 32 | 2 << 48 | (REC_QUIESCENT as u64) << 56;
            ring[s].store(h, Ordering::Release);
            let rec = r.next(&ring).expect("record");
            assert_eq!(
                rec,
                Record {
                    kind: REC_QUIESCENT,
                    job: 7,
                    type_id: 2,
                    value: slot * 10
                }
            );
            assert!(r.next(&ring).is_none(), "a stale lap is not read twice");
        }
        assert_eq!(r.consumed(), 10);
    }
}

#[cfg(test)]
mod host_rate {
    use super::*;
    use std::sync::atomic::AtomicBool;

    /// Host-side ceiling of `submit_batch`: one producer writing 16-byte descriptors into a 2^20 ring
    /// while a consumer thread hands chunks back (no GPU). Run with
    /// `cargo test --release -p grosr host_rate -- --ignored --nocapture`.
    #[test]
    #[ignore = "measurement, not a test"]
    fn producer_rate() {
        let cap_log2: u32 = std::env::var("GROSR_RATE_CAP_LOG2")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20);
        let l = RingLayout {
            cap: 1 << cap_log2,
            chunk: 256,
            desc_words: 2,
        };
        let slots: Vec<AtomicU64> = (0..l.cap as usize * 2).map(|_| AtomicU64::new(0)).collect();
        let free: Vec<AtomicU64> = (0..l.chunks()).map(|_| AtomicU64::new(0)).collect();
        let tail = AtomicU64::new(0);
        let stop = AtomicBool::new(false);
        const N: u64 = 200_000_000;
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut head = 0u64;
                while !stop.load(Ordering::Acquire) {
                    let t = tail.load(Ordering::Acquire);
                    while head + l.chunk <= t {
                        let c = (head % l.cap) / l.chunk;
                        free[c as usize].store(head / l.cap + 1, Ordering::Release);
                        head += l.chunk;
                    }
                    std::hint::spin_loop();
                }
            });
            let mem = RingMem {
                slots: &slots,
                chunk_free: &free,
                pub_tail: &tail,
            };
            let mut p = IngressProducer::new(l);
            let n = N as usize;
            // Times `step(producer, first, count)` writing all N descriptors a stretch of free
            // slots at a time, each stretch published.
            let mut rate =
                |name: &str, step: &mut dyn FnMut(&mut IngressProducer, usize, usize)| {
                    let t0 = std::time::Instant::now();
                    let mut done = 0usize;
                    while done < n {
                        let room = p.room(&mem, (n - done) as u64) as usize;
                        step(&mut p, done, room);
                        done += room;
                        p.publish(&mem);
                    }
                    let secs = t0.elapsed().as_secs_f64();
                    eprintln!("{name}: {:.0} M descriptors/s", N as f64 / secs / 1e6);
                };
            // The submission loop's per-item steps before write_run (zeroed words, Pod copy, one
            // write per item, a publication every 1024).
            rate("write per item", &mut |p, first, count| {
                let mut scratch = [0u64; 8];
                let args = &mut scratch[..1];
                for i in first..first + count {
                    args.fill(0);
                    crate::runtime::copy_args(&(i as u32), args);
                    p.write(&mem, 1, 2, 0, args);
                    if (i + 1 - first).is_multiple_of(1024) {
                        p.publish(&mem);
                    }
                }
            });
            // The loop `submit_batch` runs now.
            rate("write_run", &mut |p, first, count| {
                p.write_run(&mem, (1, 2, 0), count, 1024, |i, w| {
                    crate::runtime::copy_args(&((first + i) as u32), w)
                })
            });
            rate("write_run, bare fill", &mut |p, first, count| {
                p.write_run(&mem, (1, 2, 0), count, 1024, |i, w| {
                    w[0] = (first + i) as u64
                })
            });
            stop.store(true, Ordering::Release);
        });
    }
}
