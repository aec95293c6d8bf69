//! Ranking within a direction, and what leans on it: fragility and calibration.

use super::rational::Rational;
use super::sums::Sums;
use std::cmp::Ordering;

/// What ranks one application against another.
#[derive(Debug, Clone)]
pub(super) struct RankKey<'a> {
    pub app: usize,
    pub score: Rational,
    /// Per-criterion sums in rubric order, over `n` experts.
    pub crit_sums: Sums,
    pub n: i64,
    pub priority: u32,
    pub id: &'a str,
}

/// Which step of the order tells two keys apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Score,
    Criterion(usize),
    Priority,
    Id,
    Same,
}

/// The first step at which `a` and `b` differ, and how: `Less` means `a` ranks higher.
pub(super) fn decide(a: &RankKey<'_>, b: &RankKey<'_>) -> (Step, Ordering) {
    let o = b.score.cmp(&a.score);
    if o != Ordering::Equal {
        return (Step::Score, o);
    }
    for (i, (sa, sb)) in a.crit_sums.iter().zip(b.crit_sums.iter()).enumerate() {
        // Means sa/na against sb/nb, cross-multiplied to stay exact.
        let ma = i128::from(*sa) * i128::from(b.n);
        let mb = i128::from(*sb) * i128::from(a.n);
        let o = mb.cmp(&ma);
        if o != Ordering::Equal {
            return (Step::Criterion(i), o);
        }
    }
    let o = a.priority.cmp(&b.priority);
    if o != Ordering::Equal {
        return (Step::Priority, o);
    }
    let o = a.id.as_bytes().cmp(b.id.as_bytes());
    if o != Ordering::Equal {
        return (Step::Id, o);
    }
    (Step::Same, Ordering::Equal)
}

pub(super) fn compare(a: &RankKey<'_>, b: &RankKey<'_>) -> Ordering {
    decide(a, b).1
}

/// Sorts best first.
pub(super) fn rank(keys: &mut [RankKey<'_>]) {
    keys.sort_unstable_by(compare);
}

/// Mid-rank percentile of `t` among `sorted` (ascending): (below + equal / 2) / n.
pub(super) fn percentile(sorted: &[i64], t: i64) -> Rational {
    let below = sorted.partition_point(|&x| x < t);
    let upto = sorted.partition_point(|&x| x <= t);
    let equal = upto - below;
    Rational::new(
        2 * below as i128 + equal as i128,
        2 * sorted.len().max(1) as i128,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_rank() {
        let s = [10, 20, 20, 30];
        assert_eq!(percentile(&s, 10).percent_string(), "12.50");
        assert_eq!(percentile(&s, 20).percent_string(), "50.00");
        assert_eq!(percentile(&s, 30).percent_string(), "87.50");
        assert_eq!(percentile(&[5, 6, 7], 6).percent_string(), "50.00");
        assert_eq!(percentile(&[5, 6, 7], 5).percent_string(), "16.67");
    }
}
