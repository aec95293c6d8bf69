//! What a generated campaign looks like, checked independently of the rules engine: valid
//! credit codes, consortia within the notice's limits except where a case is planted,
//! names kept apart, and planted experts on the panel that reviews their application.

use pingshen::gen::{generate, Assign, Generated, Options};
use pingshen::keys::Algorithm;
use pingshen::model::{Campaign, Channel, MemberRole, UnitKind, ZoneLevel};
use std::collections::{BTreeMap, BTreeSet};

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100 and the inner GB 11714 check, written from the standards, not from `gen`.
fn code_is_valid(code: &str) -> bool {
    let cs: Vec<char> = code.chars().collect();
    if cs.len() != 18 || cs.iter().any(|c| !ALPHABET.contains(*c)) {
        return false;
    }
    let val = |c: char| ALPHABET.find(c).unwrap_or(0) as u32;
    let mut w = 1u32;
    let mut sum = 0;
    for &c in &cs[..17] {
        sum += val(c) * w;
        w = w * 3 % 31;
    }
    let check = ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize);
    let org: u32 = cs[8..16]
        .iter()
        .zip([3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(c, w)| c.to_digit(36).unwrap_or(99) * w)
        .sum();
    let org_check = match 11 - org % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('?'),
    };
    check == Some(cs[17]) && org_check == cs[16]
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let cs: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

fn dice(a: &str, b: &str) -> usize {
    let (ga, mut gb) = (bigrams(a), bigrams(b));
    let total = ga.len() + gb.len();
    let mut common = 0usize;
    for g in ga {
        if let Some(i) = gb.iter().position(|x| *x == g) {
            gb.swap_remove(i);
            common += 1;
        }
    }
    (200 * common).checked_div(total).unwrap_or(0)
}

/// Legal forms off the end, as organisation names are compared.
fn core(name: &str) -> String {
    let mut s: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    for form in ["股份有限公司", "有限责任公司", "有限公司", "集团"] {
        if let Some(r) = s.strip_suffix(form) {
            s = r.to_string();
        }
    }
    s
}

fn planted(g: &Generated, rule: &str) -> BTreeSet<String> {
    g.manifest
        .planted
        .iter()
        .filter(|p| p.rule == rule)
        .filter_map(|p| p.application.clone())
        .collect()
}

fn campaign(apps: usize, experts: usize, seed: u64) -> Generated {
    generate(&Options {
        apps,
        experts,
        assign: Assign::Panels,
        seed,
        sig: Algorithm::Sm2Sm3,
    })
    .expect("generate")
}

#[test]
fn credit_codes_are_valid_and_unique_but_the_planted_one() {
    let g = campaign(300, 30, 11);
    let c = &g.campaign;
    let bad: Vec<&str> = c
        .units
        .iter()
        .filter(|u| !code_is_valid(&u.credit_code))
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(
        bad.len(),
        1,
        "exactly the planted E7 code is invalid: {bad:?}"
    );
    let e7 = planted(&g, "E7");
    let holder: Vec<&String> = c
        .applications
        .iter()
        .filter(|a| a.member_units().any(|u| u == bad[0]))
        .map(|a| &a.id)
        .collect();
    assert_eq!(holder.len(), 1);
    assert!(e7.contains(holder[0]));
    let codes: BTreeSet<&str> = c.units.iter().map(|u| u.credit_code.as_str()).collect();
    assert_eq!(codes.len(), c.units.len(), "credit codes are unique");
}

#[test]
fn consortia_and_channels_keep_the_notice_except_where_planted() {
    let g = campaign(400, 40, 12);
    let c = &g.campaign;
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &c.applications {
        for u in a.member_units() {
            *uses.entry(u).or_default() += 1;
        }
    }
    let over: Vec<_> = uses.iter().filter(|(_, n)| **n > 2).collect();
    assert_eq!(
        over.len(),
        1,
        "only the planted E2 unit is in more than 2: {over:?}"
    );
    assert_eq!(*over[0].1, 3);
    assert!(
        uses.values().any(|&n| n == 2),
        "some unit sits at the limit of 2"
    );

    let check = |rule: &str, broken: &dyn Fn(&Campaign, &pingshen::model::Application) -> bool| {
        let got: BTreeSet<String> = c
            .applications
            .iter()
            .filter(|a| broken(c, a))
            .map(|a| a.id.clone())
            .collect();
        assert_eq!(got, planted(&g, rule), "{rule}");
    };
    check("E1", &|_, a| {
        a.members
            .iter()
            .filter(|m| m.role == MemberRole::Lead)
            .count()
            != 1
            || a.members
                .iter()
                .filter(|m| m.role == MemberRole::Joint)
                .count()
                > 2
    });
    check("E3", &|_, a| a.directions.len() != 1);
    check("E5", &|_, a| {
        a.build_status != pingshen::model::BuildStatus::Operating
    });
    check("E11", &|c, a| {
        let r = c.recommender(&a.recommender).expect("recommender");
        r.channel == Channel::Regional && !r.jurisdiction.contains(&a.location)
    });
    check("E12", &|c, a| {
        let r = c.recommender(&a.recommender).expect("recommender");
        let lead = a.lead().and_then(|l| c.unit(l)).expect("lead");
        r.channel == Channel::Ministry && lead.managed_by.as_deref() != Some(r.id.as_str())
    });
    check("E10", &|c, a| {
        let lead = a.lead().and_then(|l| c.unit(l)).expect("lead");
        a.directions.contains(&13)
            && !(lead.kind == UnitKind::ZoneOperator
                && lead.zone_level.is_some_and(|l| l >= ZoneLevel::Prefecture))
    });
    check("E13", &|c, a| {
        let kinds: BTreeSet<UnitKind> = a
            .member_units()
            .filter_map(|u| c.unit(u))
            .map(|u| u.kind)
            .collect();
        a.directions.contains(&12) && kinds.len() < 2
    });

    // Regional quotas: only the three planted recommenders break them.
    let mut per: BTreeMap<&str, Vec<&pingshen::model::Application>> = BTreeMap::new();
    for a in &c.applications {
        per.entry(a.recommender.as_str()).or_default().push(a);
    }
    let e8: BTreeSet<String> = g
        .manifest
        .planted
        .iter()
        .filter(|p| p.rule == "E8")
        .filter_map(|p| p.recommender.clone())
        .collect();
    let mut broken = BTreeSet::new();
    for (rec, apps) in &per {
        let r = c.recommender(rec).expect("recommender");
        if r.channel != Channel::Regional {
            continue;
        }
        let mut prios: Vec<u32> = apps.iter().map(|a| a.priority).collect();
        prios.sort_unstable();
        let platform = apps.iter().filter(|a| a.directions.contains(&13)).count();
        if apps.len() > 5 || platform > 2 || prios != (1..=apps.len() as u32).collect::<Vec<_>>() {
            broken.insert(rec.to_string());
        }
    }
    assert_eq!(broken, e8);
    assert!(
        per.values().any(|v| v.len() == 5),
        "a recommender sits at 5"
    );
}

#[test]
fn names_stay_apart() {
    let g = campaign(300, 40, 13);
    let c = &g.campaign;
    let leads: Vec<(&str, String)> = c
        .applications
        .iter()
        .filter_map(|a| a.lead().and_then(|l| c.unit(l)))
        .map(|u| (u.id.as_str(), core(&u.name)))
        .collect();
    for (i, (ua, a)) in leads.iter().enumerate() {
        for (ub, b) in &leads[i + 1..] {
            if ua != ub {
                assert!(dice(a, b) < 80, "lead names too alike: {a} / {b}");
            }
        }
    }
    let c5: BTreeSet<String> = g
        .manifest
        .planted
        .iter()
        .filter(|p| p.rule == "C5")
        .filter_map(|p| p.expert.clone())
        .collect();
    let members: BTreeSet<&str> = c
        .applications
        .iter()
        .flat_map(|a| a.member_units())
        .collect();
    let mut close = 0;
    for e in &c.experts {
        let own = core(&c.unit(&e.unit).expect("unit").name);
        for m in &members {
            if *m == e.unit {
                continue;
            }
            if dice(&own, &core(&c.unit(m).expect("unit").name)) >= 85 {
                assert!(c5.contains(&e.id), "{} looks like member {m}", e.id);
                close += 1;
            }
        }
    }
    assert_eq!(close, 1, "the planted C5 pair, and only it");
}

#[test]
fn planted_experts_sit_on_the_panel_that_reviews_their_application() {
    let g = campaign(120, 16, 14);
    let c = &g.campaign;
    let conflicts: Vec<_> = g
        .manifest
        .planted
        .iter()
        .filter(|p| p.rule.starts_with('C'))
        .collect();
    assert_eq!(conflicts.len(), 6);
    for p in conflicts {
        let (e, a) = (
            p.expert.as_deref().expect("expert"),
            p.application.as_deref().expect("app"),
        );
        let d = c.application(a).expect("app").direction();
        assert!(
            c.panels_of(e).any(|panel| panel.directions.contains(&d)),
            "{} expert {e} is not on the panel for {a}",
            p.rule
        );
    }
}
