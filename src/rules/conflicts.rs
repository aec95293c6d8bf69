//! Conflicts of interest (回避), C1–C6, for every (expert, application) pair. Members are
//! indexed by unit identity, by every organisation up their parent chains, by name bigrams
//! and by recommender, so each expert costs only the look-ups that can hit.

use super::formal::{identities, recommender_en, recommender_zh, unit_en, unit_zh};
use super::normalize;
use super::rulings::{Rulings, Verdict};
use super::similarity::{self, Bigram, NameIndex};
use super::{Finding, Severity};
use crate::model::{Campaign, Declaration, Expert, PastUnit};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Parent chains longer than this are cut: a cycle in the data must not hang the check.
const MAX_CHAIN: usize = 64;

/// Member look-ups over the whole campaign; build once, query per expert.
pub struct ConflictIndex<'a> {
    c: &'a Campaign,
    identity: HashMap<&'a str, &'a str>,
    /// Identity → (application index, member unit id).
    by_identity: HashMap<&'a str, Vec<(usize, &'a str)>>,
    /// Identity of an organisation on a member's parent chain (the member included) →
    /// (application index, member unit id).
    by_chain: HashMap<&'a str, Vec<(usize, &'a str)>>,
    by_recommender: HashMap<&'a str, Vec<usize>>,
    names: NameIndex,
    /// Member unit ids in `names` order.
    named: Vec<&'a str>,
    /// Member unit id → applications it is a member of.
    apps_of: HashMap<&'a str, Vec<usize>>,
}

impl<'a> ConflictIndex<'a> {
    /// The index over every member of every application, for every expert's conflicts.
    pub fn new(c: &'a Campaign) -> ConflictIndex<'a> {
        ConflictIndex::build(c, None)
    }

    /// The index holding only what `e`'s conflicts can find: members whose identity is one
    /// of the expert's units (current, recent past, declared, or up the current unit's
    /// parent chain), applications sent by the expert's departments, and members whose
    /// names come near the expert's own. [`ConflictIndex::expert`] gives the same findings
    /// for `e` as over the whole index, without hashing every member's name bigrams.
    pub fn for_expert(c: &'a Campaign, e: &'a Expert) -> ConflictIndex<'a> {
        ConflictIndex::build(c, Some(e))
    }

    fn build(c: &'a Campaign, only: Option<&'a Expert>) -> ConflictIndex<'a> {
        let identity = identities(c);
        let mut ix = ConflictIndex {
            c,
            identity,
            by_identity: HashMap::new(),
            by_chain: HashMap::new(),
            by_recommender: HashMap::new(),
            names: NameIndex::new(),
            named: Vec::new(),
            apps_of: HashMap::new(),
        };
        let focus = only.map(|e| Focus::new(&ix, e));
        for (i, app) in c.applications.iter().enumerate() {
            if focus
                .as_ref()
                .is_none_or(|f| f.departments.contains(app.recommender.as_str()))
            {
                ix.by_recommender
                    .entry(app.recommender.as_str())
                    .or_default()
                    .push(i);
            }
            let members: BTreeSet<&str> = app.member_units().collect();
            for m in members {
                let id = ix.id_of(m);
                if focus.as_ref().is_none_or(|f| f.ids.contains(id)) {
                    ix.by_identity.entry(id).or_default().push((i, m));
                }
                for x in ix.chain(m) {
                    if focus.as_ref().is_none_or(|f| f.ids.contains(x)) {
                        ix.by_chain.entry(x).or_default().push((i, m));
                    }
                }
                let apps = ix.apps_of.entry(m).or_default();
                if apps.is_empty() {
                    let name = c.unit(m).map_or("", |u| u.name.as_str());
                    let norm = normalize::organisation(name);
                    if focus.as_ref().is_none_or(|f| f.near(&norm)) {
                        ix.names.insert(&norm);
                        ix.named.push(m);
                    }
                }
                apps.push(i);
            }
        }
        ix
    }

    fn id_of(&self, unit: &'a str) -> &'a str {
        self.identity.get(unit).copied().unwrap_or(unit)
    }

    /// Identities up the parent chain, the unit itself first.
    fn chain(&self, unit: &'a str) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        let mut cur = Some(unit);
        while let Some(u) = cur {
            let id = self.id_of(u);
            if out.contains(&id) || out.len() >= MAX_CHAIN {
                break;
            }
            out.push(id);
            cur = self.c.unit(u).and_then(|x| x.parent.as_deref());
        }
        out
    }

    /// Whether two units are linked by id, credit code or a shared organisation up their
    /// parent chains.
    fn linked(&self, a: &'a str, b: &'a str) -> bool {
        let ca = self.chain(a);
        self.chain(b).iter().any(|x| ca.contains(x))
    }

    /// Every conflict finding of one expert, decisions on C5 applied; unordered.
    pub fn expert(
        &self,
        e: &'a Expert,
        rulings: &Rulings,
        declarations: &[Declaration],
    ) -> Vec<Finding> {
        let c = self.c;
        let limits = &c.settings.limits;
        let mut out: Vec<Finding> = Vec::new();
        let app_id = |i: usize| c.applications[i].id.as_str();
        let unit = e.unit.as_str();

        // C1: the current unit is a member.
        let mut c1: HashSet<usize> = HashSet::new();
        for &(i, m) in self.by_identity.get(self.id_of(unit)).into_iter().flatten() {
            c1.insert(i);
            let (zh, en) = if m == unit {
                (
                    format!(
                        "专家所在单位{}是该项目的成员单位：专家须回避。",
                        unit_zh(c, unit)
                    ),
                    format!(
                        "The expert's unit {} is a member of this consortium: the expert must \
                         stand aside.",
                        unit_en(c, unit)
                    ),
                )
            } else {
                (
                    format!(
                        "专家所在单位{}与成员单位{}的统一社会信用代码相同，是同一单位：专家须回避。",
                        unit_zh(c, unit),
                        unit_zh(c, m)
                    ),
                    format!(
                        "The expert's unit {} has the same credit code as the member {}, so it is \
                         the same organisation: the expert must stand aside.",
                        unit_en(c, unit),
                        unit_en(c, m)
                    ),
                )
            };
            out.push(
                Finding::new("C1", Severity::Blocking, zh, en)
                    .by(&e.id)
                    .on(app_id(i))
                    .records([m]),
            );
        }

        // C2: a shared organisation up the parent chains, unless C1 already holds.
        let mut c2: HashMap<(usize, &str), &str> = HashMap::new();
        for x in self.chain(unit) {
            for &(i, m) in self.by_chain.get(x).into_iter().flatten() {
                if !c1.contains(&i) {
                    c2.entry((i, m)).or_insert(x);
                }
            }
        }
        for ((i, m), shared) in c2 {
            let records: Vec<&str> = if shared == m {
                vec![m]
            } else {
                vec![m, shared]
            };
            out.push(
                Finding::new(
                    "C2",
                    Severity::Blocking,
                    format!(
                        "专家所在单位{}与成员单位{}同属{}：专家须回避。",
                        unit_zh(c, unit),
                        unit_zh(c, m),
                        unit_zh(c, shared)
                    ),
                    format!(
                        "The expert's unit {} and the member {} both belong to {}: the expert \
                         must stand aside.",
                        unit_en(c, unit),
                        unit_en(c, m),
                        unit_en(c, shared)
                    ),
                )
                .by(&e.id)
                .on(app_id(i))
                .records(records),
            );
        }

        // C3: a past unit left on or after the look-back date is a member.
        let recent = recent_past_units(c, e);
        for p in &recent {
            for &(i, m) in self
                .by_identity
                .get(self.id_of(&p.unit))
                .into_iter()
                .flatten()
            {
                out.push(
                    Finding::new(
                        "C3",
                        Severity::Blocking,
                        format!(
                            "专家 {} 至 {} 曾在成员单位{}工作，距评审日不足 {} 年：专家须回避。",
                            p.from,
                            p.to,
                            unit_zh(c, m),
                            limits.conflict_lookback_years
                        ),
                        format!(
                            "The expert worked at the member {} from {} to {}, within {} years \
                             of the review date: the expert must stand aside.",
                            unit_en(c, m),
                            p.from,
                            p.to,
                            limits.conflict_lookback_years
                        ),
                    )
                    .by(&e.id)
                    .on(app_id(i))
                    .records([m]),
                );
            }
        }

        self.declared(e, declarations, &mut out);
        self.names(
            e,
            &recent.iter().map(|p| p.unit.as_str()).collect::<Vec<_>>(),
            rulings,
            &mut out,
        );

        // C6: the expert belongs to the recommending department. One message per
        // department, however many applications it sent.
        for d in &e.departments {
            let Some(apps) = self.by_recommender.get(d.as_str()) else {
                continue;
            };
            let f = Finding::new(
                "C6",
                Severity::Warning,
                format!(
                    "专家任职于推荐单位{}：请组长判断是否需要回避。",
                    recommender_zh(c, d)
                ),
                format!(
                    "The expert belongs to the recommending department {}: the chair decides \
                     whether the expert stands aside.",
                    recommender_en(c, d)
                ),
            )
            .by(&e.id)
            .records([d.as_str()]);
            out.extend(apps.iter().map(|&i| f.clone().on(app_id(i))));
        }
        out
    }

    /// C4: relations declared in advance (with a unit or an application) and declarations
    /// made during review.
    fn declared(&self, e: &'a Expert, declarations: &[Declaration], out: &mut Vec<Finding>) {
        let c = self.c;
        for r in &e.relations {
            let note_zh = if r.note.is_empty() {
                String::new()
            } else {
                format!("（{}）", r.note)
            };
            let note_en = if r.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.note)
            };
            if let Some(u) = &r.unit {
                for &(i, m) in self.by_identity.get(self.id_of(u)).into_iter().flatten() {
                    out.push(
                        Finding::new(
                            "C4",
                            Severity::Blocking,
                            format!(
                                "专家申报了与成员单位{}的{}{note_zh}：专家须回避。",
                                unit_zh(c, m),
                                r.kind.zh()
                            ),
                            format!(
                                "The expert declared a relation with the member {}: {}{note_en}; \
                                 the expert must stand aside.",
                                unit_en(c, m),
                                r.kind.en()
                            ),
                        )
                        .by(&e.id)
                        .on(&c.applications[i].id)
                        .records([m]),
                    );
                }
            }
            if let Some(a) = r
                .application
                .as_deref()
                .filter(|a| c.application(a).is_some())
            {
                out.push(
                    Finding::new(
                        "C4",
                        Severity::Blocking,
                        format!("专家申报了与该项目的{}{note_zh}：专家须回避。", r.kind.zh()),
                        format!(
                            "The expert declared a relation with this application: {}{note_en}; \
                             the expert must stand aside.",
                            r.kind.en()
                        ),
                    )
                    .by(&e.id)
                    .on(a),
                );
            }
        }
        for d in declarations.iter().filter(|d| d.expert == e.id) {
            if c.application(&d.application).is_none() {
                continue;
            }
            out.push(
                Finding::new(
                    "C4",
                    Severity::Blocking,
                    format!("专家在评审中申报回避：{}。", d.reason),
                    format!(
                        "The expert declared a conflict during review: {}.",
                        d.reason
                    ),
                )
                .by(&e.id)
                .on(&d.application),
            );
        }
    }

    /// C5: the current unit's or a recent past unit's name matches a member's closely, but no
    /// id, credit code or parent links the two.
    fn names(&self, e: &'a Expert, recent: &[&'a str], rulings: &Rulings, out: &mut Vec<Finding>) {
        let c = self.c;
        let percent = c.settings.limits.name_match_percent;
        let mut seen: BTreeSet<(usize, &str, &str)> = BTreeSet::new();
        let mut search = self.names.search();
        let mine = std::iter::once(e.unit.as_str()).chain(recent.iter().copied());
        for own in mine {
            let Some(u) = c.unit(own) else { continue };
            let norm = normalize::organisation(&u.name);
            for k in search.similar(&norm, percent) {
                let m = self.named[k];
                if self.linked(own, m) {
                    continue;
                }
                for &i in self.apps_of.get(m).into_iter().flatten() {
                    seen.insert((i, own, m));
                }
            }
        }
        for (i, own, m) in seen {
            let app = &c.applications[i].id;
            let verdict = rulings.c5(&e.id, app);
            if verdict == Some(Verdict::Dismissed) {
                continue;
            }
            let (own_n, m_n) = (
                c.unit(own).map_or("", |u| u.name.as_str()),
                c.unit(m).map_or("", |u| u.name.as_str()),
            );
            let pct = super::similarity::dice_percent(
                &normalize::organisation(own_n),
                &normalize::organisation(m_n),
            );
            let (sev, zh, en) = match verdict {
                Some(Verdict::Confirmed) => (
                    Severity::Blocking,
                    format!(
                        "已确认专家单位{}与成员单位{}为同一或关联单位：专家须回避。",
                        unit_zh(c, own),
                        unit_zh(c, m)
                    ),
                    format!(
                        "Confirmed: the expert's unit {} and the member {} are the same or related \
                         organisations; the expert must stand aside.",
                        unit_en(c, own),
                        unit_en(c, m)
                    ),
                ),
                // Until a new decision settles it, the stricter verdict counts.
                Some(Verdict::Disputed) => (
                    Severity::Blocking,
                    format!(
                        "专家单位{}与成员单位{}是否为同一或关联单位，已有互不取代的决定分别作出确认和排除：在新的决定作出前按已确认处理，专家须回避；请就此签署新的决定。",
                        unit_zh(c, own),
                        unit_zh(c, m)
                    ),
                    format!(
                        "Whether the expert's unit {} and the member {} are the same or related \
                         organisations was both confirmed and dismissed by decisions neither of \
                         which replaces the other: until a new decision settles it, it counts as \
                         confirmed and the expert stands aside.",
                        unit_en(c, own),
                        unit_en(c, m)
                    ),
                ),
                _ => (
                    Severity::Warning,
                    format!(
                        "专家单位{}与成员单位{}名称相似度 {pct}%，但无统一社会信用代码或上级单位关联：请核实是否为同一或关联单位，并作出确认或排除决定。",
                        unit_zh(c, own),
                        unit_zh(c, m)
                    ),
                    format!(
                        "The expert's unit {} and the member {} have names {pct}% alike but no \
                         credit code or parent links them: check whether they are the same or \
                         related, then confirm or dismiss.",
                        unit_en(c, own),
                        unit_en(c, m)
                    ),
                ),
            };
            out.push(
                Finding::new("C5", sev, zh, en)
                    .by(&e.id)
                    .on(app)
                    .records([own, m]),
            );
        }
    }
}

/// The past units an expert left on or after the look-back date (C3, C5).
fn recent_past_units<'a>(c: &Campaign, e: &'a Expert) -> Vec<&'a PastUnit> {
    let since = c
        .settings
        .review_date
        .years_before(c.settings.limits.conflict_lookback_years);
    e.past_units.iter().filter(|p| p.to >= since).collect()
}

/// What one expert's conflicts look up, for [`ConflictIndex::for_expert`].
struct Focus<'a> {
    /// Identities [`ConflictIndex::expert`] looks members up by: the current unit's, up its
    /// parent chain (C1, C2), the recent past units' (C3) and the declared units' (C4).
    ids: HashSet<&'a str>,
    departments: HashSet<&'a str>,
    /// The expert's current and recent past units' names, normalised, as bigrams (C5).
    own: Vec<Vec<Bigram>>,
    percent: u32,
}

impl<'a> Focus<'a> {
    fn new(ix: &ConflictIndex<'a>, e: &'a Expert) -> Focus<'a> {
        let c = ix.c;
        let recent = recent_past_units(c, e);
        let mut ids: HashSet<&'a str> = ix.chain(&e.unit).into_iter().collect();
        ids.extend(recent.iter().map(|p| ix.id_of(&p.unit)));
        ids.extend(
            e.relations
                .iter()
                .filter_map(|r| r.unit.as_deref())
                .map(|u| ix.id_of(u)),
        );
        let own = std::iter::once(e.unit.as_str())
            .chain(recent.iter().map(|p| p.unit.as_str()))
            .filter_map(|u| c.unit(u))
            .map(|u| similarity::bigrams(&normalize::organisation(&u.name)))
            .collect();
        Focus {
            ids,
            departments: e.departments.iter().map(String::as_str).collect(),
            own,
            percent: c.settings.limits.name_match_percent,
        }
    }

    /// Whether a member's normalised name is similar to one of the expert's own, as the
    /// name index's search decides it.
    fn near(&self, normalised: &str) -> bool {
        if self.own.is_empty() {
            return false;
        }
        let b = similarity::bigrams(normalised);
        self.own
            .iter()
            .any(|q| similarity::similar_to(q, &b, self.percent))
    }
}

/// Every conflict finding, for every expert or only `expert`, sorted and deduplicated.
pub fn conflicts(
    c: &Campaign,
    rulings: &Rulings,
    declarations: &[Declaration],
    expert: Option<&str>,
) -> Vec<Finding> {
    let mut out = conflicts_unsorted(c, rulings, declarations, expert);
    out.sort_unstable_by(super::finding_order);
    out.dedup();
    out
}

/// The same, in no particular order and possibly repeated, for callers that sort anyway.
pub(crate) fn conflicts_unsorted(
    c: &Campaign,
    rulings: &Rulings,
    declarations: &[Declaration],
    expert: Option<&str>,
) -> Vec<Finding> {
    let Some(x) = expert else {
        let ix = ConflictIndex::new(c);
        let mut out = Vec::new();
        for e in &c.experts {
            out.extend(ix.expert(e, rulings, declarations));
        }
        return out;
    };
    // One expert: an index of what that expert's checks can find, not of every member.
    let mut out = Vec::new();
    for e in c.experts.iter().filter(|e| e.id == x) {
        out.extend(ConflictIndex::for_expert(c, e).expert(e, rulings, declarations));
    }
    out
}
