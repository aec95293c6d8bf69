//! Formal-review rules that look across applications: a unit in too many consortia (E2) and
//! one project sent through several channels (E6). Both work through indexes keyed by unit
//! identity and name bigrams, never by comparing every application with every other.

use super::{list_en, list_zh, unit_en, unit_zh};
use crate::model::{Application, Campaign};
use crate::rules::credit_code;
use crate::rules::normalize::{self, ProjectNameRules};
use crate::rules::rulings::{Rulings, Verdict};
use crate::rules::similarity;
use crate::rules::{Finding, Severity};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Each unit id's identity: the smallest unit id written with the same credit code, or
/// itself. Codes are compared by [`credit_code::match_key`]; only an 18-character key joins
/// records, so placeholders such as 无 or an empty field never make two units one.
pub fn identities(c: &Campaign) -> HashMap<&str, &str> {
    let mut by_code: HashMap<String, &str> = HashMap::new();
    let mut out = HashMap::with_capacity(c.units.len());
    for u in &c.units {
        let key = credit_code::match_key(&u.credit_code);
        let id = if key.chars().count() == 18 {
            *by_code.entry(key).or_insert(u.id.as_str())
        } else {
            u.id.as_str()
        };
        out.insert(u.id.as_str(), id);
    }
    out
}

/// E2: a unit (by id, or by the same credit code under another id) is a member of more than
/// `max_applications_per_unit` applications. One finding on every application involved,
/// records = the unit's id(s) as that application lists them.
pub fn e2_applications_per_unit(c: &Campaign) -> Vec<Finding> {
    let max = c.settings.limits.max_applications_per_unit as usize;
    let ids = identities(c);
    let mut groups: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for app in &c.applications {
        for u in app.member_units() {
            let g = ids.get(u).copied().unwrap_or(u);
            groups
                .entry(g)
                .or_default()
                .entry(app.id.as_str())
                .or_default()
                .insert(u);
        }
    }
    let mut out = Vec::new();
    for (_, apps) in groups.into_iter().filter(|(_, apps)| apps.len() > max) {
        let app_ids: Vec<String> = apps.keys().map(|a| a.to_string()).collect();
        let all_units: BTreeSet<&str> = apps.values().flatten().copied().collect();
        let (same_zh, same_en) = if all_units.len() > 1 {
            let us: Vec<String> = all_units.iter().map(|u| u.to_string()).collect();
            (
                format!("（{} 的统一社会信用代码相同，视为同一单位）", list_zh(&us)),
                format!(
                    " ({} share one credit code and count as one unit)",
                    list_en(&us)
                ),
            )
        } else {
            (String::new(), String::new())
        };
        for (app, units) in &apps {
            let Some(first) = units.iter().next() else {
                continue;
            };
            out.push(
                Finding::new(
                    "E2",
                    Severity::Blocking,
                    format!(
                        "成员单位{}{same_zh}共牵头或参与 {} 个项目（{}），每家单位最多 {max} 个：请该单位退出多余的项目。",
                        unit_zh(c, first),
                        apps.len(),
                        list_zh(&app_ids)
                    ),
                    format!(
                        "Member {}{same_en} leads or joins {} applications ({}), more than the \
                         limit of {max}: it must withdraw from the extra ones.",
                        unit_en(c, first),
                        apps.len(),
                        list_en(&app_ids)
                    ),
                )
                .on(app)
                .records(units.iter().copied()),
            );
        }
    }
    out
}

/// E6 with the default project-name rules.
pub fn e6_several_channels(c: &Campaign, rulings: &Rulings) -> Vec<Finding> {
    e6_with(c, rulings, &ProjectNameRules::default())
}

/// Pairs of applications (by index, lower first) from different recommenders whose lead
/// units are the same (id, credit code, or normalised names similar at the threshold) and
/// whose normalised project names are similar at the threshold, with that similarity.
pub fn e6_pairs(c: &Campaign, rules: &ProjectNameRules) -> Vec<(usize, usize, u32)> {
    let percent = c.settings.limits.near_duplicate_percent;
    // Block by lead unit: applications are only compared when their leads match.
    let mut led: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, app) in c.applications.iter().enumerate() {
        if let Some(lead) = app.lead() {
            led.entry(lead).or_default().push(i);
        }
    }
    let leads: Vec<(&str, &Vec<usize>)> = led.iter().map(|(k, v)| (*k, v)).collect();
    let ids = identities(c);
    let mut by_identity: HashMap<&str, Vec<usize>> = HashMap::new();
    let names: Vec<Vec<similarity::Bigram>> = leads
        .iter()
        .map(|(u, _)| {
            similarity::bigrams(&normalize::organisation(
                c.unit(u).map_or("", |u| u.name.as_str()),
            ))
        })
        .collect();
    for (k, (u, _)) in leads.iter().enumerate() {
        by_identity
            .entry(ids.get(u).copied().unwrap_or(u))
            .or_default()
            .push(k);
    }
    // Leads whose names are similar, each pair once (lower position first).
    let mut similar: Vec<Vec<usize>> = vec![Vec::new(); leads.len()];
    for (k, m) in similarity::similar_pairs(&names, percent) {
        similar[k].push(m);
    }
    // Project names are normalised only for applications whose leads match another's.
    let mut projects: Vec<Option<Vec<similarity::Bigram>>> = vec![None; c.applications.len()];
    let mut pairs = BTreeSet::new();
    for (k, (u, apps)) in leads.iter().enumerate() {
        let mut mates: BTreeSet<usize> = similar[k].iter().copied().collect();
        if let Some(same) = by_identity.get(ids.get(u).copied().unwrap_or(u)) {
            mates.extend(same.iter().copied());
        }
        mates.insert(k);
        for m in mates.into_iter().filter(|&m| m >= k) {
            for &a in apps.iter() {
                for &b in leads[m].1.iter() {
                    let (a, b) = (a.min(b), a.max(b));
                    if a == b || c.applications[a].recommender == c.applications[b].recommender {
                        continue;
                    }
                    for i in [a, b] {
                        if projects[i].is_none() {
                            let name = normalize::project(&c.applications[i].name, rules);
                            projects[i] = Some(similarity::bigrams(&name));
                        }
                    }
                    let (Some(pa), Some(pb)) = (&projects[a], &projects[b]) else {
                        continue;
                    };
                    if !similarity::at_least_bigrams(pa, pb, percent) {
                        continue;
                    }
                    let pct = (200 * similarity::common(pa, pb) / (pa.len() + pb.len())) as u32;
                    pairs.insert((a, b, pct));
                }
            }
        }
    }
    pairs.into_iter().collect()
}

fn e6_finding(
    c: &Campaign,
    app: &Application,
    other: &Application,
    pct: u32,
    verdict: Option<Verdict>,
) -> Finding {
    let rec = c.recommender(&other.recommender);
    let (ozh, oen) = (
        format!(
            "{}「{}」（推荐单位：{}）",
            other.id,
            other.name,
            rec.map_or(other.recommender.as_str(), |r| r.name.as_str())
        ),
        format!(
            "{} \"{}\" (recommended by {})",
            other.id,
            other.name,
            rec.map_or(other.recommender.as_str(), |r| r.name.as_str())
        ),
    );
    let (sev, zh, en) = match verdict {
        Some(Verdict::Confirmed) => (
            Severity::Blocking,
            format!("已确认与 {ozh} 为同一项目通过多个渠道重复申报，按通知取消项目资格。"),
            format!(
                "Confirmed as the same project as {oen}, sent through several channels: the \
                 notice disqualifies it."
            ),
        ),
        // Until a new decision settles it, the stricter verdict counts.
        Some(Verdict::Disputed) => (
            Severity::Blocking,
            format!("与 {ozh} 是否为同一项目多渠道申报，已有互不取代的决定分别作出确认和排除：在新的决定作出前按已确认处理；请就这两个项目签署新的决定。"),
            format!(
                "Whether it is the same project as {oen} was both confirmed and dismissed by \
                 decisions neither of which replaces the other: it counts as confirmed until a \
                 new decision on the pair settles it."
            ),
        ),
        _ => (
            Severity::Warning,
            format!(
                "疑似与 {ozh} 为同一项目通过多个渠道申报（牵头单位相同，项目名称相似度 {pct}%）：请核实并作出确认或排除决定；同一项目多途径申报将被取消资格。"
            ),
            format!(
                "Possibly the same project as {oen}, sent through several channels (same lead \
                 unit, names {pct}% similar): check and confirm or dismiss; a project sent \
                 through several channels is disqualified."
            ),
        ),
    };
    Finding::new("E6", sev, zh, en)
        .on(&app.id)
        .records([other.id.clone()])
}

/// E6 with the given project-name rules: a warning on both applications of each suspected
/// pair, blocking once a confirmation names the pair (or while a confirmation and a dismissal
/// dispute it), gone once a dismissal does.
pub fn e6_with(c: &Campaign, rulings: &Rulings, rules: &ProjectNameRules) -> Vec<Finding> {
    let mut out = Vec::new();
    for (a, b, pct) in e6_pairs(c, rules) {
        let (x, y) = (&c.applications[a], &c.applications[b]);
        let verdict = rulings.e6(&x.id, &y.id);
        if verdict == Some(Verdict::Dismissed) {
            continue;
        }
        out.push(e6_finding(c, x, y, pct, verdict));
        out.push(e6_finding(c, y, x, pct, verdict));
    }
    out
}
