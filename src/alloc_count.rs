//! A global allocator that counts: the bytes held now and at most, for the
//! memory benchmarks (`examples/memory.rs` natively, the `bench` feature's
//! `benchAllocStats` in wasm). Nothing registers it in the shipped build.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

pub struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn add(n: usize) {
    let now = NOW.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(now, Relaxed);
}

/// Bytes held now.
pub fn held() -> usize {
    NOW.load(Relaxed)
}

/// The most held at once since the start or the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Relaxed)
}

/// Starts a new high-water mark from what is held now.
pub fn reset_peak() {
    PEAK.store(held(), Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        add(l.size());
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // A realloc that grows may move: the new block counts before the old
        // one goes. One that shrinks splits the block in place (dlmalloc in
        // wasm does; glibc too, or remaps a large block): no second block.
        if new <= l.size() {
            NOW.fetch_sub(l.size() - new, Relaxed);
            return unsafe { System.realloc(p, l, new) };
        }
        add(new);
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}
