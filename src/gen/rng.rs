//! The generator's one source of randomness: a seeded ChaCha8 stream and the few draws the
//! generator needs, so the same seed gives the same campaign on every platform.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A stream for one named purpose, independent of how much other streams consumed, so
    /// adding a draw in one part of the generator leaves the others' output unchanged.
    pub fn derived(seed: u64, purpose: &str) -> Rng {
        Rng::new(seed ^ fnv1a(purpose.as_bytes()))
    }

    /// Uniform in `0..n`; `n` must be above zero. The modulo bias is below 2^-40 for the
    /// ranges used here and, more to the point, deterministic.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (self.0.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as usize) as i64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// FNV-1a: a fixed, platform-independent hash for deriving streams from names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let xs: Vec<usize> = (0..50).map(|_| a.below(1000)).collect();
        let ys: Vec<usize> = (0..50).map(|_| b.below(1000)).collect();
        assert_eq!(xs, ys);
        let mut c = Rng::new(8);
        let zs: Vec<usize> = (0..50).map(|_| c.below(1000)).collect();
        assert_ne!(xs, zs);
        assert!(xs.iter().all(|&x| x < 1000));
    }
}
