//! The similarity measure of names (Dice coefficient over character bigrams, decided in
//! exact integers) and an inverted bigram index that finds candidates without comparing
//! every name with every other.

use std::collections::HashMap;

/// A character bigram; a one-character name is the single token `(c, '\0')` so that two
/// equal one-character names still match.
pub type Bigram = (char, char);

/// The bigrams of an already normalised name, as a multiset (one entry per occurrence).
pub fn bigrams(normalised: &str) -> Vec<Bigram> {
    let cs: Vec<char> = normalised.chars().collect();
    match cs.len() {
        0 => Vec::new(),
        1 => vec![(cs[0], '\0')],
        _ => cs.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Size of the multiset intersection of two bigram lists.
pub fn common(a: &[Bigram], b: &[Bigram]) -> usize {
    let mut counts: HashMap<Bigram, usize> = HashMap::with_capacity(a.len());
    for g in a {
        *counts.entry(*g).or_default() += 1;
    }
    let mut n = 0;
    for g in b {
        if let Some(c) = counts.get_mut(g).filter(|c| **c > 0) {
            *c -= 1;
            n += 1;
        }
    }
    n
}

/// Dice similarity as a whole percent, rounded down (for display; decisions use
/// [`at_least`]). Two empty names are 0: an empty name matches nothing.
pub fn dice_percent(a: &str, b: &str) -> u32 {
    let (ga, gb) = (bigrams(a), bigrams(b));
    let total = ga.len() + gb.len();
    if total == 0 {
        return 0;
    }
    (200 * common(&ga, &gb) / total) as u32
}

/// Whether the Dice similarity of two bigram lists reaches `percent`, decided exactly:
/// 100 · 2 · common ≥ percent · (|a| + |b|).
pub fn at_least_bigrams(a: &[Bigram], b: &[Bigram], percent: u32) -> bool {
    let total = a.len() + b.len();
    total > 0 && 200 * common(a, b) >= percent as usize * total
}

/// Whether two normalised names are similar at `percent` or more.
pub fn at_least(a: &str, b: &str, percent: u32) -> bool {
    at_least_bigrams(&bigrams(a), &bigrams(b), percent)
}

/// An inverted index from bigram to the names holding it. A query probes only as many of its
/// rarest bigrams as a match at the threshold could possibly miss, plus one (prefix
/// filtering), then confirms each candidate exactly; so the work grows with the number of
/// near matches, not with the square of the names.
#[derive(Debug, Default)]
pub struct NameIndex {
    names: Vec<Vec<Bigram>>,
    postings: HashMap<Bigram, Vec<u32>>,
}

impl NameIndex {
    pub fn new() -> NameIndex {
        NameIndex::default()
    }

    /// Adds a normalised name; returns its position, which queries hand back.
    pub fn insert(&mut self, normalised: &str) -> usize {
        let id = self.names.len();
        let gs = bigrams(normalised);
        let mut distinct = gs.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for g in distinct {
            self.postings.entry(g).or_default().push(id as u32);
        }
        self.names.push(gs);
        id
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Positions of every indexed name whose similarity with `normalised` reaches
    /// `percent` (1..=100), ascending.
    pub fn similar(&self, normalised: &str, percent: u32) -> Vec<usize> {
        let q = bigrams(normalised);
        if q.is_empty() {
            return Vec::new();
        }
        let p = percent.clamp(1, 100) as usize;
        // A match shares at least ceil(p·|q| / (200 − p)) bigrams with the query, so any
        // |q| − that + 1 of the query's bigrams include one of them.
        let min_overlap = (p * q.len()).div_ceil(200 - p).max(1);
        let probe = q.len().saturating_sub(min_overlap) + 1;
        let mut distinct = q.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let mut counted: Vec<(usize, Bigram)> = distinct
            .iter()
            .map(|g| (self.postings.get(g).map_or(0, Vec::len), *g))
            .collect();
        counted.sort_unstable();
        // Occurrences, not distinct bigrams, are what the bound counts; probing whole distinct
        // bigrams covers at least as many occurrences.
        let mut candidates: Vec<u32> = Vec::new();
        let mut covered = 0;
        for (_, g) in counted {
            if covered >= probe {
                break;
            }
            covered += q.iter().filter(|x| **x == g).count();
            if let Some(ids) = self.postings.get(&g) {
                candidates.extend_from_slice(ids);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|i| i as usize)
            .filter(|&i| at_least_bigrams(&q, &self.names[i], percent))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_is_exact() {
        assert_eq!(dice_percent("华为技术", "华为技术"), 100);
        // 华为, 为技, 技术 vs 华为, 为科, 科技: one common of six.
        assert_eq!(dice_percent("华为技术", "华为科技"), 33);
        assert_eq!(dice_percent("", ""), 0);
        assert_eq!(dice_percent("a", "a"), 100);
        // 2·4/(5+5) = 80% exactly: at the threshold, not under it.
        assert!(at_least("abcdef", "abcdex", 80));
        assert!(!at_least("abcdef", "abcdex", 81));
        assert_eq!(common(&bigrams("aaaa"), &bigrams("aa")), 1);
    }

    #[test]
    fn index_finds_what_a_full_scan_finds() {
        let names = [
            "金融行业数据安全治理",
            "金融行业数据安全治",
            "金融数据安全治理",
            "工业互联网安全防护",
            "工业互联网安全防护系统",
            "安全",
            "云",
            "云",
            "",
        ];
        let mut idx = NameIndex::new();
        for n in names {
            idx.insert(n);
        }
        for p in [50, 70, 80, 85, 100] {
            for q in names {
                let scan: Vec<usize> = (0..names.len())
                    .filter(|&i| at_least(q, names[i], p))
                    .collect();
                assert_eq!(idx.similar(q, p), scan, "{q} at {p}");
            }
        }
    }
}
