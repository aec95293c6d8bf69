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

/// `items.map(f)` on every core as [`par_map`] does, each result handed to `emit` on the
/// calling thread in the items' order, as soon as it and every one before it are done: a
/// consumer (a file being written) starts on the first while the rest are being made.
pub(crate) fn par_each_in_order<T: Send, R: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(R),
) {
    let threads = threads_for(items.len());
    if threads <= 1 {
        items.into_iter().for_each(|t| emit(f(t)));
        return;
    }
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, slots, next, f) = (tx.clone(), &slots, &next, &f);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = slots.get(i) else { break };
                let item = slot.lock().ok().and_then(|mut s| s.take());
                if let Some(item) = item {
                    // The receiver outlives every worker (it is dropped after the scope).
                    let _ = tx.send((i, f(item)));
                }
            });
        }
        drop(tx);
        // Results that came early wait here for those before them. A worker that panics
        // ends the loop early; the scope then passes its panic on.
        let mut early = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, r) in rx {
            early.insert(i, r);
            while let Some(r) = early.remove(&due) {
                emit(r);
                due += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{par_each_in_order, par_map};

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

    #[test]
    fn hands_results_over_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        par_each_in_order(
            items.clone(),
            |i| {
                // Uneven work, so the threads finish out of order.
                let mut a = i;
                for b in 0..(i % 5) * 2000 {
                    a = std::hint::black_box(a ^ b) ^ b;
                }
                a + 1
            },
            |r| seen.push(r - 1),
        );
        assert_eq!(seen, items);
        let mut none = Vec::new();
        par_each_in_order(Vec::<u8>::new(), |i| i, |r| none.push(r));
        assert!(none.is_empty());
    }
}
