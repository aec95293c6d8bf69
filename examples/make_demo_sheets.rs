//! Makes the bundled campaign's demonstration keys and signed sheets, byte for byte the same
//! on every run: `cargo run --example make_demo_sheets`.
//!
//! Writes `fixtures/campaign-2023/keys.toml` (every expert, one chair, one secretariat),
//! their private keys under `fixtures/demo-keys/` (DEMO ONLY: the seeds are in this file),
//! and one signed round-1 sheet per panel expert under `fixtures/demo-sheets/`, except the
//! demo expert, whose session in `demo` still has its work to do.
//!
//! What the panels did: experts score the applications the review layer assigns them
//! (`Review::assigned`), never a blocked pair, and, more cautiously than the rules, nothing
//! that touches their own, past or related organisations or their parent groups; some are
//! lenient and some strict; on one application per panel the panel splits; one expert leaves
//! an assignment unscored, another leaves one criterion open, and one declares a conflict.

use pingshen::format::load_campaign;
use pingshen::keys::{Algorithm, KeyPair, PrivateKey};
use pingshen::model::{Application, Campaign, Role};
use pingshen::review::{pledge_text_sm3, Review};
use pingshen::sheet::{
    sheet_file_bytes, sign_sheet, SheetBody, SheetDeclaration, SheetPledge, SheetScore,
    SHEET_FORMAT,
};
use pingshen::store::Store;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

pub const CHAIR: &str = "CH01";
pub const SECRETARIAT: &str = "SEC01";

/// The demo key of `id`: SM2 from a seed anyone can recompute, which is why it is for
/// demonstration only.
fn demo_key(id: &str, role: Role) -> Result<PrivateKey, Box<dyn Error>> {
    use sm3::{Digest, Sm3};
    let seed: [u8; 32] = Sm3::digest(format!("pingshen demo key {id}").as_bytes()).into();
    Ok(PrivateKey::new(
        id,
        role,
        KeyPair::from_seed(Algorithm::Sm2Sm3, seed)?,
    )?)
}

/// Every organisation an expert is tied to: current, past, related, and their parent chains.
fn ties(c: &Campaign, expert: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(e) = c.expert(expert) {
        out.insert(e.unit.clone());
        out.extend(e.past_units.iter().map(|p| p.unit.clone()));
        out.extend(e.relations.iter().filter_map(|r| r.unit.clone()));
    }
    with_parents(c, out)
}

fn with_parents(c: &Campaign, mut set: BTreeSet<String>) -> BTreeSet<String> {
    let mut todo: Vec<String> = set.iter().cloned().collect();
    while let Some(id) = todo.pop() {
        if let Some(p) = c.unit(&id).and_then(|u| u.parent.clone()) {
            if set.insert(p.clone()) {
                todo.push(p);
            }
        }
    }
    set
}

/// A wider net than C1 to C4: any shared unit, credit code or parent group, or a relation
/// naming the application. Leaving such an application unscored is always safe.
fn touches(c: &Campaign, expert: &str, app: &Application) -> bool {
    let mine = ties(c, expert);
    let codes: BTreeSet<&str> = mine
        .iter()
        .filter_map(|u| c.unit(u).map(|u| u.credit_code.as_str()))
        .collect();
    let theirs = with_parents(c, app.member_units().map(str::to_string).collect());
    let related = c.expert(expert).is_some_and(|e| {
        e.relations
            .iter()
            .any(|r| r.application.as_deref() == Some(app.id.as_str()))
    });
    related
        || theirs.iter().any(|u| {
            mine.contains(u)
                || c.unit(u)
                    .is_some_and(|u| codes.contains(u.credit_code.as_str()))
        })
}

/// GB 32100-2015: length, alphabet and check digit of a unified social credit code.
fn credit_code_ok(code: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let values: Option<Vec<usize>> = code.chars().map(|ch| ALPHABET.find(ch)).collect();
    match values {
        Some(v) if v.len() == 18 => {
            let sum: usize = v[..17].iter().zip(WEIGHTS).map(|(a, w)| a * w).sum();
            (31 - sum % 31) % 31 == v[17]
        }
        _ => false,
    }
}

/// The blocking formal-review rules (E1 to E7, E11 to E13), read plainly: an application
/// failing one is not shown to the panels. When the rules engine weighs eligibility, the
/// review layer says the same and this only repeats it.
fn looks_clean(c: &Campaign, app: &Application) -> bool {
    use pingshen::model::{BuildStatus, Channel, MemberRole, UnitKind};
    let leads = app
        .members
        .iter()
        .filter(|m| m.role == MemberRole::Lead)
        .count();
    let joints = app.members.len() - leads;
    let per_unit = |u: &str| {
        c.applications
            .iter()
            .filter(|a| a.member_units().any(|m| m == u))
            .count() as u32
    };
    let units: Vec<_> = app.member_units().filter_map(|u| c.unit(u)).collect();
    let Some(rec) = c.recommender(&app.recommender) else {
        return false;
    };
    let lead = app.lead().and_then(|u| c.unit(u));
    let kinds: BTreeSet<(UnitKind, bool)> = units.iter().map(|u| (u.kind, u.leading)).collect();
    leads == 1
        && joints as u32 <= c.settings.limits.max_joint_units
        && app
            .member_units()
            .all(|u| per_unit(u) <= c.settings.limits.max_applications_per_unit)
        && app.directions.len() == 1
        && !app.prior_national_pilot
        && !app.national_special_funds
        && app.build_status == BuildStatus::Operating
        && units.len() == app.members.len()
        && units.iter().all(|u| {
            u.kind != UnitKind::BranchOffice
                && !u.name.ends_with("分公司")
                && credit_code_ok(&u.credit_code)
        })
        && match rec.channel {
            Channel::Regional => rec.jurisdiction.contains(&app.location),
            Channel::Ministry => {
                lead.and_then(|l| l.managed_by.as_deref()) == Some(rec.id.as_str())
            }
        }
        && (app.direction() != 12
            || kinds.len() as u32 >= c.settings.limits.min_member_kinds_education)
        && !suspected_duplicate(c, app)
}

/// E6, read plainly: the same lead unit through another channel with a near-identical
/// project name (Dice over character pairs, after NFKC and without a leading 基于…的).
fn suspected_duplicate(c: &Campaign, app: &Application) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    let norm = |name: &str| -> Vec<char> {
        let n: String = name.nfkc().filter(|ch| ch.is_alphanumeric()).collect();
        let n = match (n.strip_prefix("基于"), n.find('的')) {
            (Some(_), Some(at)) if at <= 3 * 13 => n[at + '的'.len_utf8()..].to_string(),
            _ => n,
        };
        n.chars().collect()
    };
    let dice = |a: &[char], b: &[char]| {
        let pa: Vec<_> = a.windows(2).collect();
        let mut pb: Vec<_> = b.windows(2).collect();
        let total = pa.len() + pb.len();
        let mut common = 0;
        for g in pa {
            if let Some(i) = pb.iter().position(|h| *h == g) {
                pb.swap_remove(i);
                common += 1;
            }
        }
        total > 0 && common * 100 * 2 >= total * c.settings.limits.near_duplicate_percent as usize
    };
    let mine = norm(&app.name);
    c.applications.iter().any(|o| {
        o.id != app.id
            && o.recommender != app.recommender
            && o.lead().is_some()
            && o.lead() == app.lead()
            && dice(&mine, &norm(&o.name))
    })
}

/// A deterministic number in 0..n from a label.
fn pick(label: &str, n: u64) -> u64 {
    use sm3::{Digest, Sm3};
    let d = Sm3::digest(label.as_bytes());
    u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]) % n.max(1)
}

/// An application's merit as the panel would broadly see it, 55% to 92% of the maximum.
fn merit(app: &str) -> i64 {
    55 + pick(&format!("merit {app}"), 38) as i64
}

/// How an expert leans, in percentage points: the two lenient and two strict experts of
/// the demo, the rest close to the middle.
fn lean(expert: &str) -> i64 {
    match expert {
        "EXP03" | "EXP13" | "EXP22" => 7,
        "EXP05" | "EXP16" | "EXP30" => -9,
        _ => pick(&format!("lean {expert}"), 7) as i64 - 3,
    }
}

const COMMENTS_HIGH: [&str; 4] = [
    "技术路线清晰，核心技术自主可控，应用成效有第三方测评支撑，示范意义突出。",
    "在行业内已规模化部署，指标先进，推广路径明确。",
    "创新点突出，已形成发明专利和标准成果，建议重点推荐。",
    "方案成熟度高，运行数据翔实，可复制性强。",
];
const COMMENTS_MID: [&str; 4] = [
    "方案总体可行，但创新点与现有产品区分不够明显。",
    "应用成效描述较充分，推广前景的论证略显薄弱。",
    "技术指标达到国内先进水平，建议补充第三方测试报告。",
    "集成应用为主，在本行业有一定示范价值。",
];
const COMMENTS_LOW: [&str; 3] = [
    "创新性不足，主要为现有技术的集成，缺乏支撑材料。",
    "运行时间较短，应用成效数据不足以支撑结论。",
    "推广模式不清晰，对同类场景的借鉴意义有限。",
];

fn comment(expert: &str, app: &str, percent: i64) -> String {
    let label = format!("comment {expert} {app}");
    let list: &[&str] = if percent >= 82 {
        &COMMENTS_HIGH
    } else if percent >= 66 {
        &COMMENTS_MID
    } else {
        &COMMENTS_LOW
    };
    list[pick(&label, list.len() as u64) as usize].to_string()
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let campaign_dir = root.join("fixtures/campaign-2023");
    let keys_dir = root.join("fixtures/demo-keys");
    let sheets_dir = root.join("fixtures/demo-sheets");
    let loaded = load_campaign(&campaign_dir).map_err(|e| e.to_string())?;
    let c = loaded.campaign;

    // Keys.
    let mut keys = vec![];
    for e in &c.experts {
        keys.push(demo_key(&e.id, Role::Expert)?);
    }
    keys.push(demo_key(CHAIR, Role::Chair)?);
    keys.push(demo_key(SECRETARIAT, Role::Secretariat)?);
    let mut toml = String::from(
        "# DEMO ONLY: public keys of the bundled campaign's experts, chair and secretariat.\n\
         # Their private keys are in fixtures/demo-keys/ and their seeds in\n\
         # examples/make_demo_sheets.rs, which writes this file. Never use them for a real review.\n\n",
    );
    let entries: Vec<String> = keys.iter().map(PrivateKey::keys_toml_entry).collect();
    toml.push_str(&entries.join("\n"));
    std::fs::write(campaign_dir.join("keys.toml"), toml)?;
    std::fs::create_dir_all(&keys_dir)?;
    for k in &keys {
        write_private(
            &keys_dir.join(format!("{}.key", k.id)),
            &k.to_file_bytes(None)?,
        )?;
    }

    // The review layer's view of who scores what.
    let tmp = tempfile::tempdir()?;
    let store = Store::create(
        &tmp.path().join("store"),
        &c,
        None,
        &[],
        None,
        "2024-04-20T00:00:00Z",
    )?;
    let review = Review::open(store, pingshen::i18n::Lang::Zh)?;
    let demo = c.settings.demo_expert.clone().unwrap_or_default();
    std::fs::create_dir_all(&sheets_dir)?;
    for old in std::fs::read_dir(&sheets_dir)? {
        let p = old?.path();
        if p.extension().is_some_and(|x| x == "json") {
            std::fs::remove_file(p)?;
        }
    }
    let mut written = 0;
    for (pi, panel) in c.settings.panels.iter().enumerate() {
        let members: Vec<&String> = panel.experts.iter().filter(|e| **e != demo).collect();
        // The application this panel splits on: a mid-table one every member, the demo
        // expert included, may score.
        let shared: Vec<&Application> = review
            .assigned(members[0])
            .into_iter()
            .filter(|a| {
                looks_clean(&c, a)
                    && panel
                        .experts
                        .iter()
                        .all(|e| !review.eligibility.is_blocked(e, &a.id) && !touches(&c, e, a))
                    && (65..=80).contains(&merit(&a.id))
            })
            .collect();
        let split = shared
            .get(pick(&format!("split {}", panel.id), shared.len() as u64) as usize)
            .map(|a| a.id.clone());
        for (ei, expert) in members.iter().enumerate() {
            let key = keys
                .iter()
                .find(|k| k.id == **expert)
                .ok_or("a panel names an expert without a key")?;
            let mut apps: Vec<&Application> = review
                .assigned(expert)
                .into_iter()
                .filter(|a| {
                    looks_clean(&c, a)
                        && !review.eligibility.is_blocked(expert, &a.id)
                        && !touches(&c, expert, a)
                })
                .collect();
            let mut declarations = vec![];
            // Panel 2's third expert declares a tie found while reading.
            if pi == 1 && ei == 2 {
                if let Some(a) = apps.iter().rev().find(|a| Some(&a.id) != split.as_ref()) {
                    declarations.push(SheetDeclaration {
                        application: a.id.clone(),
                        reason: "曾为该项目牵头单位提供过前期咨询服务".to_string(),
                    });
                    let id = a.id.clone();
                    apps.retain(|a| a.id != id);
                }
            }
            // Panel 1's second expert has not reached the last assignment.
            if pi == 0 && ei == 1 {
                apps.pop();
            }
            let mut rng = ChaCha8Rng::seed_from_u64(pick(&format!("rng {expert}"), u64::MAX));
            let mut scores = vec![];
            for (ai, app) in apps.iter().enumerate() {
                let Some(rubric) = c.rubric_for_application(app) else {
                    continue;
                };
                let base = if split.as_deref() == Some(app.id.as_str()) {
                    if ei % 2 == 0 {
                        90
                    } else {
                        52
                    }
                } else {
                    merit(&app.id) + lean(expert)
                };
                let partial = pi == 2 && ei == 1 && ai == 0;
                for (ci, crit) in rubric.criteria.iter().enumerate() {
                    if partial && ci == rubric.criteria.len() - 1 {
                        continue;
                    }
                    let noise = (rng.next_u32() % 9) as i64 - 4;
                    let percent = (base + noise).clamp(20, 100);
                    let step = crit.step.hundredths().max(1);
                    let raw = crit.max.hundredths() * percent / 100;
                    let value = (raw / step * step).min(crit.max.hundredths());
                    scores.push(SheetScore {
                        application: app.id.as_str().into(),
                        criterion: crit.id.as_str().into(),
                        round: 1,
                        value,
                        comment: if ci == 0 {
                            comment(expert, &app.id, base)
                        } else {
                            String::new()
                        },
                        reason: String::new(),
                    });
                }
            }
            let minute = 10 + written;
            let body = SheetBody {
                format: SHEET_FORMAT,
                campaign: c.digest(),
                expert: expert.to_string(),
                revision: 1,
                round: 1,
                scores,
                declarations,
                pledge: Some(SheetPledge {
                    at: format!("2024-04-20T01:{minute:02}:00Z"),
                    text_sm3: pledge_text_sm3(),
                }),
            };
            let sheet = sign_sheet(body, key)?;
            std::fs::write(
                sheets_dir.join(format!("{expert}.json")),
                sheet_file_bytes(&sheet),
            )?;
            written += 1;
        }
        println!(
            "{}: {} sheets, the panel splits on {}",
            panel.id,
            members.len(),
            split.as_deref().unwrap_or("nothing")
        );
    }
    println!(
        "{} keys in fixtures/campaign-2023/keys.toml, {written} sheets in fixtures/demo-sheets",
        keys.len()
    );
    Ok(())
}

/// Private keys readable by their owner only, replaced on each run so the output is the same.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}
