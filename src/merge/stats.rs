//! Panel figures of one application from its experts' complete totals, exactly.

use super::output::Figures;
use super::rational::{Decimal, Rational};
use super::sums::Sums;

/// The complete totals of one application, kept sorted so that leaving one expert out
/// (for fragility) is a constant-time change.
#[derive(Debug, Clone)]
pub(super) struct Stats {
    /// Complete totals in hundredths, ascending.
    pub sorted: Vec<i64>,
    pub sum: i64,
    /// Per-criterion sums over the same experts, in rubric order.
    pub crit_sums: Sums,
    pub score: Rational,
    pub trimmed: bool,
}

/// Trimming needs three totals at least, whatever the campaign says, or nothing is left.
pub(super) fn trims(n: usize, trim_min_n: u32) -> bool {
    n >= (trim_min_n as usize).max(3)
}

/// The panel score from a count, sum, lowest and highest total.
pub(super) fn panel_score(
    n: usize,
    sum: i64,
    min: i64,
    max: i64,
    trim_min_n: u32,
) -> (Rational, bool) {
    if trims(n, trim_min_n) {
        (
            Rational::new(i128::from(sum - min - max), n as i128 - 2),
            true,
        )
    } else {
        (Rational::new(i128::from(sum), n as i128), false)
    }
}

impl Stats {
    /// From (total, per-criterion scores) of each complete row; None when there are none.
    pub fn new<'r>(
        rows: impl Iterator<Item = (i64, &'r [i64])>,
        criteria: usize,
        trim_min_n: u32,
    ) -> Option<Stats> {
        let mut sorted = Vec::new();
        let mut crit_sums = Sums::zeros(criteria);
        for (total, crits) in rows {
            sorted.push(total);
            for (s, c) in crit_sums.iter_mut().zip(crits) {
                *s += c;
            }
        }
        let (&min, &max) = (sorted.iter().min()?, sorted.iter().max()?);
        sorted.sort_unstable();
        let sum = sorted.iter().sum();
        let (score, trimmed) = panel_score(sorted.len(), sum, min, max, trim_min_n);
        Some(Stats {
            sorted,
            sum,
            crit_sums,
            score,
            trimmed,
        })
    }

    pub fn n(&self) -> usize {
        self.sorted.len()
    }

    pub fn spread(&self) -> i64 {
        match (self.sorted.first(), self.sorted.last()) {
            (Some(lo), Some(hi)) => hi - lo,
            _ => 0,
        }
    }

    /// The panel score with one expert's total `t` left out; None when it was the only one.
    pub fn score_without(&self, t: i64, trim_min_n: u32) -> Option<Rational> {
        let n = self.sorted.len();
        if n < 2 {
            return None;
        }
        let lo = if self.sorted[0] == t {
            self.sorted[1]
        } else {
            self.sorted[0]
        };
        let hi = if self.sorted[n - 1] == t {
            self.sorted[n - 2]
        } else {
            self.sorted[n - 1]
        };
        Some(panel_score(n - 1, self.sum - t, lo, hi, trim_min_n).0)
    }

    pub fn median(&self) -> Rational {
        let n = self.sorted.len();
        if n % 2 == 1 {
            Rational::integer(i128::from(self.sorted[n / 2]))
        } else {
            Rational::new(i128::from(self.sorted[n / 2 - 1] + self.sorted[n / 2]), 2)
        }
    }

    pub fn figures(&self) -> Figures {
        let n = self.sorted.len() as i128;
        Figures {
            complete: self.sorted.len() as u32,
            criterion_means: self
                .crit_sums
                .iter()
                .map(|&s| Rational::new(i128::from(s), n).hundredths())
                .collect(),
            mean: Rational::new(i128::from(self.sum), n).hundredths(),
            median: self.median().hundredths(),
            panel_score: self.score.hundredths(),
            panel_score_exact: self.score.fraction_string(),
            spread: Decimal(self.spread()),
            trimmed: self.trimmed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(totals: &[i64], trim: u32) -> Stats {
        let rows: Vec<(i64, Vec<i64>)> = totals.iter().map(|&t| (t, vec![t])).collect();
        Stats::new(rows.iter().map(|(t, c)| (*t, c.as_slice())), 1, trim).unwrap()
    }

    #[test]
    fn leaving_one_out_matches_recomputing() {
        let totals = [7000, 8000, 8000, 9050, 6000, 9900];
        let s = stats(&totals, 5);
        for i in 0..totals.len() {
            let rest: Vec<i64> = totals
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &t)| t)
                .collect();
            assert_eq!(
                s.score_without(totals[i], 5),
                Some(stats(&rest, 5).score),
                "{i}"
            );
        }
        assert_eq!(stats(&[5000], 5).score_without(5000, 5), None);
    }
}
