//! Fuzzy and pinyin search over a campaign's applications (DESIGN.md §7, §8, §10): ids,
//! names, member units, direction and recommender, matched after NFKC against every
//! reading of every Han character.
//!
//! A query is split on whitespace into terms; an application matches when every term
//! matches one of its fields as a subsequence in which each query character matches a
//! field character literally, or a run of query letters matches a prefix (the initial, or
//! the whole toneless syllable) of one reading of a Han character. Readings are looked up
//! per character once, when the index is built; the combinations of polyphonic readings
//! are never expanded. Every reading matches, but a rare one (港 as hòng; see
//! `common_readings`) scores less, so `yh` ranks 银行 above 粤港.

mod common_readings;
mod format;
mod matcher;
mod normalize;

pub use format::{format_hit_line, run};
pub use normalize::{MAX_TERMS, MAX_TERM_CHARS};

use crate::model::Campaign;
use matcher::{TermPlan, NO_MATCH};
use normalize::{boundary_bonuses, normalize_field, query_terms};
use pinyin::ToPinyinMulti;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The field of an application a hit was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Name,
    /// The lead unit's name (牵头单位).
    Lead,
    /// The name of the member at this index of `Application::members` (other than the lead).
    Member(usize),
    /// The direction's Chinese name.
    Direction,
    /// The recommending department's name.
    Recommender,
}

impl Field {
    /// Ranks fields so that, for an equally good match, the name wins over a unit, and a
    /// direction name (shared by hundreds of applications) comes last.
    fn weight(self) -> i32 {
        match self {
            Field::Name => 8,
            Field::Lead => 4,
            Field::Member(_) => 2,
            Field::Id | Field::Recommender => 0,
            Field::Direction => -16,
        }
    }
}

/// One application found, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub application: String,
    pub score: i64,
    pub field: Field,
    /// Char indices, in the field's original text, of the characters matched (sorted, for
    /// highlighting).
    pub positions: Vec<usize>,
}

/// An exact id match outranks every fuzzy match.
const EXACT_ID_BONUS: i32 = 1_000_000;

/// A distinct field text, normalised once and shared by every application that has it.
struct Text {
    source: String,
    /// Range into the index's character pool.
    start: u32,
    len: u32,
}

struct AppEntry {
    id: String,
    /// Range into `SearchIndex::app_fields`.
    fields_start: u32,
    fields_len: u32,
}

/// The search index of one campaign. Build it once; it does not follow later edits.
pub struct SearchIndex {
    char_ids: HashMap<char, u32>,
    /// Per character id: its (normalised) character and its range in `reading_ids`.
    char_table: Vec<(char, u32, u32)>,
    reading_ids: Vec<u16>,
    /// Parallel to `reading_ids`: whether the reading is rare (`common_readings`), which
    /// costs a match through it `RARE_READING_PENALTY`.
    reading_rare: Vec<bool>,
    /// Toneless syllables as lower-case ASCII (ü also as v and u).
    syllables: Vec<Box<[u8]>>,
    texts: Vec<Text>,
    pool_chars: Vec<u32>,
    pool_origin: Vec<u32>,
    pool_bonus: Vec<i8>,
    apps: Vec<AppEntry>,
    app_fields: Vec<(Field, u32)>,
}

/// The state `SearchIndex::search_narrowing` keeps between keystrokes: the last query and
/// every application it matched (not only the shown ones).
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    terms: Vec<Vec<char>>,
    matched: Vec<u32>,
    valid: bool,
}

struct Builder<'a> {
    index: SearchIndex,
    text_ids: HashMap<&'a str, u32>,
    syllable_ids: HashMap<String, u16>,
}

impl<'a> Builder<'a> {
    fn char_id(&mut self, c: char) -> u32 {
        if let Some(&id) = self.index.char_ids.get(&c) {
            return id;
        }
        let start = self.index.reading_ids.len() as u32;
        // In the crate's order, so the first is the main reading; a syllable that several
        // toned readings share (都 dōu/dū differ, 干 gàn/gān do not) is common if any is.
        let mut readings: Vec<(String, bool)> = Vec::new();
        let mut add = |syllable: String, common: bool| match readings
            .iter_mut()
            .find(|(s, _)| *s == syllable)
        {
            Some((_, c)) => *c |= common,
            None => readings.push((syllable, common)),
        };
        if let Some(multi) = c.to_pinyin_multi() {
            for (rank, p) in multi.into_iter().enumerate() {
                let plain = p.plain();
                let common = common_readings::is_common(c, plain, rank == 0);
                if plain.contains('ü') {
                    add(plain.replace('ü', "v"), common);
                    add(plain.replace('ü', "u"), common);
                } else {
                    add(plain.to_string(), common);
                }
            }
        }
        for (r, common) in readings {
            if r.is_empty() || !r.is_ascii() {
                continue;
            }
            let next = self.syllable_ids.len() as u16;
            let sid = *self.syllable_ids.entry(r.clone()).or_insert(next);
            if usize::from(sid) == self.index.syllables.len() {
                self.index.syllables.push(r.into_bytes().into_boxed_slice());
            }
            self.index.reading_ids.push(sid);
            self.index.reading_rare.push(!common);
        }
        let end = self.index.reading_ids.len() as u32;
        let id = self.index.char_table.len() as u32;
        self.index.char_table.push((c, start, end));
        self.index.char_ids.insert(c, id);
        id
    }

    fn text_id(&mut self, source: &'a str) -> u32 {
        if let Some(&id) = self.text_ids.get(source) {
            return id;
        }
        let n = normalize_field(source);
        let start = self.index.pool_chars.len() as u32;
        self.index.pool_bonus.extend(boundary_bonuses(&n.chars));
        for &c in &n.chars {
            let cid = self.char_id(c);
            self.index.pool_chars.push(cid);
        }
        self.index.pool_origin.extend(n.origin);
        let id = self.index.texts.len() as u32;
        self.index.texts.push(Text {
            source: source.to_string(),
            start,
            len: n.chars.len() as u32,
        });
        self.text_ids.insert(source, id);
        id
    }
}

impl SearchIndex {
    /// Indexes every application of the campaign.
    pub fn build(campaign: &Campaign) -> SearchIndex {
        let mut b = Builder {
            index: SearchIndex {
                char_ids: HashMap::new(),
                char_table: Vec::new(),
                reading_ids: Vec::new(),
                reading_rare: Vec::new(),
                syllables: Vec::new(),
                texts: Vec::new(),
                pool_chars: Vec::new(),
                pool_origin: Vec::new(),
                pool_bonus: Vec::new(),
                apps: Vec::with_capacity(campaign.applications.len()),
                app_fields: Vec::new(),
            },
            text_ids: HashMap::new(),
            syllable_ids: HashMap::new(),
        };
        // Index order is id order, so ties broken by index are ties broken by id even if
        // the caller's list was never sorted.
        let mut apps: Vec<_> = campaign.applications.iter().collect();
        apps.sort_by(|a, b| a.id.cmp(&b.id));
        for app in apps {
            let fields_start = b.index.app_fields.len() as u32;
            let mut fields: Vec<(Field, &str)> =
                vec![(Field::Id, &app.id), (Field::Name, &app.name)];
            let lead = app
                .members
                .iter()
                .position(|m| m.role == crate::model::MemberRole::Lead);
            for (i, m) in app.members.iter().enumerate() {
                let name = campaign
                    .unit(&m.unit)
                    .map_or(m.unit.as_str(), |u| u.name.as_str());
                fields.push((
                    if Some(i) == lead {
                        Field::Lead
                    } else {
                        Field::Member(i)
                    },
                    name,
                ));
            }
            let direction = Campaign::direction_name(app.direction(), true);
            if direction != "?" {
                fields.push((Field::Direction, direction));
            }
            let recommender = campaign
                .recommender(&app.recommender)
                .map_or(app.recommender.as_str(), |r| r.name.as_str());
            fields.push((Field::Recommender, recommender));
            for (field, text) in fields {
                if !text.is_empty() {
                    let t = b.text_id(text);
                    b.index.app_fields.push((field, t));
                }
            }
            let fields_len = b.index.app_fields.len() as u32 - fields_start;
            b.index.apps.push(AppEntry {
                id: app.id.clone(),
                fields_start,
                fields_len,
            });
        }
        b.index
    }

    /// Number of applications indexed.
    pub fn len(&self) -> usize {
        self.apps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.apps.is_empty()
    }

    /// The original text of `hit`'s field, which `hit.positions` index by char.
    pub fn field_text(&self, hit: &Hit) -> Option<&str> {
        let a = self
            .apps
            .binary_search_by(|a| a.id.as_str().cmp(&hit.application))
            .ok()?;
        self.fields_of(a)
            .iter()
            .find(|(f, _)| *f == hit.field)
            .map(|&(_, t)| self.texts[t as usize].source.as_str())
    }

    fn fields_of(&self, app: usize) -> &[(Field, u32)] {
        let a = &self.apps[app];
        &self.app_fields[a.fields_start as usize..(a.fields_start + a.fields_len) as usize]
    }

    fn text_chars(&self, text: u32) -> &[u32] {
        let t = &self.texts[text as usize];
        &self.pool_chars[t.start as usize..(t.start + t.len) as usize]
    }

    /// The best `limit` applications for `query`, best first; ties by application id. An
    /// empty or blank query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.run(&query_terms(query), None, limit).0
    }

    /// Like `search`, but when `query` only extends the query `state` last saw (another
    /// character typed), looks only among the applications that one matched. Results are
    /// the same as `search`'s.
    pub fn search_narrowing(&self, state: &mut Narrowing, query: &str, limit: usize) -> Vec<Hit> {
        let terms = query_terms(query);
        let narrows = state.valid && !state.terms.is_empty() && extends(&state.terms, &terms);
        let (hits, matched) = self.run(&terms, narrows.then_some(state.matched.as_slice()), limit);
        *state = Narrowing {
            terms,
            matched,
            valid: true,
        };
        hits
    }

    fn run(
        &self,
        terms: &[Vec<char>],
        within: Option<&[u32]>,
        limit: usize,
    ) -> (Vec<Hit>, Vec<u32>) {
        if terms.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let plans: Vec<TermPlan> = terms.iter().map(|t| TermPlan::new(self, t)).collect();
        let mut memo: Vec<Vec<i32>> = vec![vec![matcher::UNKNOWN; self.texts.len()]; plans.len()];
        let mut scratch = matcher::Scratch::default();
        let mut scored: Vec<(i32, u32)> = Vec::new();
        let mut consider = |app: u32, scored: &mut Vec<(i32, u32)>| {
            let mut total = 0i32;
            for (plan, memo) in plans.iter().zip(memo.iter_mut()) {
                match self.best_field(plan, memo, &mut scratch, app as usize) {
                    Some((score, _)) => total = total.saturating_add(score),
                    None => return,
                }
            }
            scored.push((total, app));
        };
        match within {
            Some(list) => list.iter().for_each(|&a| consider(a, &mut scored)),
            None => (0..self.apps.len() as u32).for_each(|a| consider(a, &mut scored)),
        }
        let matched: Vec<u32> = scored.iter().map(|&(_, a)| a).collect();
        let order = |x: &(i32, u32), y: &(i32, u32)| y.0.cmp(&x.0).then(x.1.cmp(&y.1));
        if limit < scored.len() {
            if limit == 0 {
                scored.clear();
            } else {
                scored.select_nth_unstable_by(limit - 1, order);
                scored.truncate(limit);
            }
        }
        scored.sort_unstable_by(order);
        let hits = scored
            .iter()
            .map(|&(score, app)| self.hit(&plans, &mut memo, &mut scratch, app as usize, score))
            .collect();
        (hits, matched)
    }

    /// The application's best field for one term, with the field's score (weights and the
    /// exact-id bonus included), or `None` when no field matches.
    fn best_field(
        &self,
        plan: &TermPlan,
        memo: &mut [i32],
        scratch: &mut matcher::Scratch,
        app: usize,
    ) -> Option<(i32, usize)> {
        let mut best: Option<(i32, usize)> = None;
        for (k, &(field, text)) in self.fields_of(app).iter().enumerate() {
            let slot = &mut memo[text as usize];
            if *slot == matcher::UNKNOWN {
                *slot = plan.score_text(self, text, scratch, None);
            }
            if *slot == NO_MATCH {
                continue;
            }
            let mut score = *slot + field.weight();
            if field == Field::Id && plan.equals_text(self, text) {
                score += EXACT_ID_BONUS;
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, k));
            }
        }
        best
    }

    fn hit(
        &self,
        plans: &[TermPlan],
        memo: &mut [Vec<i32>],
        scratch: &mut matcher::Scratch,
        app: usize,
        score: i32,
    ) -> Hit {
        let fields = self.fields_of(app);
        let mut field_slot = None;
        let mut positions = Vec::new();
        for (plan, memo) in plans.iter().zip(memo.iter_mut()) {
            let Some((_, k)) = self.best_field(plan, memo, scratch, app) else {
                continue;
            };
            // The hit names the first term's best field; later terms add their positions
            // when they matched the same field.
            if k == *field_slot.get_or_insert(k) {
                let text = fields[k].1;
                let mut matched = Vec::new();
                plan.score_text(self, text, scratch, Some(&mut matched));
                let t = &self.texts[text as usize];
                positions.extend(
                    matched
                        .iter()
                        .map(|&j| self.pool_origin[(t.start + j) as usize] as usize),
                );
            }
        }
        positions.sort_unstable();
        positions.dedup();
        let field = field_slot.map_or(Field::Id, |k| fields[k].0);
        Hit {
            application: self.apps[app].id.clone(),
            score: i64::from(score),
            field,
            positions,
        }
    }
}

/// Whether every application matching `new` also matches `old`: each old term is a prefix
/// of the new term at the same place, and the new query has no fewer terms.
fn extends(old: &[Vec<char>], new: &[Vec<char>]) -> bool {
    old.len() <= new.len() && old.iter().zip(new).all(|(o, n)| n.starts_with(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_needs_prefix_terms() {
        let t = |s: &str| query_terms(s);
        assert!(extends(&t("yj"), &t("yjs")));
        assert!(extends(&t("cq"), &t("cq yh")));
        assert!(!extends(&t("cq yh"), &t("cq")));
        assert!(!extends(&t("yjs"), &t("yj")));
        assert!(!extends(&t("ab"), &t("xab")));
    }
}
