//! The bundled campaign `fixtures/campaign-2023/`: it loads cleanly, it is as large and varied
//! as its README says, and the data behind every planted rule case (and nothing else) is
//! there. The rules are read here independently of `src/rules`, from the notice and the
//! README's table, so an edit to the fixture that breaks or adds a case fails this test.

use pingshen::format::load_campaign;
use pingshen::model::{
    Application, BuildStatus, Campaign, Channel, MemberRole, UnitKind, ZoneLevel,
};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn campaign() -> Campaign {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/campaign-2023");
    match load_campaign(&dir) {
        Ok(l) => l.campaign,
        Err(e) => panic!("the bundled campaign does not load:\n{e}"),
    }
}

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100 with the GB 11714 organisation-code check inside it.
fn credit_code_ok(code: &str) -> bool {
    let c: Vec<char> = code.chars().collect();
    if c.len() != 18 || !c.iter().all(|x| ALPHABET.contains(*x)) {
        return false;
    }
    let v11714 = |x: char| x.to_digit(36).unwrap_or(0);
    let s: u32 = c[8..16]
        .iter()
        .zip([3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(x, w)| v11714(*x) * w)
        .sum();
    let org = match 11 - s % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('?'),
    };
    let w = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let s: usize = c[..17]
        .iter()
        .zip(w)
        .map(|(x, w)| ALPHABET.find(*x).unwrap_or(0) * w)
        .sum();
    let check = ALPHABET.chars().nth((31 - s % 31) % 31).unwrap_or('?');
    c[16] == org && c[17] == check
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

fn dice(a: &str, b: &str) -> f64 {
    let (x, mut y) = (bigrams(a), bigrams(b));
    let total = x.len() + y.len();
    if total == 0 {
        return 0.0;
    }
    let mut common = 0;
    for g in &x {
        if let Some(i) = y.iter().position(|h| h == g) {
            y.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

fn letters(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A project name without punctuation, width or a leading 「基于…的」.
fn project_key(name: &str) -> String {
    let n = letters(name);
    match (n.strip_prefix("基于"), n.find('的')) {
        (Some(_), Some(i)) if i <= 3 * 13 => n[i + '的'.len_utf8()..].to_string(),
        _ => n,
    }
}

/// An organisation name without regions and legal-form suffixes.
fn org_key(name: &str, regions: &[String]) -> String {
    let mut n = letters(name);
    let mut rs: Vec<&String> = regions.iter().collect();
    rs.sort_by_key(|r| std::cmp::Reverse(r.chars().count()));
    for r in rs {
        n = n
            .replace(&format!("{r}市"), "")
            .replace(&format!("{r}省"), "")
            .replace(r.as_str(), "");
    }
    for x in ["股份有限公司", "有限责任公司", "有限公司", "集团"] {
        n = n.replace(x, "");
    }
    n
}

type Case = (String, String, String);

fn case(rule: &str, record: &str, expert: &str) -> Case {
    (rule.to_string(), record.to_string(), expert.to_string())
}

/// The notice's rules as README.md states them, over the fixture's data.
fn cases(c: &Campaign) -> BTreeSet<Case> {
    let mut out = BTreeSet::new();
    let s = &c.settings;
    let unit = |id: &str| c.unit(id).unwrap_or_else(|| panic!("unknown unit {id}"));
    let mut per_unit: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for a in &c.applications {
        for u in a.member_units() {
            per_unit.entry(u).or_default().insert(&a.id);
        }
    }
    for a in &c.applications {
        let id = a.id.as_str();
        let rec = c.recommender(&a.recommender).expect("recommender");
        let leads: Vec<&str> = a
            .members
            .iter()
            .filter(|m| m.role == MemberRole::Lead)
            .map(|m| m.unit.as_str())
            .collect();
        let joints = a.members.len() - leads.len();
        if leads.len() != 1 || joints > 2 {
            out.insert(case("E1", id, ""));
        }
        if a.member_units().any(|u| per_unit[u].len() > 2) {
            out.insert(case("E2", id, ""));
        }
        if a.directions.len() != 1 {
            out.insert(case("E3", id, ""));
        }
        if a.prior_national_pilot || a.national_special_funds {
            out.insert(case("E4", id, ""));
        }
        if a.build_status != BuildStatus::Operating {
            out.insert(case("E5", id, ""));
        }
        if a.member_units().map(unit).any(|u| {
            !credit_code_ok(&u.credit_code)
                || u.kind == UnitKind::BranchOffice
                || u.name.ends_with("分公司")
        }) {
            out.insert(case("E7", id, ""));
        }
        let deadline = rec.deadline.unwrap_or(match rec.channel {
            Channel::Regional => s.deadlines.regional,
            Channel::Ministry => s.deadlines.ministry,
        });
        if a.recommended_on > deadline {
            out.insert(case("E9", id, ""));
        }
        let lead = unit(leads[0]);
        if a.directions.contains(&13)
            && !(lead.kind == UnitKind::ZoneOperator
                && lead.zone_level.is_some_and(|z| z >= ZoneLevel::Prefecture))
        {
            out.insert(case("E10", id, ""));
        }
        if rec.channel == Channel::Regional && !rec.jurisdiction.contains(&a.location) {
            out.insert(case("E11", id, ""));
        }
        if rec.channel == Channel::Ministry && lead.managed_by.as_deref() != Some(rec.id.as_str()) {
            out.insert(case("E12", id, ""));
        }
        if a.directions.contains(&12) {
            let kinds: BTreeSet<_> = a.member_units().map(|u| unit(u).kind).collect();
            let split: BTreeSet<_> = a
                .member_units()
                .map(|u| (unit(u).kind, unit(u).leading))
                .collect();
            assert_eq!(
                kinds.len() < 2,
                split.len() < 2,
                "{id}: E13 must not hang on how leading enterprises count"
            );
            if kinds.len() < 2 {
                out.insert(case("E13", id, ""));
            }
        }
    }
    for x in &c.applications {
        for y in &c.applications {
            if x.id < y.id && x.lead() == y.lead() && x.recommender != y.recommender {
                let d = dice(&project_key(&x.name), &project_key(&y.name));
                if d >= 0.8 {
                    assert!(
                        dice(&letters(&x.name), &letters(&y.name)) >= 0.8,
                        "{} / {}: E6 must not hang on 基于…的",
                        x.id,
                        y.id
                    );
                    out.insert(case("E6", &x.id, ""));
                    out.insert(case("E6", &y.id, ""));
                }
            }
        }
    }
    for r in c
        .recommenders
        .iter()
        .filter(|r| r.channel == Channel::Regional)
    {
        let mine: Vec<&Application> = c
            .applications
            .iter()
            .filter(|a| a.recommender == r.id)
            .collect();
        let mut prios: Vec<u32> = mine.iter().map(|a| a.priority).collect();
        prios.sort();
        if mine.len() > 5
            || mine.iter().filter(|a| a.directions.contains(&13)).count() > 2
            || prios != (1..=mine.len() as u32).collect::<Vec<_>>()
        {
            out.insert(case("E8", &r.id, ""));
        }
    }
    let since = s.review_date.years_before(s.limits.conflict_lookback_years);
    for e in &c.experts {
        let eu = unit(&e.unit);
        for a in &c.applications {
            let m: Vec<_> = a.member_units().map(unit).collect();
            let (id, x) = (a.id.as_str(), e.id.as_str());
            if m.iter().any(|u| u.credit_code == eu.credit_code) {
                out.insert(case("C1", id, x));
            }
            if eu.parent.is_some() && m.iter().any(|u| u.parent == eu.parent) {
                out.insert(case("C2", id, x));
            }
            assert!(
                !m.iter()
                    .any(|u| u.parent.as_deref() == Some(&eu.id)
                        || eu.parent.as_deref() == Some(&u.id)),
                "{x}/{id}: a parent-child link would make C2 depend on its reading"
            );
            if e.past_units
                .iter()
                .any(|p| p.to >= since && a.member_units().any(|u| u == p.unit))
            {
                out.insert(case("C3", id, x));
            }
            if e.relations.iter().any(|r| {
                r.application.as_deref() == Some(id)
                    || r.unit
                        .as_deref()
                        .is_some_and(|u| a.member_units().any(|v| v == u))
            }) {
                out.insert(case("C4", id, x));
            }
            for u in &m {
                let linked = u.credit_code == eu.credit_code
                    || (u.parent.is_some() && u.parent == eu.parent);
                let d = dice(
                    &org_key(&u.name, &s.regions),
                    &org_key(&eu.name, &s.regions),
                );
                if !linked && d >= 0.85 {
                    out.insert(case("C5", id, x));
                } else if !linked {
                    assert!(
                        d < 0.8,
                        "{x} / {id}: {} and {} are too close to be a clear miss ({d:.2})",
                        eu.name,
                        u.name
                    );
                }
            }
            if e.departments.contains(&a.recommender) {
                out.insert(case("C6", id, x));
            }
        }
    }
    out
}

/// The README's table of planted cases.
const PLANTED: &[(&str, &str, &str)] = &[
    ("E1", "A005", ""),
    ("E1", "A050", ""),
    ("E2", "A018", ""),
    ("E2", "A022", ""),
    ("E2", "A046", ""),
    ("E3", "A039", ""),
    ("E4", "A041", ""),
    ("E4", "A043", ""),
    ("E5", "A054", ""),
    ("E5", "A056", ""),
    ("E6", "A007", ""),
    ("E6", "A045", ""),
    ("E7", "A009", ""),
    ("E7", "A019", ""),
    ("E8", "rec-gd", ""),
    ("E8", "rec-sc", ""),
    ("E8", "rec-sd", ""),
    ("E8", "rec-zj", ""),
    ("E9", "A021", ""),
    ("E10", "A042", ""),
    ("E10", "A051", ""),
    ("E11", "A048", ""),
    ("E12", "A066", ""),
    ("E13", "A040", ""),
    ("C1", "A052", "EXP11"),
    ("C2", "A012", "EXP02"),
    ("C3", "A058", "EXP03"),
    ("C4", "A003", "EXP01"),
    ("C4", "A004", "EXP28"),
    ("C5", "A059", "EXP12"),
    ("C6", "A026", "EXP19"),
    ("C6", "A027", "EXP19"),
    ("C6", "A028", "EXP19"),
];

#[test]
fn loads_and_is_large_and_varied() {
    let c = campaign();
    assert!(c.units.len() >= 80 && c.experts.len() >= 30 && c.applications.len() >= 60);
    let dirs: BTreeSet<u8> = c
        .applications
        .iter()
        .flat_map(|a| a.directions.iter().copied())
        .collect();
    assert_eq!(dirs, (1..=13).collect());
    let recs: BTreeSet<&str> = c
        .applications
        .iter()
        .map(|a| a.recommender.as_str())
        .collect();
    assert!(
        recs.len() >= 12,
        "{} recommenders send applications",
        recs.len()
    );
    for a in &c.applications {
        for (zh, _, text) in a.sections.titled() {
            assert!(
                text.chars().count() >= 30,
                "{}: section {zh} is too short",
                a.id
            );
        }
    }
    assert!(c.applications.iter().any(|a| !a.documents.is_empty()));
    for k in [
        UnitKind::Enterprise,
        UnitKind::University,
        UnitKind::Institute,
        UnitKind::PublicServicePlatform,
        UnitKind::ZoneOperator,
        UnitKind::BranchOffice,
        UnitKind::Government,
    ] {
        assert!(c.units.iter().any(|u| u.kind == k), "no unit of kind {k:?}");
    }
    let codes: BTreeSet<&str> = c.units.iter().map(|u| u.credit_code.as_str()).collect();
    assert_eq!(codes.len(), c.units.len(), "credit codes must be unique");
    let bad: Vec<&str> = c
        .units
        .iter()
        .filter(|u| !credit_code_ok(&u.credit_code))
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(
        bad,
        ["U028"],
        "only the planted E7 unit has a bad credit code"
    );
}

#[test]
fn planted_cases_and_nothing_else() {
    let got = cases(&campaign());
    let want: BTreeSet<Case> = PLANTED.iter().map(|(r, a, x)| case(r, a, x)).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    let missing: Vec<_> = want.difference(&got).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "unplanted: {extra:?}\nmissing: {missing:?}"
    );
}

#[test]
fn near_misses_stay_near() {
    let c = campaign();
    let count = |r: &str| c.applications.iter().filter(|a| a.recommender == r).count();
    assert_eq!(count("rec-js"), 5, "a recommender with exactly the limit");
    assert_eq!(
        c.applications
            .iter()
            .filter(|a| a.recommender == "rec-js" && a.directions == [13])
            .count(),
        2
    );
    let in_apps = |u: &str| {
        c.applications
            .iter()
            .filter(|a| a.member_units().any(|m| m == u))
            .count()
    };
    assert_eq!(in_apps("U011"), 2, "a unit in exactly two applications");
    let (a13, a26) = (
        c.application("A013").unwrap(),
        c.application("A026").unwrap(),
    );
    assert!(
        dice(&project_key(&a13.name), &project_key(&a26.name)) >= 0.8 && a13.lead() != a26.lead()
    );
    let a047 = c.application("A047").unwrap();
    assert_eq!(
        (a047.recommender.as_str(), a047.location.as_str()),
        ("rec-caac-hd", "山东")
    );
    assert_eq!(
        c.unit("U032").and_then(|u| u.zone_level),
        Some(ZoneLevel::Prefecture)
    );
    let ex04 = c.expert("EXP04").unwrap();
    assert!(ex04
        .past_units
        .iter()
        .any(|p| p.unit == "U040" && p.to < c.settings.review_date.years_before(3)));
    assert_eq!(
        c.application("A062").unwrap().recommended_on,
        c.settings.deadlines.ministry
    );
}

#[test]
fn demo_expert_has_one_conflict_and_work_to_do() {
    let c = campaign();
    let demo = c.settings.demo_expert.clone().expect("demo_expert");
    let panel = c
        .panels_of(&demo)
        .next()
        .expect("the demo expert sits on a panel");
    let apps: Vec<&str> = c
        .applications
        .iter()
        .filter(|a| panel.directions.contains(&a.direction()))
        .map(|a| a.id.as_str())
        .collect();
    let conflicts: Vec<Case> = cases(&c)
        .into_iter()
        .filter(|(_, a, x)| *x == demo && apps.contains(&a.as_str()))
        .collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(apps.len() >= 5);
    for p in &c.settings.panels {
        assert!(
            (5..=8).contains(&p.experts.len()) && !p.reserves.is_empty(),
            "panel {}",
            p.id
        );
    }
}

// ---------------------------------------------------------------------- intake samples

mod intake {
    use super::*;
    use calamine::{open_workbook_auto, Data, Reader};
    use pingshen::model::{Date, Document, Member, Sections, Unit, DIRECTIONS, INDUSTRIES};
    use serde::Deserialize;

    /// The structured 申报书, as fixtures/intake-2023/README.md describes it.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Filing {
        id: String,
        name: String,
        directions: Vec<u8>,
        industry: String,
        build_status: BuildStatus,
        #[serde(default)]
        prior_national_pilot: bool,
        #[serde(default)]
        national_special_funds: bool,
        members: Vec<Member>,
        #[serde(default)]
        new_units: Vec<Unit>,
        sections: Sections,
        #[serde(default)]
        documents: Vec<Document>,
    }

    fn dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/intake-2023")
    }

    fn text(d: &Data) -> String {
        match d {
            Data::String(s) => s.trim().to_string(),
            Data::Float(f) => format!("{f}"),
            Data::Int(i) => i.to_string(),
            _ => String::new(),
        }
    }

    /// Excel's serial day (1 = 1900-01-01, with its phantom 1900-02-29) or typed text.
    fn date(d: &Data) -> Date {
        let serial = match d {
            Data::DateTime(x) => x.as_f64() as i64,
            Data::Float(f) => *f as i64,
            other => return text(other).parse().expect("a date"),
        };
        // Days since 1970-01-01, then Howard Hinnant's civil-from-days.
        let z = serial - 25569 + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day).expect("a calendar date")
    }

    /// Every row of the three summary tables becomes an application, except the two planted
    /// bad rows; the new applications trigger no rule and leave the planted cases as they are.
    #[test]
    fn intake_samples_are_complete_and_clean() {
        let mut c = campaign();
        let mut refused = vec![];
        let mut taken = 0;
        for file in ["tianjin.xlsx", "hunan.xlsx", "mwr.xlsx"] {
            let mut wb = open_workbook_auto(dir().join(file)).expect("workbook");
            let name = wb.sheet_names()[0].clone();
            let range = wb.worksheet_range(&name).expect("sheet");
            let rows: Vec<&[Data]> = range.rows().collect();
            assert_eq!(text(&rows[0][0]), "推荐项目汇总表");
            let header: Vec<String> = rows[1].iter().map(text).collect();
            assert_eq!(header[..3], ["序号", "推荐单位", "推荐排序"]);
            assert_eq!(header[11], "推荐日期");
            for r in &rows[2..] {
                let project = text(&r[3]);
                let direction = DIRECTIONS.iter().find(|d| d.zh == text(&r[4]));
                let path = dir().join("申报书").join(format!("{project}.toml"));
                let Some(direction) = direction else {
                    refused.push(format!("{project}: direction"));
                    continue;
                };
                let Ok(src) = std::fs::read_to_string(&path) else {
                    refused.push(format!("{project}: 申报书"));
                    continue;
                };
                let f: Filing =
                    toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(f.name, project);
                assert_eq!(f.directions, [direction.code], "{project}");
                let rec = c
                    .recommenders
                    .iter()
                    .find(|x| x.name == text(&r[1]))
                    .expect("recommender")
                    .id
                    .clone();
                let industry = INDUSTRIES
                    .iter()
                    .find(|i| i.1 == text(&r[8]))
                    .expect("industry")
                    .0;
                assert_eq!(f.industry, industry, "{project}");
                for d in &f.documents {
                    let bytes = std::fs::read(dir().join(&d.file)).expect("document");
                    assert_eq!(
                        hex::encode(<sm3::Sm3 as sm3::Digest>::digest(&bytes)),
                        d.sm3
                    );
                }
                for u in f.new_units {
                    assert!(c.unit(&u.id).is_none(), "{} is not new", u.id);
                    c.units.push(u);
                }
                c.reindex();
                let lead = f
                    .members
                    .iter()
                    .find(|m| m.role == MemberRole::Lead)
                    .expect("lead");
                assert_eq!(
                    c.unit(&lead.unit).map(|u| u.name.as_str()),
                    Some(text(&r[5]).as_str())
                );
                let joints: Vec<String> = f
                    .members
                    .iter()
                    .filter(|m| m.role == MemberRole::Joint)
                    .filter_map(|m| c.unit(&m.unit))
                    .map(|u| u.name.clone())
                    .collect();
                assert_eq!(joints.join("、"), text(&r[6]), "{project}");
                assert!(
                    c.application(&f.id).is_none(),
                    "{} already in the campaign",
                    f.id
                );
                let on = date(&r[11]);
                assert!(
                    on.to_string().starts_with("2024-0"),
                    "{project}: 推荐日期 {on}"
                );
                c.applications.push(Application {
                    id: f.id,
                    name: f.name,
                    directions: f.directions,
                    recommender: rec,
                    priority: text(&r[2]).parse().expect("推荐排序"),
                    recommended_on: on,
                    location: text(&r[7]),
                    industry: f.industry,
                    build_status: f.build_status,
                    prior_national_pilot: f.prior_national_pilot,
                    national_special_funds: f.national_special_funds,
                    members: f.members,
                    sections: f.sections,
                    documents: f.documents,
                });
                c.reindex();
                taken += 1;
            }
        }
        refused.sort();
        assert_eq!(
            refused,
            [
                "天津滨海网络安全产业创新示范区: 申报书",
                "湘江数据要素流通安全平台: direction"
            ]
        );
        assert_eq!(taken, 6);
        for a in c.applications.iter().filter(|a| a.id.as_str() > "A100") {
            for u in a.member_units() {
                assert!(c.unit(u).is_some(), "{}: unknown unit {u}", a.id);
            }
        }
        let want: BTreeSet<Case> = PLANTED.iter().map(|(r, a, x)| case(r, a, x)).collect();
        assert_eq!(cases(&c), want, "the intake samples must be clean");
    }
}
