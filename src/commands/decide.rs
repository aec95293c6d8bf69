//! `triage` and `decide`: the secretariat's and the chair's signed decisions, written into
//! the campaign's `decisions/` or taken into the store.

use super::source::{check_listed_in, keyring_of, load_key, Source};
use super::{Ctx, Failure, Outcome};
use crate::cli::{DecideCommand, Verdict};
use crate::decisions::verify_files;
use crate::i18n::Lang;
use crate::keys::PrivateKey;
use crate::model::{Campaign, Decision, Role, Ruling, TriageVerdict};
use crate::sheet::{allowed_roles, decision_file_bytes, sign_decision, verify_decision_in};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// `triage APP pass|fail|info --reason T --key K`.
pub fn triage(
    ctx: &Ctx,
    app: &str,
    verdict: Verdict,
    reason: &str,
    key: &Path,
    campaign: Option<&Path>,
) -> Outcome {
    let verdict = match verdict {
        Verdict::Pass => TriageVerdict::Pass,
        Verdict::Fail => TriageVerdict::Fail,
        Verdict::Info => TriageVerdict::Info,
    };
    let ruling = Ruling::Triage {
        application: app.to_string(),
        verdict,
    };
    record(ctx, ruling, reason, key, campaign)
}

/// `decide override|confirm|dismiss|round ...`.
pub fn decide(ctx: &Ctx, what: DecideCommand) -> Outcome {
    match what {
        DecideCommand::Override {
            rule,
            app,
            expert,
            reason,
            key,
            campaign,
        } => {
            let ruling = Ruling::Override {
                rule: rule.trim().to_ascii_uppercase(),
                application: app,
                expert,
            };
            record(ctx, ruling, &reason, &key, campaign.as_deref())
        }
        DecideCommand::Confirm {
            rule,
            app,
            other,
            expert,
            reason,
            key,
            campaign,
        } => {
            let ruling = Ruling::Confirm {
                rule: rule.trim().to_ascii_uppercase(),
                application: app,
                other,
                expert,
            };
            record(ctx, ruling, &reason, &key, campaign.as_deref())
        }
        DecideCommand::Dismiss {
            rule,
            app,
            other,
            expert,
            reason,
            key,
            campaign,
        } => {
            let ruling = Ruling::Dismiss {
                rule: rule.trim().to_ascii_uppercase(),
                application: app,
                other,
                expert,
            };
            record(ctx, ruling, &reason, &key, campaign.as_deref())
        }
        DecideCommand::Round {
            panel,
            round,
            reason,
            key,
            campaign,
        } => record(
            ctx,
            Ruling::Round { panel, round },
            &reason,
            &key,
            campaign.as_deref(),
        ),
    }
}

fn kind(r: &Ruling) -> &'static str {
    match r {
        Ruling::Triage { .. } => "triage",
        Ruling::Override { .. } => "override",
        Ruling::Confirm { .. } => "confirm",
        Ruling::Dismiss { .. } => "dismiss",
        Ruling::Draw { .. } => "draw",
        Ruling::Round { .. } => "round",
    }
}

fn role_zh(r: Role) -> &'static str {
    match r {
        Role::Expert => "专家",
        Role::Chair => "组长",
        Role::Secretariat => "秘书处",
    }
}

fn kind_zh(r: &Ruling) -> &'static str {
    match r {
        Ruling::Triage { .. } => "形式审查结论",
        Ruling::Override { .. } => "覆盖",
        Ruling::Confirm { .. } => "确认",
        Ruling::Dismiss { .. } => "排除",
        Ruling::Draw { .. } => "专家抽取",
        Ruling::Round { .. } => "开启新一轮",
    }
}

fn is_rule(rule: &str) -> bool {
    let n = |s: &str, max: u32| s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n));
    match rule.split_at_checked(1) {
        Some(("E", rest)) => n(rest, 13),
        Some(("C", rest)) => n(rest, 6),
        _ => false,
    }
}

/// Checks that the records a ruling names exist and fit it; one sentence when not.
fn check_records(
    lang: Lang,
    c: &Campaign,
    ruling: &Ruling,
    decisions: &[(String, Decision)],
) -> Result<(), Failure> {
    let zh = lang.is_zh();
    let no = |zh_s: String, en_s: String| Err(Failure::refused(if zh { zh_s } else { en_s }));
    let app_exists = |a: &str| -> Result<(), Failure> {
        if c.application(a).is_none() {
            return no(
                format!("项目 `{a}` 不存在；请用 `pingshen search` 查找正确的编号"),
                format!("application `{a}` does not exist; find its id with `pingshen search`"),
            );
        }
        Ok(())
    };
    let expert_exists = |e: &str| -> Result<(), Failure> {
        if c.expert(e).is_none() {
            return no(
                format!("专家 `{e}` 不在本评审的专家库中；请核对 --expert"),
                format!("expert `{e}` is not in this campaign's pool; check --expert"),
            );
        }
        Ok(())
    };
    match ruling {
        Ruling::Triage { application, .. } => app_exists(application),
        Ruling::Override {
            rule,
            application,
            expert,
        } => {
            if !is_rule(rule) {
                return no(
                    format!("`{rule}` 不是规则编号；请写 E1 至 E13 或 C1 至 C6"),
                    format!("`{rule}` is not a rule id; give E1 to E13 or C1 to C6"),
                );
            }
            app_exists(application)?;
            match (rule.starts_with('C'), expert) {
                (true, Some(e)) => expert_exists(e),
                (true, None) => no(
                    format!("覆盖利益冲突 {rule} 须用 --expert 指明专家"),
                    format!("overriding conflict rule {rule} needs the expert: give --expert"),
                ),
                (false, Some(_)) => no(
                    format!("形式审查规则 {rule} 只涉及项目，不涉及专家；请去掉 --expert"),
                    format!("formal-review rule {rule} concerns the application only; leave out --expert"),
                ),
                (false, None) => Ok(()),
            }
        }
        Ruling::Confirm {
            rule,
            application,
            other,
            expert,
        }
        | Ruling::Dismiss {
            rule,
            application,
            other,
            expert,
        } => {
            app_exists(application)?;
            match (rule.as_str(), other, expert) {
                ("E6", other, None) => match other {
                    Some(o) => app_exists(o),
                    None => Ok(()),
                },
                ("E6", _, Some(_)) => no(
                    "E6（多渠道重复申报）只涉及项目；请去掉 --expert".into(),
                    "E6 (several channels) concerns applications only; leave out --expert".into(),
                ),
                ("C5", None, Some(e)) => expert_exists(e),
                ("C5", None, None) => no(
                    "C5（名称相近）须用 --expert 指明专家".into(),
                    "C5 (close names) needs the expert: give --expert".into(),
                ),
                ("C5", Some(_), _) => no(
                    "C5 只涉及专家与项目；请去掉 --other".into(),
                    "C5 concerns an expert and an application; leave out --other".into(),
                ),
                _ => no(
                    format!("只有 E6 和 C5 的疑似情形需要确认或排除，`{rule}` 不需要"),
                    format!("only E6 and C5 suspicions are confirmed or dismissed, not `{rule}`"),
                ),
            }
        }
        Ruling::Round { panel, round } => {
            if c.panel(panel).is_none() {
                let ids: Vec<&str> = c.settings.panels.iter().map(|p| p.id.as_str()).collect();
                return no(
                    format!("评审组 `{panel}` 不存在；可用：{}", ids.join(", ")),
                    format!(
                        "panel `{panel}` does not exist; use one of: {}",
                        ids.join(", ")
                    ),
                );
            }
            let open = decisions
                .iter()
                .filter_map(|(_, d)| match &d.ruling {
                    Ruling::Round { panel: p, round } if p == panel => Some(*round),
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            if *round <= open {
                return no(
                    format!(
                        "评审组 `{panel}` 已在第 {open} 轮；新一轮须从第 {} 轮开始",
                        open + 1
                    ),
                    format!(
                        "panel `{panel}` is already in round {open}; a new round is {}",
                        open + 1
                    ),
                );
            }
            Ok(())
        }
        Ruling::Draw { .. } => Ok(()),
    }
}

fn safe(part: &str) -> String {
    part.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `0007-triage-A012.json`: numbered after the existing files, then what it is about.
pub fn file_name(existing: &[String], ruling: &Ruling) -> String {
    let next = existing
        .iter()
        .filter_map(|n| {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
        + 1;
    let mut parts: Vec<String> = vec![kind(ruling).to_string()];
    match ruling {
        Ruling::Triage { application, .. } => parts.push(application.clone()),
        Ruling::Override {
            rule,
            application,
            expert,
        } => {
            parts.push(rule.clone());
            parts.push(application.clone());
            parts.extend(expert.clone());
        }
        Ruling::Confirm {
            rule,
            application,
            other,
            expert,
        }
        | Ruling::Dismiss {
            rule,
            application,
            other,
            expert,
        } => {
            parts.push(rule.clone());
            parts.push(application.clone());
            parts.extend(other.clone());
            parts.extend(expert.clone());
        }
        Ruling::Round { panel, round } => {
            parts.push(panel.clone());
            parts.push(format!("r{round}"));
        }
        Ruling::Draw { seed, .. } => parts.push(format!("seed{seed}")),
    }
    let body: Vec<String> = parts.iter().map(|p| safe(p)).collect();
    format!("{next:04}-{}.json", body.join("-"))
}

/// Signs `ruling` with the key at `key_path` and records it where the campaign lives.
pub fn record(
    ctx: &Ctx,
    ruling: Ruling,
    reason: &str,
    key_path: &Path,
    campaign: Option<&Path>,
) -> Outcome {
    if reason.trim().is_empty() {
        return Err(Failure::usage(ctx.lang.pick(
            "决定须写明理由；请用 --reason 给出",
            "a decision needs a written reason; give it with --reason",
        )));
    }
    let key = load_key(ctx, key_path)?;
    check_role(ctx.lang, &key, &ruling)?;
    let source = Source::open(ctx, campaign)?;
    match &source {
        Source::Dir { dir, loaded } => {
            let bench = Bench {
                campaign: &loaded.campaign,
                keys_toml: loaded.keys_toml.clone(),
                keys_label: source.keys_label(),
                files: loaded.decisions.clone(),
            };
            let signed = sign_ruling(ctx.lang, &bench, ruling, reason, &key)?;
            let path = write_new(ctx, &dir.join("decisions"), &signed.name, &signed.bytes)?;
            println!(
                "{} {}",
                ctx.lang
                    .pick("已签署并写入决定", "signed decision written to"),
                path.display()
            );
        }
        Source::Store { store, campaign } => {
            let signed = record_in_store(ctx.lang, store, campaign, ruling, reason, &key)?;
            println!(
                "{} {} ({} {})",
                ctx.lang
                    .pick("已签署决定并存入", "signed decision stored as"),
                signed.name,
                ctx.lang.pick("评审库", "store"),
                store.root().display()
            );
        }
    }
    Ok(())
}

/// What a new decision is checked against: the campaign, its keys.toml (text and where it
/// is, for messages) and the decision files already there.
pub struct Bench<'a> {
    pub campaign: &'a Campaign,
    pub keys_toml: Option<String>,
    pub keys_label: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// A decision signed, verified as every reader will verify it, and named after the files
/// already there; not yet written anywhere.
#[derive(Debug, Clone)]
pub struct SignedRuling {
    pub name: String,
    pub bytes: Vec<u8>,
    pub decision: Decision,
}

/// Refuses a key whose role may not sign `ruling`, naming the role that may.
pub fn check_role(lang: Lang, key: &PrivateKey, ruling: &Ruling) -> Result<(), Failure> {
    let allowed = allowed_roles(ruling);
    if allowed.contains(&key.role) {
        return Ok(());
    }
    let (who_zh, who_en): (Vec<&str>, Vec<&str>) =
        allowed.iter().map(|r| (role_zh(*r), r.as_str())).unzip();
    Err(Failure::refused(if lang.is_zh() {
        format!(
            "密钥 `{}` 属于{}，而{}决定只能由{}签署；请用{}的密钥",
            key.id,
            role_zh(key.role),
            kind_zh(ruling),
            who_zh.join("或"),
            who_zh.join("或")
        )
    } else {
        format!(
            "key `{}` is the {}'s, and {} {} decision is signed by the {}; use the {}'s key",
            key.id,
            key.role.as_str(),
            crate::i18n::a_or_an(kind(ruling)),
            kind(ruling),
            who_en.join(" or "),
            who_en.join(" or ")
        )
    }))
}

/// Checks `ruling` against the bench (the signer listed in keys.toml, the records it names,
/// the decisions already taken), signs it with `key`, and verifies the result.
pub fn sign_ruling(
    lang: Lang,
    bench: &Bench<'_>,
    ruling: Ruling,
    reason: &str,
    key: &PrivateKey,
) -> Result<SignedRuling, Failure> {
    let zh = lang.is_zh();
    if reason.trim().is_empty() {
        return Err(Failure::usage(lang.pick(
            "决定须写明理由；请用 --reason 给出",
            "a decision needs a written reason; give it with --reason",
        )));
    }
    check_role(lang, key, &ruling)?;
    let ring = keyring_of(lang, bench.keys_toml.as_deref(), &bench.keys_label)?;
    check_listed_in(lang, &ring, key, &bench.keys_label)?;
    let digest = bench.campaign.digest();
    let decisions = verify_files(
        &bench.files,
        bench.keys_toml.as_deref(),
        &bench.keys_label,
        &digest,
    )
    .map_err(|e| Failure::refused(e.message(lang)))?;
    check_records(lang, bench.campaign, &ruling, &decisions)?;
    let decision = Decision {
        campaign: digest.clone(),
        ruling,
        reason: reason.trim().to_string(),
        role: key.role,
        by: key.id.clone(),
        date: crate::clock::today(),
    };
    let signed = sign_decision(decision, key).map_err(|e| Failure::refused(e.to_string()))?;
    let bytes = decision_file_bytes(&signed).map_err(|e| Failure::refused(e.to_string()))?;
    // What every reader will check, checked before anything is written.
    verify_decision_in(&bytes, &digest, &ring)
        .map_err(|e| Failure::refused(if zh { e.zh() } else { e.to_string() }))?;
    let names: Vec<String> = bench.files.iter().map(|(n, _)| n.clone()).collect();
    let name = file_name(&names, &signed.decision.ruling);
    Ok(SignedRuling {
        name,
        bytes,
        decision: signed.decision,
    })
}

/// Signs `ruling` and stores it in `store` (as `triage` and `decide` do without
/// `--campaign`; the interface's triage view goes through here too).
pub fn record_in_store(
    lang: Lang,
    store: &Store,
    campaign: &Campaign,
    ruling: Ruling,
    reason: &str,
    key: &PrivateKey,
) -> Result<SignedRuling, Failure> {
    let bench = Bench {
        campaign,
        keys_toml: store.keys_toml()?,
        keys_label: store.keys_label(lang),
        files: store.decision_files()?,
    };
    let signed = sign_ruling(lang, &bench, ruling, reason, key)?;
    store.put_decision(&signed.name, &signed.bytes, &crate::clock::now_rfc3339())?;
    Ok(signed)
}

/// Writes a new file (never replacing one) and syncs it.
fn write_new(ctx: &Ctx, dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Failure> {
    use std::io::Write as _;
    let path = dir.join(name);
    let fail = |e: std::io::Error| Failure::refused(crate::i18n::cannot_write(ctx.lang, &path, &e));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(fail)?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(fail)?;
    Ok(path)
}
