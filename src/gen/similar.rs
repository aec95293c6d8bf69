//! Keeping generated names apart: the same normalisation and character-bigram Dice measure
//! the rules use for E6 (project names, lead units) and C5 (organisation names), and an
//! index that tells the generator when a new name would come too close to an earlier one.
//! Mirrors `rules::normalize` and `rules::similarity` on purpose, so that generated data
//! never trips those rules by accident; the lead may later point this at the rules' code.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

const LEGAL_FORMS: [&str; 14] = [
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "股份合作公司",
    "有限合伙",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "集团",
    "公司",
    "coltd",
];
const BRANCH_TAILS: [&str; 5] = ["分公司", "分支机构", "分行", "分所", "办事处"];
const OPENERS: [&str; 3] = ["基于", "面向", "关于"];
const PROJECT_TAILS: [&str; 6] = [
    "试点示范项目",
    "示范项目",
    "建设项目",
    "试点示范",
    "项目",
    "平台",
];

fn fold(s: &str) -> String {
    s.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn strip_legal_forms(mut s: &str) -> &str {
    'again: loop {
        for form in LEGAL_FORMS {
            if let Some(rest) = s.strip_suffix(form) {
                if !rest.is_empty() {
                    s = rest;
                    continue 'again;
                }
            }
        }
        return s;
    }
}

/// An organisation name as C5 and E6 compare it.
pub fn organisation(name: &str) -> String {
    let f = fold(name);
    let mut s = f.as_str();
    if let Some(tail) = BRANCH_TAILS.iter().find(|t| s.ends_with(*t)) {
        s = &s[..s.len() - tail.len()];
        let cut = LEGAL_FORMS
            .iter()
            .filter_map(|form| s.rfind(form).map(|i| i + form.len()))
            .max();
        if let Some(cut) = cut.filter(|&c| c < s.len()) {
            s = &s[..cut];
        }
    }
    let out = strip_legal_forms(s);
    if out.is_empty() {
        f.clone()
    } else {
        out.to_string()
    }
}

/// Whether a name ends with a tail that marks a branch (E7 flags such members).
pub fn is_branch_name(name: &str) -> bool {
    let f = fold(name);
    BRANCH_TAILS.iter().any(|t| f.ends_with(t))
}

/// A project name as E6 compares it: framing words and generic tails dropped.
pub fn project(name: &str) -> String {
    let mut s = fold(name);
    let mut changed = true;
    while changed {
        changed = false;
        for opener in OPENERS {
            if let Some(rest) = s.strip_prefix(opener) {
                if let Some(i) = rest.find('的') {
                    let (framed, after) = rest.split_at(i);
                    let next = format!("{framed}{}", &after['的'.len_utf8()..]);
                    if !next.is_empty() {
                        s = next;
                        changed = true;
                    }
                }
            }
        }
        for tail in PROJECT_TAILS {
            if let Some(rest) = s.strip_suffix(tail) {
                if !rest.is_empty() {
                    s = rest.to_string();
                    changed = true;
                }
            }
        }
    }
    s
}

type Bigram = (char, char);

fn bigrams(normalised: &str) -> Vec<Bigram> {
    let cs: Vec<char> = normalised.chars().collect();
    match cs.len() {
        0 => Vec::new(),
        1 => vec![(cs[0], '\0')],
        _ => cs.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Size of the multiset intersection of two sorted bigram lists.
fn common(a: &[Bigram], b: &[Bigram]) -> usize {
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

/// Bigrams sorted, so that `common` can merge them.
fn sorted_bigrams(normalised: &str) -> Vec<Bigram> {
    let mut g = bigrams(normalised);
    g.sort_unstable();
    g
}

/// Whether two sorted bigram lists are similar at `percent` or more, decided exactly:
/// 200 · common ≥ percent · (|a| + |b|). Lengths alone rule most pairs out.
fn at_least(a: &[Bigram], b: &[Bigram], percent: u32) -> bool {
    let total = a.len() + b.len();
    let p = percent as usize;
    total > 0 && 200 * a.len().min(b.len()) >= p * total && 200 * common(a, b) >= p * total
}

/// Dice similarity of two normalised names in whole percent, rounded down.
pub fn dice_percent(a: &str, b: &str) -> u32 {
    let (ga, gb) = (sorted_bigrams(a), sorted_bigrams(b));
    let total = ga.len() + gb.len();
    if total == 0 {
        return 0;
    }
    (200 * common(&ga, &gb) / total) as u32
}

/// Normalised names seen so far, indexed by bigram. A query probes only as many of its
/// rarest bigrams as a match at the threshold could miss, plus one, so checking a name costs
/// the look-ups that can hit, not a scan of every name.
#[derive(Default)]
pub struct NameIndex {
    names: Vec<Vec<Bigram>>,
    postings: HashMap<Bigram, Vec<u32>>,
}

impl NameIndex {
    pub fn new() -> NameIndex {
        NameIndex::default()
    }

    pub fn insert(&mut self, normalised: &str) -> usize {
        let id = self.names.len();
        let gs = sorted_bigrams(normalised);
        let mut distinct = gs.clone();
        distinct.dedup();
        for g in distinct {
            self.postings.entry(g).or_default().push(id as u32);
        }
        self.names.push(gs);
        id
    }

    /// Positions of the indexed names similar to `normalised` at `percent` or more,
    /// ascending (the order never depends on the hash map).
    pub fn similar(&self, normalised: &str, percent: u32) -> Vec<usize> {
        let q = sorted_bigrams(normalised);
        if q.is_empty() {
            return Vec::new();
        }
        let p = percent.clamp(1, 100) as usize;
        let min_overlap = (p * q.len()).div_ceil(200 - p).max(1);
        let probe = q.len().saturating_sub(min_overlap) + 1;
        let mut distinct = q.clone();
        distinct.dedup();
        let mut counted: Vec<(usize, Bigram)> = distinct
            .iter()
            .map(|g| (self.postings.get(g).map_or(0, Vec::len), *g))
            .collect();
        counted.sort_unstable();
        let mut candidates: Vec<u32> = Vec::new();
        let mut covered = 0;
        for (_, g) in counted {
            if covered >= probe {
                break;
            }
            covered += q.iter().filter(|x| **x == g).count();
            if let Some(ids) = self.postings.get(&g) {
                // Names too much longer or shorter cannot reach the threshold.
                candidates.extend(ids.iter().copied().filter(|&i| {
                    let n = self.names[i as usize].len();
                    200 * n.min(q.len()) >= p * (n + q.len())
                }));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|i| i as usize)
            .filter(|&i| at_least(&q, &self.names[i], percent))
            .collect()
    }

    /// Whether any indexed name is similar to `normalised` at `percent` or more.
    pub fn has_similar(&self, normalised: &str, percent: u32) -> bool {
        !self.similar(normalised, percent).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_and_project_forms() {
        assert_eq!(organisation("北京安信天行科技有限公司"), "北京安信天行科技");
        assert_eq!(
            organisation("安信天行科技（北京）有限公司"),
            "安信天行科技北京"
        );
        assert_eq!(organisation("华为技术有限公司北京分公司"), "华为技术");
        assert_eq!(
            project("面向金融行业的数据安全治理平台"),
            "金融行业数据安全治理"
        );
        assert!(is_branch_name("某某科技有限公司（上海分公司）"));
        assert!(!is_branch_name("分行科技有限公司"));
    }

    #[test]
    fn the_c5_example_reaches_85() {
        let a = organisation("北京安信天行科技有限公司");
        let b = organisation("安信天行科技（北京）有限公司");
        assert_eq!(dice_percent(&a, &b), 85);
    }

    #[test]
    fn index_matches_a_full_scan() {
        let names = [
            "金融行业数据安全治理",
            "金融行业数据安全治",
            "金融数据安全治理",
            "工业互联网安全防护",
            "工业互联网安全防护系统",
            "安全",
            "云",
            "",
        ];
        let mut idx = NameIndex::new();
        for n in names {
            idx.insert(n);
        }
        for p in [50, 80, 85, 100] {
            for q in names {
                let scan: Vec<usize> = (0..names.len())
                    .filter(|&i| at_least(&sorted_bigrams(q), &sorted_bigrams(names[i]), p))
                    .collect();
                assert_eq!(idx.similar(q, p), scan, "{q} at {p}");
            }
        }
    }
}
