//! Per-criterion integers (an expert's scores, a panel's sums) held inline: a large merge
//! keeps 200,000 rows of them and re-ranks every direction once per expert, and a heap
//! vector each was an allocation per row and per re-ranked key, and a cache miss per use.

use std::ops::{Deref, DerefMut};

/// How many criteria fit inline; a rubric with more keeps its figures on the heap.
const INLINE: usize = 6;

/// A short list of integers in rubric order: inline for up to [`INLINE`] criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Sums {
    Inline { len: u8, v: [i64; INLINE] },
    Heap(Vec<i64>),
}

impl Sums {
    /// `len` zeros.
    pub fn zeros(len: usize) -> Sums {
        match u8::try_from(len) {
            Ok(l) if len <= INLINE => Sums::Inline {
                len: l,
                v: [0; INLINE],
            },
            _ => Sums::Heap(vec![0; len]),
        }
    }

    /// Each of `self` minus the one at the same place in `other` (as far as both go).
    pub fn minus(&self, other: &[i64]) -> Sums {
        let mut out = self.clone();
        for (s, o) in out.iter_mut().zip(other) {
            *s -= o;
        }
        out
    }
}

impl FromIterator<i64> for Sums {
    fn from_iter<I: IntoIterator<Item = i64>>(iter: I) -> Sums {
        let mut v = [0i64; INLINE];
        let mut len = 0usize;
        let mut iter = iter.into_iter();
        for x in iter.by_ref() {
            if len == INLINE {
                let mut heap = v.to_vec();
                heap.push(x);
                heap.extend(iter);
                return Sums::Heap(heap);
            }
            v[len] = x;
            len += 1;
        }
        // len <= INLINE here, which fits a u8.
        Sums::Inline { len: len as u8, v }
    }
}

impl Deref for Sums {
    type Target = [i64];

    fn deref(&self) -> &[i64] {
        match self {
            Sums::Inline { len, v } => &v[..usize::from(*len)],
            Sums::Heap(h) => h,
        }
    }
}

impl DerefMut for Sums {
    fn deref_mut(&mut self) -> &mut [i64] {
        match self {
            Sums::Inline { len, v } => &mut v[..usize::from(*len)],
            Sums::Heap(h) => h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Sums;

    #[test]
    fn inline_and_heap_hold_the_same_figures() {
        for n in 0..10usize {
            let want: Vec<i64> = (0..n as i64).map(|i| i * 7 - 3).collect();
            let s: Sums = want.iter().copied().collect();
            assert_eq!(&s[..], &want[..], "{n}");
            assert_eq!(matches!(s, Sums::Inline { .. }), n <= 6, "{n}");
            assert_eq!(&Sums::zeros(n)[..], &vec![0; n][..]);
            let less = s.minus(&want);
            assert!(less.iter().all(|&x| x == 0) && less.len() == n);
        }
    }
}
