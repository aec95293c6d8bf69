//! Spreading independent pieces of the merge over the cores, with results in input order,
//! so that the output never depends on how the work was scheduled.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many threads a parallel step uses: the cores, at most 8, at most one per item.
fn threads_for(items: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items)
}

/// `items.map(f)`, the items handed out one at a time to every core (so a few large items
/// do not leave a core idle), the results in the items' order.
pub(crate) fn par_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    let n = items.len();
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else { break };
            // Each slot is taken once; a lock is poisoned only by a panic, which the join
            // below passes on.
            let item = slot.lock().ok().and_then(|mut s| s.take());
            if let Some(item) = item {
                done.push((i, f(item)));
            }
        }
        done
    };
    let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
        for h in handles {
            // A worker panics only on a bug: the panic goes on as it would have on one thread.
            let done = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            for (i, r) in done {
                out[i] = Some(r);
            }
        }
    });
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::par_map;

    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let out = par_map(items.clone(), |i| {
            // Uneven work, so the threads finish out of order.
            (0..(i % 7) * 1000).fold(i, |a, b| a.wrapping_add(b % 3))
                - (0..(i % 7) * 1000).map(|b| b % 3).sum::<u64>()
        });
        assert_eq!(out, items);
        assert!(par_map(Vec::<u8>::new(), |i| i).is_empty());
        assert_eq!(par_map(vec![5], |i| i * 2), vec![10]);
    }
}
