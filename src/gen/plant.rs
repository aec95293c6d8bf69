//! Planted rule cases and near misses. Each case starts from a clean application and
//! changes exactly one thing, so it trips its own rule and no other; each near miss sits
//! right at a limit and must trip nothing.

use super::build::{region_index, AppSpec, Builder};
use super::credit_code::with_wrong_check;
use super::settings::{add_days, date, MINISTRY_DEADLINE, REGIONAL_DEADLINE};
use super::vocab::{BUSINESS, FIELDS, REGIONS};
use super::{NearMiss, Planted};
use crate::model::{BuildStatus, UnitKind, ZoneLevel, INNOVATION_PLATFORM};
use crate::rules::normalize::organisation;
use crate::rules::similarity::dice_percent;

/// Applications the planted cases, near misses and conflict cases take.
pub const PLANTED_APPS: usize = 49;

/// What the expert side needs to plant C1–C6 and the past-unit near miss: the application
/// and the record each expert is tied to it by.
pub struct ConflictSetup {
    /// (application, member unit the expert works at)
    pub c1: (usize, usize),
    /// (application, the expert's unit, which shares a parent with a member)
    pub c2: (usize, usize),
    /// (application, member unit the expert left within the look-back)
    pub c3: (usize, usize),
    /// (application, member unit the expert declared a relation with)
    pub c4: (usize, usize),
    /// (application, the expert's unit, named like a member)
    pub c5: (usize, usize),
    /// (application, its recommender, the expert's unit at that department)
    pub c6: (usize, usize, usize),
    /// (application, member unit the expert left just over the look-back ago)
    pub near: (usize, usize),
}

pub struct Plan {
    pub planted: Vec<Planted>,
    pub near_misses: Vec<NearMiss>,
    /// Priorities to set after ranking (the E8 ranking case).
    pub priorities: Vec<(usize, u32)>,
    pub conflicts: Option<ConflictSetup>,
}

fn std_direction(b: &mut Builder) -> u8 {
    1 + b.rng.below(11) as u8
}

/// A regional department (single-region jurisdiction) not yet taken.
fn fresh_rec(b: &mut Builder) -> Option<usize> {
    b.take_regional(|dept, _| dept.is_some())
}

fn rec_region(b: &mut Builder, rec: usize) -> usize {
    let j = b.recommenders[rec].jurisdiction.clone();
    region_index(&j[b.rng.below(j.len())])
}

fn spec(rec: usize, direction: u8, region: usize) -> AppSpec {
    AppSpec {
        rec,
        direction,
        region,
        joints: None,
        lead: None,
    }
}

/// A clean application through a fresh department, with `joints` joint members.
fn clean(b: &mut Builder, joints: Option<usize>) -> Option<usize> {
    let rec = fresh_rec(b)?;
    let region = rec_region(b, rec);
    let d = std_direction(b);
    Some(b.application(AppSpec {
        joints,
        ..spec(rec, d, region)
    }))
}

impl Plan {
    fn app(&mut self, b: &Builder, rule: &str, app: usize) {
        self.planted.push(Planted {
            rule: rule.into(),
            application: Some(b.apps[app].id.clone()),
            ..Planted::default()
        });
    }
    fn rec(&mut self, b: &Builder, rule: &str, rec: usize) {
        self.planted.push(Planted {
            rule: rule.into(),
            recommender: Some(b.recommenders[rec].id.clone()),
            ..Planted::default()
        });
    }
    fn near(&mut self, kind: &str, records: Vec<String>, note: &str) {
        self.near_misses.push(NearMiss {
            kind: kind.into(),
            records,
            note: note.into(),
        });
    }
}

/// Plants one case of each formal-review rule, the near misses, and (when `experts`) the
/// applications the conflict cases need. `None` only if the recommender pool ran dry.
pub fn plant(b: &mut Builder, experts: bool) -> Option<Plan> {
    b.planting = true;
    let mut p = Plan {
        planted: vec![],
        near_misses: vec![],
        priorities: vec![],
        conflicts: None,
    };
    let start = b.apps.len();
    formal(b, &mut p)?;
    near_misses(b, &mut p)?;
    if experts {
        p.conflicts = Some(conflict_apps(b)?);
    } else {
        // Keep the count of planted applications fixed whether or not experts are planted.
        for _ in 0..7 {
            clean(b, None)?;
        }
    }
    debug_assert_eq!(b.apps.len() - start, PLANTED_APPS);
    b.planting = false;
    Some(p)
}

fn formal(b: &mut Builder, p: &mut Plan) -> Option<()> {
    // E1: three joint units.
    let a = clean(b, Some(2))?;
    let u = b.enterprise(b.region_of_app(a));
    b.add_joint(a, u);
    p.app(b, "E1", a);

    // E2: one unit joins three applications; each of them is reported.
    let r = b.rng.below(REGIONS.len());
    let u = b.enterprise(r);
    for _ in 0..3 {
        let a = clean(b, Some(1))?;
        b.add_joint(a, u);
        p.app(b, "E2", a);
    }

    // E3: two directions.
    let a = clean(b, None)?;
    let d = b.apps[a].directions[0];
    let other = if d == 11 { 1 } else { d + 1 };
    b.apps[a].directions = vec![d, other];
    p.app(b, "E3", a);

    // E4: already a national pilot, or already funded.
    let a = clean(b, None)?;
    if b.rng.chance(50) {
        b.apps[a].prior_national_pilot = true;
    } else {
        b.apps[a].national_special_funds = true;
    }
    p.app(b, "E4", a);

    // E5: not yet in operation.
    let a = clean(b, None)?;
    b.apps[a].build_status = if b.rng.chance(50) {
        BuildStatus::UnderConstruction
    } else {
        BuildStatus::Planned
    };
    p.app(b, "E5", a);

    // E6: the same project through two departments of one region.
    let rec_a = fresh_rec(b)?;
    let region = rec_region(b, rec_a);
    let here = REGIONS[region].short.to_string();
    let rec_b = b.take_regional(|dept, j| dept.is_some() && j == [here.clone()])?;
    let d = std_direction(b);
    let a1 = b.application(AppSpec {
        joints: Some(1),
        ..spec(rec_a, d, region)
    });
    let a2 = b.duplicate(a1, rec_b);
    p.app(b, "E6", a1);
    p.app(b, "E6", a2);

    // E7: a member whose credit code fails its check character; a branch office.
    let a = clean(b, Some(1))?;
    let u = b.enterprise(b.region_of_app(a));
    b.units[u].credit_code = with_wrong_check(&b.units[u].credit_code);
    b.add_joint(a, u);
    p.app(b, "E7", a);
    let a = clean(b, Some(1))?;
    let u = branch_office(b, b.region_of_app(a));
    b.add_joint(a, u);
    p.app(b, "E7", a);

    // E8: six applications; three in direction 13; a ranking with a gap.
    let rec = fresh_rec(b)?;
    for _ in 0..6 {
        let (d, r) = (std_direction(b), rec_region(b, rec));
        b.application(spec(rec, d, r));
    }
    p.rec(b, "E8", rec);
    let rec = fresh_rec(b)?;
    for _ in 0..3 {
        let r = rec_region(b, rec);
        b.application(spec(rec, INNOVATION_PLATFORM, r));
    }
    p.rec(b, "E8", rec);
    let rec = fresh_rec(b)?;
    for priority in [1, 3] {
        let (d, r) = (std_direction(b), rec_region(b, rec));
        let a = b.application(spec(rec, d, r));
        p.priorities.push((a, priority));
    }
    p.rec(b, "E8", rec);

    // E9: recommended after the regional deadline.
    let a = clean(b, None)?;
    let (y, m, d) = REGIONAL_DEADLINE;
    b.apps[a].recommended_on = add_days(date(y, m, d), 1 + b.rng.below(10) as i64);
    p.app(b, "E9", a);

    // E10: direction 13 led by a county-level zone operator.
    let rec = fresh_rec(b)?;
    let r = rec_region(b, rec);
    let lead = b.zone_operator(r, ZoneLevel::County);
    let a = b.application(AppSpec {
        lead: Some(lead),
        ..spec(rec, INNOVATION_PLATFORM, r)
    });
    p.app(b, "E10", a);

    // E11: located outside the department's region.
    let rec = fresh_rec(b)?;
    let r = rec_region(b, rec);
    let outside = (r + 1 + b.rng.below(REGIONS.len() - 1)) % REGIONS.len();
    let d = std_direction(b);
    let a = b.application(spec(rec, d, outside));
    p.app(b, "E11", a);

    // E12: a ministry channel whose lead that ministry does not manage.
    let m = b.ministries.start + b.rng.below(b.ministries.len());
    let lead = b.enterprise(region_index("北京"));
    let d = std_direction(b);
    let a = b.application(AppSpec {
        lead: Some(lead),
        ..spec(m, d, 0)
    });
    p.app(b, "E12", a);

    // E13: a direction-12 consortium of enterprises only.
    let rec = fresh_rec(b)?;
    let r = rec_region(b, rec);
    let lead = b.enterprise(r);
    b.units[lead].leading = true;
    let a = b.application(AppSpec {
        lead: Some(lead),
        joints: Some(0),
        ..spec(rec, 12, r)
    });
    for _ in 0..1 + b.rng.below(2) {
        let u = b.enterprise(r);
        b.add_joint(a, u);
    }
    p.app(b, "E13", a);
    Some(())
}

/// A branch office (分公司) with a valid credit code of its own.
fn branch_office(b: &mut Builder, region: usize) -> usize {
    loop {
        let (place, code) = b.place(region);
        let (brand, business) = b.brand();
        let name = format!("{brand}{business}有限公司{place}分公司");
        if !b.name_is_near(&name) {
            return b.add_unit(name, UnitKind::BranchOffice, region, code, "91", true);
        }
    }
}

fn near_misses(b: &mut Builder, p: &mut Plan) -> Option<()> {
    let ids = |b: &Builder, apps: &[usize]| -> Vec<String> {
        apps.iter().map(|&a| b.apps[a].id.clone()).collect()
    };

    // A department at its quota of five.
    let rec = fresh_rec(b)?;
    let apps: Vec<usize> = (0..5)
        .map(|_| {
            let (d, r) = (std_direction(b), rec_region(b, rec));
            b.application(spec(rec, d, r))
        })
        .collect();
    let mut records = vec![b.recommenders[rec].id.clone()];
    records.extend(ids(b, &apps));
    p.near(
        "recommender_at_quota",
        records,
        "exactly 5 applications, the most E8 allows",
    );

    // Two direction-13 applications, both led by prefecture-level zone operators.
    let rec = fresh_rec(b)?;
    let mut apps = vec![];
    for _ in 0..2 {
        let r = rec_region(b, rec);
        let lead = b.zone_operator(r, ZoneLevel::Prefecture);
        apps.push(b.application(AppSpec {
            lead: Some(lead),
            ..spec(rec, INNOVATION_PLATFORM, r)
        }));
    }
    let mut records = vec![b.recommenders[rec].id.clone()];
    records.extend(ids(b, &apps));
    p.near(
        "recommender_at_platform_quota",
        records,
        "exactly 2 direction-13 applications, the most E8 allows",
    );
    let lead = b.lead_of(apps[0]);
    p.near(
        "prefecture_zone_lead",
        vec![b.apps[apps[0]].id.clone(), b.units[lead].id.clone()],
        "direction 13 led by a prefecture-level zone operator: E10 must not fire",
    );

    // A unit in exactly two applications.
    let r = b.rng.below(REGIONS.len());
    let u = b.enterprise(r);
    let mut apps = vec![];
    for _ in 0..2 {
        let a = clean(b, Some(1))?;
        b.add_joint(a, u);
        apps.push(a);
    }
    let mut records = vec![b.units[u].id.clone()];
    records.extend(ids(b, &apps));
    p.near(
        "unit_in_two_applications",
        records,
        "a unit in exactly 2 applications, the most E2 allows",
    );

    // Near-identical project names with different lead units.
    let a1 = clean(b, None)?;
    let a2 = clean(b, None)?;
    b.apps[a2].name = format!("{}项目", b.apps[a1].name);
    b.note_project_name(&b.apps[a2].name.clone());
    p.near(
        "similar_names_different_leads",
        ids(b, &[a1, a2]),
        "project names alike but lead units differ: E6 must not fire",
    );

    // Recommended on the deadline day itself, in both channels.
    let a = clean(b, None)?;
    let (y, m, d) = REGIONAL_DEADLINE;
    b.apps[a].recommended_on = date(y, m, d);
    p.near(
        "recommended_on_deadline",
        ids(b, &[a]),
        "recommended on the regional deadline: E9 must not fire",
    );
    let m = b.ministries.start + b.rng.below(b.ministries.len());
    let d = std_direction(b);
    let a = b.application(spec(m, d, 0));
    let (y, mo, dd) = MINISTRY_DEADLINE;
    b.apps[a].recommended_on = date(y, mo, dd);
    p.near(
        "recommended_on_deadline",
        ids(b, &[a]),
        "ministry channel, recommended on its deadline, lead managed by that ministry: E9 and E12 must not fire",
    );

    // A direction-12 consortium with exactly two kinds of member.
    let rec = fresh_rec(b)?;
    let r = rec_region(b, rec);
    let a = b.application(AppSpec {
        joints: Some(1),
        ..spec(rec, 12, r)
    });
    p.near(
        "education_two_kinds",
        ids(b, &[a]),
        "direction 12 with exactly two kinds of member: E13 must not fire",
    );

    // A member with a parent group that no expert belongs to.
    let a = clean(b, Some(0))?;
    let lead = b.lead_of(a);
    let parent = b.parent_group(lead);
    p.near(
        "member_with_parent_group",
        vec![
            b.apps[a].id.clone(),
            b.units[lead].id.clone(),
            b.units[parent].id.clone(),
        ],
        "a member with a parent group no expert's unit is under: C2 must not fire",
    );
    Some(())
}

/// The applications and units the conflict cases hang on.
fn conflict_apps(b: &mut Builder) -> Option<ConflictSetup> {
    // C1: the expert works at a member (a university joining the consortium).
    let a1 = clean(b, Some(0))?;
    let u1 = super::experts::expert_university(b, b.region_of_app(a1));
    b.add_joint(a1, u1);

    // C2: the expert's institute and a member company belong to one group.
    let a2 = clean(b, Some(0))?;
    let r2 = b.region_of_app(a2);
    let member = b.enterprise(r2);
    b.add_joint(a2, member);
    let group = b.parent_group(member);
    let inst = loop {
        let (place, code) = b.place(r2);
        let (brand, _) = b.brand();
        let name = format!("{place}{brand}{}研究所", b.rng.pick(&FIELDS));
        if b.name_is_free(&name) {
            break b.add_unit(name, UnitKind::Institute, r2, code, "12", true);
        }
    };
    b.units[inst].parent = Some(b.units[group].id.clone());

    // C3: the expert left a member within the look-back.
    let a3 = clean(b, Some(0))?;
    let u3 = b.institute(b.region_of_app(a3));
    b.add_joint(a3, u3);

    // C4: the expert declared a relation with the lead unit.
    let a4 = clean(b, None)?;
    let u4 = b.lead_of(a4);

    // C5: 北京X科技有限公司 works for the expert, X科技（北京）有限公司 joins the application.
    let a5 = clean(b, Some(0))?;
    let beijing = region_index("北京");
    let (member, own) = loop {
        let (brand, _) = b.brand();
        let business = *b.rng.pick(&BUSINESS);
        let member = format!("{brand}{business}（北京）有限公司");
        let own = format!("北京{brand}{business}有限公司");
        let pct = dice_percent(&organisation(&member), &organisation(&own));
        if pct >= 85 && b.name_is_free(&member) && b.name_is_free(&own) {
            break (member, own);
        }
    };
    let u5 = b.add_unit(member, UnitKind::Enterprise, beijing, "110108", "91", true);
    b.add_joint(a5, u5);
    let e5 = b.add_unit(own, UnitKind::Enterprise, beijing, "110108", "91", true);

    // C6: the expert belongs to the recommending department.
    let rec6 = b.take_regional(|dept, _| dept == Some(0))?;
    let r6 = rec_region(b, rec6);
    let d = std_direction(b);
    let a6 = b.application(spec(rec6, d, r6));
    let name = b.recommenders[rec6].name.clone();
    let code = REGIONS[r6].places[0].1;
    let g6 = b.add_unit(name, UnitKind::Government, r6, code, "11", true);

    // Near miss: the expert left a member one day before the look-back began.
    let a7 = clean(b, None)?;
    let u7 = b.lead_of(a7);
    Some(ConflictSetup {
        c1: (a1, u1),
        c2: (a2, inst),
        c3: (a3, u3),
        c4: (a4, u4),
        c5: (a5, e5),
        c6: (a6, rec6, g6),
        near: (a7, u7),
    })
}
