//! The expert pool: experts at units that never apply (universities, institutes, government
//! bodies), the planted conflict cases, and the panels they stand on.

use super::build::Builder;
use super::plant::{ConflictSetup, Plan};
use super::rng::Rng;
use super::settings::date;
use super::vocab::*;
use super::{Assign, NearMiss, Planted};
use crate::model::{Expert, Panel, PastUnit, Relation, RelationKind, UnitKind};
use std::collections::HashSet;

/// A university of the kind experts work at ("南京邮电大学"); an institute when the
/// names run out.
pub fn expert_university(b: &mut Builder, region: usize) -> usize {
    let r = &REGIONS[region];
    let made = b.free_name(|rng| {
        let place = if rng.chance(50) {
            r.short
        } else {
            rng.pick(r.places).0
        };
        format!("{place}{}", rng.pick(&EXPERT_UNIVERSITIES))
    });
    match made {
        Some(name) => b.add_unit(
            name,
            UnitKind::University,
            region,
            r.places[0].1,
            "12",
            true,
        ),
        None => expert_institute(b, region),
    }
}

fn expert_institute(b: &mut Builder, region: usize) -> usize {
    let r = &REGIONS[region];
    let made = b.free_name(|rng| {
        if rng.chance(30) {
            format!("中国科学院{}", rng.pick(&EXPERT_INSTITUTES))
        } else {
            format!("{}{}研究所", r.full, rng.pick(&FIELDS))
        }
    });
    let name = match made {
        Some(n) => n,
        None => loop {
            let (brand, _) = b.brand();
            let n = format!("{}{brand}{}研究所", r.full, b.rng.pick(&FIELDS));
            if b.name_is_free(&n) {
                break n;
            }
        },
    };
    b.add_unit(name, UnitKind::Institute, region, r.places[0].1, "12", true)
}

fn expert_government(b: &mut Builder, region: usize) -> usize {
    let r = &REGIONS[region];
    let made = b.free_name(|rng| {
        rng.pick(&EXPERT_GOVERNMENT)
            .replace("{P}", r.full)
            .replace("{S}", r.short)
    });
    match made {
        Some(name) => b.add_unit(
            name,
            UnitKind::Government,
            region,
            r.places[0].1,
            "11",
            true,
        ),
        None => expert_institute(b, region),
    }
}

fn person_name(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    let mut name = String::new();
    for _ in 0..20 {
        name = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        if taken.insert(name.clone()) {
            break;
        }
    }
    name
}

/// Panels of the `panels` mode: (id, name, directions, share of the experts).
const PANELS: [(&str, &str, &[u8], usize); 4] = [
    (
        "P1",
        "第一评审组（新型信息基础设施安全类）",
        &[1, 2, 3, 4, 5, 6],
        6,
    ),
    ("P2", "第二评审组（数字化应用场景安全类）", &[7, 8, 9], 4),
    ("P3", "第三评审组（安全基础能力提升类）", &[10, 11, 12], 4),
    ("P4", "第四评审组（网络安全「高精尖」创新平台）", &[13], 3),
];

fn panel_for(direction: u8) -> usize {
    PANELS
        .iter()
        .position(|p| p.2.contains(&direction))
        .unwrap_or(0)
}

/// Makes `count` experts (ids X0001…), plants the conflict cases when `setup` is given,
/// and returns them with their panels.
pub fn experts(
    b: &mut Builder,
    seed: u64,
    count: usize,
    assign: Assign,
    setup: Option<&ConflictSetup>,
    plan: &mut Plan,
) -> (Vec<Expert>, Vec<Panel>) {
    let mut rng = Rng::derived(seed, "experts");
    let pool: Vec<usize> = (0..(count / 2 + 2))
        .map(|_| {
            let region = rng.below(REGIONS.len());
            match rng.below(20) {
                0..=8 => expert_university(b, region),
                9..=14 => expert_institute(b, region),
                _ => expert_government(b, region),
            }
        })
        .collect();
    let width = count.to_string().len().max(4);
    let mut names = HashSet::new();
    let mut experts: Vec<Expert> = (0..count)
        .map(|i| {
            let unit = *rng.pick(&pool);
            let mut past_units = vec![];
            if rng.chance(35) {
                let past = *rng.pick(&pool);
                if past != unit {
                    let from = rng.between(2006, 2015) as i32;
                    let to = rng.between(i64::from(from) + 2, 2023) as i32;
                    past_units.push(PastUnit {
                        unit: b.units[past].id.clone(),
                        from: date(from, 1 + rng.below(12) as u8, 1),
                        to: date(to, 1 + rng.below(12) as u8, 28),
                    });
                }
            }
            Expert {
                id: format!("X{:0width$}", i + 1),
                name: person_name(&mut rng, &mut names),
                title: rng.pick(&TITLES).to_string(),
                unit: b.units[unit].id.clone(),
                past_units,
                relations: vec![],
                departments: vec![],
                fields: vec![],
            }
        })
        .collect();

    // Planted experts, each tied to its application's panel.
    let mut forced: Vec<(usize, usize)> = vec![];
    if let Some(s) = setup {
        let mut order: Vec<usize> = (0..count).collect();
        rng.shuffle(&mut order);
        let unit_id = |u: usize| b.units[u].id.clone();
        let app_id = |a: usize| b.apps[a].id.clone();
        let cases = [
            ("C1", s.c1.0),
            ("C2", s.c2.0),
            ("C3", s.c3.0),
            ("C4", s.c4.0),
            ("C5", s.c5.0),
            ("C6", s.c6.0),
        ];
        for (k, (rule, app)) in cases.iter().enumerate() {
            let e = &mut experts[order[k]];
            match *rule {
                "C1" => e.unit = unit_id(s.c1.1),
                "C2" => e.unit = unit_id(s.c2.1),
                "C3" => {
                    e.past_units = vec![PastUnit {
                        unit: unit_id(s.c3.1),
                        from: date(2016, 3, 1),
                        to: date(2022, 6, 30),
                    }]
                }
                "C4" => {
                    e.relations = vec![Relation {
                        kind: RelationKind::Collaborator,
                        unit: Some(unit_id(s.c4.1)),
                        application: None,
                        note: "近三年共同承担科研项目".into(),
                    }]
                }
                "C5" => e.unit = unit_id(s.c5.1),
                _ => {
                    e.unit = unit_id(s.c6.2);
                    e.departments = vec![b.recommenders[s.c6.1].id.clone()];
                }
            }
            plan.planted.push(Planted {
                rule: rule.to_string(),
                expert: Some(e.id.clone()),
                application: Some(app_id(*app)),
                ..Planted::default()
            });
            forced.push((order[k], panel_for(b.apps[*app].direction())));
        }
        let (app, unit) = s.near;
        let e = &mut experts[order[6]];
        e.past_units = vec![PastUnit {
            unit: unit_id(unit),
            from: date(2012, 9, 1),
            to: date(2021, 4, 19),
        }];
        plan.near_misses.push(NearMiss {
            kind: "past_unit_beyond_lookback".into(),
            records: vec![e.id.clone(), unit_id(unit), app_id(app)],
            note: "the expert left this member on 2021-04-19, one day more than 3 years \
                   before the review date: C3 must not fire"
                .into(),
        });
        forced.push((order[6], panel_for(b.apps[app].direction())));
    }

    let panels = match assign {
        Assign::All => {
            for e in &mut experts {
                e.fields = fields(&mut rng, &(1..=13).collect::<Vec<u8>>());
            }
            vec![Panel {
                id: "P1".into(),
                name: "综合评审组".into(),
                directions: (1..=13).collect(),
                experts: experts.iter().map(|e| e.id.clone()).collect(),
                reserves: vec![],
            }]
        }
        Assign::Panels => split(&mut rng, &mut experts, &forced),
    };
    (experts, panels)
}

fn fields(rng: &mut Rng, of: &[u8]) -> Vec<u8> {
    let mut f: Vec<u8> = (0..1 + rng.below(3)).map(|_| *rng.pick(of)).collect();
    f.sort_unstable();
    f.dedup();
    f
}

/// Splits experts among the four panels: planted ones onto their application's panel, two
/// reserves per panel when there are enough experts, the rest by each panel's share.
fn split(rng: &mut Rng, experts: &mut [Expert], forced: &[(usize, usize)]) -> Vec<Panel> {
    let mut members: Vec<Vec<usize>> = vec![vec![]; PANELS.len()];
    let mut reserves: Vec<Vec<usize>> = vec![vec![]; PANELS.len()];
    let mut free: Vec<usize> = (0..experts.len())
        .filter(|i| !forced.iter().any(|f| f.0 == *i))
        .collect();
    rng.shuffle(&mut free);
    for &(e, p) in forced {
        members[p].push(e);
    }
    let mut free = free.into_iter();
    if experts.len() >= 24 {
        for r in reserves.iter_mut() {
            r.extend(free.by_ref().take(2));
        }
    }
    for e in free {
        // The panel furthest below its share takes the next expert.
        let p = (0..PANELS.len())
            .min_by_key(|&p| (members[p].len() * 100 / PANELS[p].3, p))
            .unwrap_or(0);
        members[p].push(e);
    }
    PANELS
        .iter()
        .enumerate()
        .map(|(p, (id, name, dirs, _))| {
            for &e in members[p].iter().chain(&reserves[p]) {
                experts[e].fields = fields(rng, dirs);
            }
            let ids = |v: &[usize]| {
                let mut ids: Vec<String> = v.iter().map(|&e| experts[e].id.clone()).collect();
                ids.sort();
                ids
            };
            Panel {
                id: id.to_string(),
                name: name.to_string(),
                directions: dirs.to_vec(),
                experts: ids(&members[p]),
                reserves: ids(&reserves[p]),
            }
        })
        .collect()
}
