//! Formal-review rules about the channel an application came through: the recommender's
//! quota and ranking (E8), its deadline (E9), its jurisdiction (E11) and a ministry's own
//! units (E12).

use super::{list_en, list_zh, recommender_en, recommender_zh, unit_en, unit_zh};
use crate::model::{Application, Campaign, Channel, Date, Recommender, INNOVATION_PLATFORM};
use crate::rules::{Finding, Severity};
use std::collections::BTreeMap;

fn by_recommender(c: &Campaign) -> BTreeMap<&str, Vec<&Application>> {
    let mut m: BTreeMap<&str, Vec<&Application>> = BTreeMap::new();
    for app in &c.applications {
        m.entry(app.recommender.as_str()).or_default().push(app);
    }
    m
}

fn ids(apps: &[&Application]) -> Vec<String> {
    apps.iter().map(|a| a.id.clone()).collect()
}

/// E8: a regional recommender sends at most `max_per_recommender`, at most
/// `max_innovation_platform_per_recommender` of them in direction 13, ranked 1..n without
/// gaps or repeats. Campaign-wide findings: no application, records = recommender then the
/// applications concerned.
pub fn e8_recommender_quota(c: &Campaign) -> Vec<Finding> {
    let limits = &c.settings.limits;
    let mut out = Vec::new();
    for (rec_id, apps) in by_recommender(c) {
        let Some(rec) = c.recommender(rec_id) else {
            continue;
        };
        if rec.channel != Channel::Regional {
            continue;
        }
        let (rzh, ren) = (recommender_zh(c, rec_id), recommender_en(c, rec_id));
        let record = |apps: &[&Application]| {
            std::iter::once(rec_id.to_string())
                .chain(ids(apps))
                .collect::<Vec<_>>()
        };
        if apps.len() > limits.max_per_recommender as usize {
            out.push(
                Finding::new(
                    "E8",
                    Severity::Warning,
                    format!(
                        "{rzh}推荐了 {} 个项目，原则上不超过 {} 个：请推荐单位核减推荐数量。",
                        apps.len(),
                        limits.max_per_recommender
                    ),
                    format!(
                        "{ren} recommends {} applications; the notice allows at most {} as a rule: \
                         ask the recommender to cut its list.",
                        apps.len(),
                        limits.max_per_recommender
                    ),
                )
                .records(record(&apps)),
            );
        }
        let platform: Vec<&Application> = apps
            .iter()
            .copied()
            .filter(|a| a.directions.contains(&INNOVATION_PLATFORM))
            .collect();
        if platform.len() > limits.max_innovation_platform_per_recommender as usize {
            out.push(
                Finding::new(
                    "E8",
                    Severity::Warning,
                    format!(
                        "{rzh}推荐了 {} 个「高精尖」创新平台方向项目，原则上不超过 {} 个：请推荐单位核减。",
                        platform.len(),
                        limits.max_innovation_platform_per_recommender
                    ),
                    format!(
                        "{ren} recommends {} direction-13 applications; the notice allows at most \
                         {} as a rule: ask the recommender to cut them.",
                        platform.len(),
                        limits.max_innovation_platform_per_recommender
                    ),
                )
                .records(record(&platform)),
            );
        }
        out.extend(ranking(rec, &apps, &rzh, &ren));
    }
    out
}

/// E8's ranking part: priorities exactly 1..n. The applications concerned are those whose
/// priority repeats or falls outside 1..n; any gap forces at least one of them.
fn ranking(rec: &Recommender, apps: &[&Application], rzh: &str, ren: &str) -> Option<Finding> {
    let n = apps.len() as u32;
    let mut count: BTreeMap<u32, usize> = BTreeMap::new();
    for a in apps {
        *count.entry(a.priority).or_default() += 1;
    }
    let mut concerned: Vec<&Application> = apps
        .iter()
        .copied()
        .filter(|a| count[&a.priority] > 1 || a.priority == 0 || a.priority > n)
        .collect();
    if concerned.is_empty() {
        return None;
    }
    concerned.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
    let missing: Vec<String> = (1..=n)
        .filter(|p| !count.contains_key(p))
        .map(|p| p.to_string())
        .collect();
    let repeated: Vec<String> = count
        .iter()
        .filter(|(_, k)| **k > 1)
        .map(|(p, _)| p.to_string())
        .collect();
    let given: Vec<String> = concerned
        .iter()
        .map(|a| format!("{}={}", a.id, a.priority))
        .collect();
    let mut zh = format!("{rzh}的推荐排序应为 1 至 {n} 且不重复不间断：");
    let mut en = format!("{ren}'s ranking must run 1 to {n} without gaps or repeats: ");
    if !repeated.is_empty() {
        zh += &format!("序号 {} 重复；", list_zh(&repeated));
        en += &format!("{} repeated; ", list_en(&repeated));
    }
    if !missing.is_empty() {
        zh += &format!("缺少序号 {}；", list_zh(&missing));
        en += &format!("{} missing; ", list_en(&missing));
    }
    zh += &format!("涉及 {}。请推荐单位重新排序。", list_zh(&given));
    en += &format!(
        "concerns {}. Ask the recommender to renumber its list.",
        list_en(&given)
    );
    Some(
        Finding::new("E8", Severity::Warning, zh, en)
            .records(std::iter::once(rec.id.clone()).chain(concerned.iter().map(|a| a.id.clone()))),
    )
}

/// The date by which `rec`'s recommendations are due.
pub fn deadline_of(c: &Campaign, rec: &Recommender) -> Date {
    rec.deadline.unwrap_or(match rec.channel {
        Channel::Regional => c.settings.deadlines.regional,
        Channel::Ministry => c.settings.deadlines.ministry,
    })
}

/// E9: recommended by the channel's deadline.
pub fn e9_deadline(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in &c.applications {
        let Some(rec) = c.recommender(&app.recommender) else {
            continue;
        };
        let due = deadline_of(c, rec);
        if app.recommended_on <= due {
            continue;
        }
        out.push(
            Finding::new(
                "E9",
                Severity::Warning,
                format!(
                    "推荐日期 {} 晚于{}的截止日期 {due}：请核实是否逾期推荐。",
                    app.recommended_on,
                    recommender_zh(c, &rec.id)
                ),
                format!(
                    "Recommended on {}, after {}'s deadline of {due}: check whether it came late.",
                    app.recommended_on,
                    recommender_en(c, &rec.id)
                ),
            )
            .on(&app.id)
            .records([rec.id.clone()]),
        );
    }
    out
}

/// E11: a regional recommender's application lies in that recommender's jurisdiction.
pub fn e11_jurisdiction(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in &c.applications {
        let Some(rec) = c.recommender(&app.recommender) else {
            continue;
        };
        let place = app.location.trim();
        if rec.channel != Channel::Regional || rec.jurisdiction.iter().any(|j| j.trim() == place) {
            continue;
        }
        let within = if rec.jurisdiction.is_empty() {
            (
                "（未登记辖区）".to_string(),
                "(no jurisdiction recorded)".to_string(),
            )
        } else {
            (list_zh(&rec.jurisdiction), list_en(&rec.jurisdiction))
        };
        out.push(
            Finding::new(
                "E11",
                Severity::Blocking,
                format!(
                    "项目所在地「{place}」不在{}的辖区（{}）内：应向项目所在地省级有关部门申报，请改由所在地推荐单位推荐。",
                    recommender_zh(c, &rec.id),
                    within.0
                ),
                format!(
                    "The project is in {place}, outside {}'s jurisdiction ({}): it must come \
                     through a department of the region where it is.",
                    recommender_en(c, &rec.id),
                    within.1
                ),
            )
            .on(&app.id)
            .records([rec.id.clone()]),
        );
    }
    out
}

/// E12: a ministry-channel application is led by a unit that ministry manages directly.
pub fn e12_ministry_managed(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in &c.applications {
        let Some(rec) = c.recommender(&app.recommender) else {
            continue;
        };
        if rec.channel != Channel::Ministry {
            continue;
        }
        let Some(lead) = app.lead() else { continue };
        let managed = c.unit(lead).and_then(|u| u.managed_by.as_deref());
        if managed == Some(rec.id.as_str()) {
            continue;
        }
        let (szh, sen) = match managed {
            Some(m) => (
                format!("由{}直接管理", recommender_zh(c, m)),
                format!("is managed directly by {}", recommender_en(c, m)),
            ),
            None => (
                "不是部门直接管理的机构".to_string(),
                "is not directly managed by a ministry".to_string(),
            ),
        };
        out.push(
            Finding::new(
                "E12",
                Severity::Blocking,
                format!(
                    "经{}渠道申报，但牵头单位{}{szh}：只有行业主管监管部门直接管理的机构可向该部门申报，请改向项目所在地省级有关部门申报。",
                    recommender_zh(c, &rec.id),
                    unit_zh(c, lead)
                ),
                format!(
                    "Sent through {}, but lead unit {} {sen}: only units a ministry manages \
                     directly may apply through it; apply through the region's department instead.",
                    recommender_en(c, &rec.id),
                    unit_en(c, lead)
                ),
            )
            .on(&app.id)
            .records([lead.to_string(), rec.id.clone()]),
        );
    }
    out
}
