//! The similarity measure of names (Dice coefficient over character bigrams, decided in
//! exact integers) and an inverted bigram index that finds candidates without comparing
//! every name with every other.

use std::collections::HashMap;

/// A character bigram; a one-character name is the single token `(c, '\0')` so that two
/// equal one-character names still match.
pub type Bigram = (char, char);

/// The bigrams of an already normalised name, as a multiset (one entry per occurrence),
/// sorted so that [`common`] can merge two of them without hashing.
pub fn bigrams(normalised: &str) -> Vec<Bigram> {
    let cs: Vec<char> = normalised.chars().collect();
    let mut out = match cs.len() {
        0 => Vec::new(),
        1 => vec![(cs[0], '\0')],
        _ => cs.windows(2).map(|w| (w[0], w[1])).collect(),
    };
    out.sort_unstable();
    out
}

/// Size of the multiset intersection of two sorted bigram lists (as [`bigrams`] gives them).
pub fn common(a: &[Bigram], b: &[Bigram]) -> usize {
    debug_assert!(a.is_sorted() && b.is_sorted());
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
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

/// Whether the Dice similarity of two sorted bigram lists reaches `percent`, decided
/// exactly: 100 · 2 · common ≥ percent · (|a| + |b|).
pub fn at_least_bigrams(a: &[Bigram], b: &[Bigram], percent: u32) -> bool {
    let total = a.len() + b.len();
    let p = percent as usize;
    // Since common ≤ min(|a|, |b|), lengths too far apart cannot reach the threshold.
    total > 0 && 200 * a.len().min(b.len()) >= p * total && 200 * common(a, b) >= p * total
}

/// Whether a [`NameIndex`] search for `query` finds `name` (both sorted bigram lists, as
/// [`bigrams`] gives them): the similarity reaches `percent`; at 0, the two share a bigram.
/// An empty query finds nothing.
pub fn similar_to(query: &[Bigram], name: &[Bigram], percent: u32) -> bool {
    !query.is_empty()
        && at_least_bigrams(query, name, percent)
        && (percent > 0 || common(query, name) > 0)
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
    /// `percent` (1..=100), ascending. For many queries, reuse one [`NameSearch`].
    pub fn similar(&self, normalised: &str, percent: u32) -> Vec<usize> {
        self.search().similar(normalised, percent)
    }

    /// A reusable query over this index, holding its scratch counters.
    pub fn search(&self) -> NameSearch<'_> {
        NameSearch {
            index: self,
            counts: vec![0; self.names.len()],
            touched: Vec::new(),
        }
    }
}

/// Queries over a [`NameIndex`] with counters kept between them, so a query costs the
/// posting lists it reads and nothing proportional to the whole index.
pub struct NameSearch<'a> {
    index: &'a NameIndex,
    /// Shared bigram occurrences counted so far, per indexed name; zero between queries.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl NameSearch<'_> {
    /// As [`NameIndex::similar`].
    pub fn similar(&mut self, normalised: &str, percent: u32) -> Vec<usize> {
        let q = bigrams(normalised);
        if q.is_empty() {
            return Vec::new();
        }
        let ix = self.index;
        let p = percent.clamp(1, 100) as usize;
        // A match shares at least ceil(p·|q| / (200 − p)) bigram occurrences with the query,
        // so any |q| − that + 1 occurrences of the query's bigrams include one of them: only
        // names in those posting lists can match (prefix filtering). The rarest lists make
        // the prefix; the others only add to the counts of names already found, which bound
        // each name's shared occurrences from above before any exact comparison.
        let min_overlap = (p * q.len()).div_ceil(200 - p).max(1);
        let prefix = q.len() - min_overlap.min(q.len()) + 1;
        let mut lists: Vec<(&[u32], u32)> = q
            .chunk_by(|a, b| a == b)
            .map(|run| {
                let ids = ix.postings.get(&run[0]).map_or(&[][..], Vec::as_slice);
                (ids, run.len() as u32)
            })
            .collect();
        lists.sort_by_key(|(ids, _)| ids.len());
        let mut covered = 0;
        for &(ids, occ) in &lists {
            if covered < prefix {
                covered += occ as usize;
                for &i in ids {
                    if self.counts[i as usize] == 0 {
                        self.touched.push(i);
                    }
                    self.counts[i as usize] += occ;
                }
            } else if ids.len() > self.touched.len() * 16 {
                for &i in &self.touched {
                    if ids.binary_search(&i).is_ok() {
                        self.counts[i as usize] += occ;
                    }
                }
            } else {
                for &i in ids {
                    if self.counts[i as usize] > 0 {
                        self.counts[i as usize] += occ;
                    }
                }
            }
        }
        let mut out = Vec::new();
        for &i in &self.touched {
            let bound = std::mem::take(&mut self.counts[i as usize]) as usize;
            let b = &ix.names[i as usize];
            if 200 * bound.min(b.len()) >= p * (q.len() + b.len())
                && at_least_bigrams(&q, b, percent)
            {
                out.push(i as usize);
            }
        }
        self.touched.clear();
        out.sort_unstable();
        out
    }
}

/// Every pair `(i, j)`, `i < j`, of `names` (sorted bigram lists, as [`bigrams`] gives them)
/// whose similarity reaches `percent`, ascending: exactly the pairs [`at_least_bigrams`]
/// accepts when every name is compared with every other, for percents 1..=100 (0 gives the
/// pairs sharing a bigram, as [`NameSearch::similar`] does).
///
/// A similarity self-join by prefix filtering (the AllPairs method): each bigram occurrence
/// is a token, tokens are ordered rarest first across all the names, and two names whose
/// common count reaches the threshold must share a token within the first few of each
/// (`|x| − overlap + 1` of them). Names are visited shortest first; each is matched against
/// the shorter names already indexed through its probe prefix, then indexed by its (shorter)
/// index prefix. Common bigrams (安全, 平台, 科技 …) sort last, so they sit in few prefixes
/// and the posting lists read stay short; every candidate is then decided exactly.
pub fn similar_pairs(names: &[Vec<Bigram>], percent: u32) -> Vec<(usize, usize)> {
    let p = percent.clamp(1, 100) as usize;
    // Tokens: (bigram, occurrence number within its name), so multisets become sets.
    let mut ids: HashMap<(Bigram, u32), u32> = HashMap::new();
    let mut freq: Vec<u32> = Vec::new();
    let mut tokens: Vec<Vec<u32>> = Vec::with_capacity(names.len());
    for name in names {
        debug_assert!(name.is_sorted());
        let mut ts = Vec::with_capacity(name.len());
        for run in name.chunk_by(|a, b| a == b) {
            for k in 0..run.len() as u32 {
                let next = freq.len() as u32;
                let t = *ids.entry((run[0], k)).or_insert(next);
                if t == next {
                    freq.push(0);
                }
                freq[t as usize] += 1;
                ts.push(t);
            }
        }
        tokens.push(ts);
    }
    // The global order: rarest first, ties by first appearance; tokens renumbered by rank.
    let mut order: Vec<u32> = (0..freq.len() as u32).collect();
    order.sort_by_key(|&t| (freq[t as usize], t));
    let mut rank = vec![0u32; freq.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    for ts in &mut tokens {
        for t in ts.iter_mut() {
            *t = rank[*t as usize];
        }
        ts.sort_unstable();
    }
    let mut visit: Vec<usize> = (0..names.len()).filter(|&i| !names[i].is_empty()).collect();
    visit.sort_by_key(|&i| (names[i].len(), i));
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); freq.len()];
    // The last name each indexed name was a candidate for, plus one (0: never).
    let mut seen: Vec<u32> = vec![0; names.len()];
    let mut out = Vec::new();
    for (step, &r) in visit.iter().enumerate() {
        let (n, stamp) = (names[r].len(), step as u32 + 1);
        // Against a shorter (or equal) name s, a match shares at least
        // ceil(p·n / (200 − p)) occurrences (s is at least p·n / (200 − p) long), and
        // s's own ceil(p·|s| / 100) (r is at least as long as s).
        let probe = n - (p * n).div_ceil(200 - p).clamp(1, n) + 1;
        for &t in &tokens[r][..probe] {
            for &s in &postings[t as usize] {
                let s = s as usize;
                if seen[s] == stamp {
                    continue;
                }
                seen[s] = stamp;
                if at_least_bigrams(&names[r], &names[s], percent) {
                    out.push((r.min(s), r.max(s)));
                }
            }
        }
        let index = n - (p * n).div_ceil(100).clamp(1, n) + 1;
        for &t in &tokens[r][..index] {
            postings[t as usize].push(r as u32);
        }
    }
    out.sort_unstable();
    out
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
