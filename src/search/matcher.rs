//! Matching one query term against one field text: a bit-parallel pass that decides
//! whether the term matches at all, then a dynamic program that scores the best alignment.
//!
//! An alignment consumes the term left to right. Each field character is used at most
//! once, and consumes either one query character equal to it, or a run of query letters
//! equal to a prefix of one of its readings (`y`, `yu`, `yun` for 云; `x` or `xia` for 厦).
//! A rare reading (`common_readings`) matches too, for less.

use super::SearchIndex;

/// Memo slot not computed yet.
pub const UNKNOWN: i32 = i32::MIN;
/// The term does not match the text.
pub const NO_MATCH: i32 = i32::MIN + 1;
const NEG: i32 = i32::MIN / 4;

/// Longest reading run one character can consume (zhuang, chuang, shuang).
const MAX_K: usize = 6;

const SCORE_LITERAL: i32 = 16;
const SCORE_PINYIN_LETTER: i32 = 15;
const BONUS_CONSECUTIVE: i32 = 10;
const BONUS_FULL_SYLLABLE: i32 = 6;
const BONUS_PREFIX: i32 = 4;
const BONUS_EXACT_TEXT: i32 = 100;
/// Cost of a character matched through a rare reading (港 as hòng). It outweighs what else
/// could favour that match over one through common readings (a field start over an
/// interior word, a shorter name, the name over a unit) and a one-character gap, so `yh`
/// ranks 银行 (yín háng) above 粤港 (yuè hòng).
const RARE_READING_PENALTY: i32 = 24;
const GAP_START: i32 = -5;
const GAP_EXTENSION: i32 = -1;
const MAX_LENGTH_PENALTY: i32 = 16;
const FROM_START: u32 = u32::MAX;

/// Buffers of the dynamic program, reused from one text to the next.
#[derive(Default)]
pub struct Scratch {
    best: Vec<i32>,
    gap: Vec<i32>,
    gap_from: Vec<u32>,
    back_i: Vec<u8>,
    back_j: Vec<u32>,
}

/// One way a field character consumes part of the term: `term[i0..i0 + k]`, worth `base`
/// before position bonuses.
#[derive(Clone, Copy)]
struct Step {
    i0: u8,
    k: u8,
    base: i16,
}

/// One query term, compiled against an index's character and syllable tables.
pub struct TermPlan {
    term: Vec<char>,
    /// Per character id: for k = 1..=MAX_K (at `k - 1`), the term positions where a run of
    /// `k` query characters may start on that character (literal match or reading prefix).
    runs: Vec<[u64; MAX_K]>,
    /// Per character id: every position some run of that character may start at.
    any: Vec<u64>,
    /// Per character id: its range in `steps`.
    step_ranges: Vec<(u32, u32)>,
    steps: Vec<Step>,
}

impl TermPlan {
    /// `term` holds 1..=MAX_TERM_CHARS normalised characters.
    pub fn new(index: &SearchIndex, term: &[char]) -> TermPlan {
        let m = term.len();
        // Per syllable id, for k = 1..=MAX_K: the term positions i where term[i..i + k]
        // equals the syllable's first k letters.
        let mut syllable_runs = vec![[0u64; MAX_K]; index.syllables.len()];
        for (runs, syllable) in syllable_runs.iter_mut().zip(&index.syllables) {
            for i in 0..m {
                let k = syllable
                    .iter()
                    .zip(&term[i..])
                    .take(MAX_K)
                    .take_while(|(&s, &q)| u32::from(s) == u32::from(q))
                    .count();
                for run in runs.iter_mut().take(k) {
                    *run |= 1 << i;
                }
            }
        }
        let chars = index.char_table.len();
        let mut literal = vec![0u64; chars];
        for (i, c) in term.iter().enumerate() {
            if let Some(&id) = index.char_ids.get(c) {
                literal[id as usize] |= 1 << i;
            }
        }
        let mut runs = vec![[0u64; MAX_K]; chars];
        let mut any = vec![0u64; chars];
        let mut step_ranges = vec![(0u32, 0u32); chars];
        let mut steps = Vec::new();
        for (id, &(_, start, end)) in index.char_table.iter().enumerate() {
            let first = steps.len() as u32;
            let r = &mut runs[id];
            r[0] = literal[id];
            for_each_bit(literal[id], |i0| {
                steps.push(Step {
                    i0: i0 as u8,
                    k: 1,
                    base: SCORE_LITERAL as i16,
                })
            });
            let (start, end) = (start as usize, end as usize);
            for (&sid, &rare) in index.reading_ids[start..end]
                .iter()
                .zip(&index.reading_rare[start..end])
            {
                let len = index.syllables[usize::from(sid)].len();
                let rarity = if rare { RARE_READING_PENALTY } else { 0 };
                for (k0, &run) in syllable_runs[usize::from(sid)].iter().enumerate() {
                    r[k0] |= run;
                    let k = k0 + 1;
                    let full = if k == len && k >= 2 {
                        BONUS_FULL_SYLLABLE
                    } else {
                        0
                    };
                    let base =
                        k as i32 * SCORE_PINYIN_LETTER + k0 as i32 * BONUS_CONSECUTIVE + full
                            - rarity;
                    for_each_bit(run, |i0| {
                        steps.push(Step {
                            i0: i0 as u8,
                            k: k as u8,
                            base: base as i16,
                        })
                    });
                }
            }
            // Several readings often share a prefix (行 xing/hang/heng all start h): keep
            // only the best step per run, so polyphones cost the matcher no extra work.
            let own = &mut steps[first as usize..];
            own.sort_unstable_by_key(|s| (s.i0, s.k, std::cmp::Reverse(s.base)));
            let kept = dedup_runs(own);
            steps.truncate(first as usize + kept);
            any[id] = r.iter().fold(0, |a, b| a | b);
            step_ranges[id] = (first, steps.len() as u32);
        }
        TermPlan {
            term: term.to_vec(),
            runs,
            any,
            step_ranges,
            steps,
        }
    }

    /// Whether some alignment consumes the whole term: a set of reachable term positions,
    /// one bit each, advanced by every field character in turn.
    fn feasible(&self, chars: &[u32]) -> bool {
        let goal = 1u64 << self.term.len();
        let mut reach = 1u64;
        for &c in chars {
            let c = c as usize;
            if self.any[c] & reach == 0 {
                continue;
            }
            let mut next = reach;
            for (k, run) in self.runs[c].iter().enumerate() {
                next |= (reach & run) << (k + 1);
            }
            reach = next;
            if reach & goal != 0 {
                return true;
            }
        }
        false
    }

    /// Whether the text, normalised, is exactly the term.
    pub fn equals_text(&self, index: &SearchIndex, text: u32) -> bool {
        let chars = index.text_chars(text);
        chars.len() == self.term.len()
            && chars
                .iter()
                .zip(&self.term)
                .all(|(&c, &q)| index.char_table[c as usize].0 == q)
    }

    /// The best alignment's score, or `NO_MATCH`; with `positions`, also the text's
    /// (normalised) character offsets it uses, in order.
    pub fn score_text(
        &self,
        index: &SearchIndex,
        text: u32,
        s: &mut Scratch,
        positions: Option<&mut Vec<u32>>,
    ) -> i32 {
        let chars = index.text_chars(text);
        if !self.feasible(chars) {
            return NO_MATCH;
        }
        let t = &index.texts[text as usize];
        let bonuses = &index.pool_bonus[t.start as usize..(t.start + t.len) as usize];
        let (m, n) = (self.term.len(), chars.len());
        let w = n + 1;
        let cells = (m + 1) * w;
        let trace = positions.is_some();
        for v in [&mut s.best, &mut s.gap] {
            v.clear();
            v.resize(cells, NEG);
        }
        if trace {
            s.gap_from.clear();
            s.gap_from.resize(cells, 0);
            s.back_i.clear();
            s.back_i.resize(cells, 0);
            s.back_j.clear();
            s.back_j.resize(cells, FROM_START);
        }
        // best[i*w + j]: term[..i] consumed, the last run ending on field char j - 1.
        // gap[i*w + j]: the best predecessor for a run on char j - 1 starting at term i
        // that skips at least one field char, gap penalties included.
        let mut score = NEG;
        let mut end = 0;
        for j in 1..=n {
            if j >= 2 {
                for i in 1..m {
                    let open = s.best[i * w + j - 2].saturating_add(GAP_START);
                    let extend = s.gap[i * w + j - 1].saturating_add(GAP_EXTENSION);
                    let cell = i * w + j;
                    if open >= extend {
                        s.gap[cell] = open;
                        if trace {
                            s.gap_from[cell] = (j - 2) as u32;
                        }
                    } else {
                        s.gap[cell] = extend;
                        if trace {
                            s.gap_from[cell] = s.gap_from[cell - 1];
                        }
                    }
                }
            }
            let c = chars[j - 1] as usize;
            let bonus = i32::from(bonuses[j - 1]);
            let (first, last) = self.step_ranges[c];
            for step in &self.steps[first as usize..last as usize] {
                let i0 = usize::from(step.i0);
                let (pred, from) = if i0 == 0 {
                    let prefix = if j == 1 { BONUS_PREFIX } else { 0 };
                    (prefix + 2 * bonus, FROM_START)
                } else {
                    let consecutive = s.best[i0 * w + j - 1].saturating_add(BONUS_CONSECUTIVE);
                    let gapped = s.gap[i0 * w + j];
                    if consecutive >= gapped {
                        (consecutive + bonus, (j - 1) as u32)
                    } else {
                        (
                            gapped + bonus,
                            if trace { s.gap_from[i0 * w + j] } else { 0 },
                        )
                    }
                };
                if pred <= NEG / 2 {
                    continue;
                }
                let i = i0 + usize::from(step.k);
                let cell = i * w + j;
                let value = pred + i32::from(step.base);
                if value > s.best[cell] {
                    s.best[cell] = value;
                    if trace {
                        s.back_i[cell] = step.i0;
                        s.back_j[cell] = from;
                    }
                    if i == m && value > score {
                        score = value;
                        end = j;
                    }
                }
            }
        }
        if end == 0 {
            return NO_MATCH;
        }
        if let Some(out) = positions {
            out.clear();
            let (mut i, mut j) = (m, end);
            loop {
                out.push((j - 1) as u32);
                let from = s.back_j[i * w + j];
                if from == FROM_START {
                    break;
                }
                i = usize::from(s.back_i[i * w + j]);
                j = from as usize;
            }
            out.reverse();
        }
        if self.equals_text(index, text) {
            score += BONUS_EXACT_TEXT;
        }
        score - (n as i32 / 4).min(MAX_LENGTH_PENALTY)
    }
}

/// Moves the first step of each `(i0, k)` run of sorted `steps` to the front; returns how
/// many there are.
fn dedup_runs(steps: &mut [Step]) -> usize {
    let mut kept = 0;
    for i in 0..steps.len() {
        if kept == 0 || (steps[kept - 1].i0, steps[kept - 1].k) != (steps[i].i0, steps[i].k) {
            steps[kept] = steps[i];
            kept += 1;
        }
    }
    kept
}

fn for_each_bit(mut bits: u64, mut f: impl FnMut(usize)) {
    while bits != 0 {
        f(bits.trailing_zeros() as usize);
        bits &= bits - 1;
    }
}
