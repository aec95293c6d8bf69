//! `package --expert ID -o DIR`: one expert's package, signed by the secretariat.

use super::source::{check_listed, load_dir, load_key};
use super::{Ctx, Failure, Outcome};
use crate::format::{load_campaign, write_campaign, Layout};
use crate::keys::Keyring;
use crate::model::Role;
use crate::package::{package_campaign, sign_package, verify_package};
use crate::review::Review;
use crate::store::Store;
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(
    ctx: &Ctx,
    expert: &str,
    out: &Path,
    key: Option<&Path>,
    campaign_dir: Option<&Path>,
) -> Outcome {
    let zh = ctx.lang.is_zh();
    let Some(key_path) = key else {
        return Err(Failure::usage(ctx.lang.pick(
            "评审包须由秘书处签名：请用 --key 指明秘书处的私钥文件",
            "a package is signed by the secretariat: give the secretariat's key file with --key",
        )));
    };
    let key = load_key(ctx, key_path)?;
    if key.role != Role::Secretariat {
        return Err(Failure::refused(if zh {
            format!(
                "密钥 `{}` 的角色为 {}；评审包只能由秘书处签名，请用秘书处的密钥",
                key.id,
                key.role.as_str()
            )
        } else {
            format!("key `{}` is the {}'s; a package is signed by the secretariat: use the secretariat's key", key.id, key.role.as_str())
        }));
    }
    if out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Failure::refused(if zh {
            format!(
                "{} 已存在且不是空文件夹；请为评审包指定一个新文件夹",
                out.display()
            )
        } else {
            format!(
                "{} exists and is not an empty folder; give the package a new folder",
                out.display()
            )
        }));
    }

    // A secretariat's store made from a campaign folder packages from that folder, which
    // holds the documents and the decisions.
    let remembered = match campaign_dir {
        Some(_) => None,
        None => super::source::remembered_campaign(ctx)?,
    };
    let campaign_dir = campaign_dir.or(remembered.as_deref());

    // The review layer decides what the expert may score; over a directory it works on a
    // throw-away store holding the same campaign, keys and decisions.
    let mut _tmp = None;
    let (review, keys_toml, decisions, keys_label) = match campaign_dir {
        Some(dir) => {
            let loaded = load_dir(ctx, dir)?;
            let t = tempfile::tempdir().map_err(|e| {
                let tmp = std::env::temp_dir();
                Failure::refused(crate::i18n::cannot_write(ctx.lang, &tmp, &e))
            })?;
            let store = Store::create(
                &t.path().join("store"),
                &loaded.campaign,
                loaded.keys_toml.as_deref(),
                &loaded.decisions,
                None,
                &crate::clock::now_rfc3339(),
            )?;
            _tmp = Some(t);
            let label = dir.join("keys.toml").display().to_string();
            (
                Review::open(store, ctx.lang)?,
                loaded.keys_toml,
                loaded.decisions,
                label,
            )
        }
        None => {
            let store = ctx.open_store()?;
            let keys = store.keys_toml()?;
            let decisions = store.decision_files()?;
            let label = store.keys_label(ctx.lang);
            (Review::open(store, ctx.lang)?, keys, decisions, label)
        }
    };
    // No package while decisions that neither replaces the other disagree: which
    // applications the expert reviews is not settled.
    review.settled()?;
    let full = &review.campaign;
    if full.package.is_some() {
        return Err(Failure::refused(ctx.lang.pick(
            "这已是一个专家评审包；请从完整的评审任务打包",
            "this is already an expert's package; make packages from the full campaign",
        )));
    }
    let Some(exp) = full.expert(expert) else {
        return Err(Failure::refused(if zh {
            format!("专家 `{expert}` 不在本评审的专家库中；请核对 --expert")
        } else {
            format!("expert `{expert}` is not in this campaign's pool; check --expert")
        }));
    };
    let keys_text = keys_toml.clone().ok_or_else(|| {
        Failure::refused(if zh {
            format!("{keys_label} 不存在；评审包须附带各方公钥")
        } else {
            format!("{keys_label} does not exist; a package carries every signer's public key")
        })
    })?;
    let ring = Keyring::parse(&keys_text, &keys_label)
        .map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    check_listed(ctx, &ring, &key, &keys_label)?;

    let apps: BTreeSet<String> = review
        .assigned(expert)
        .into_iter()
        .filter(|a| !review.eligibility.is_blocked(expert, &a.id))
        .map(|a| a.id.clone())
        .collect();
    if apps.is_empty() {
        return Err(Failure::refused(if zh {
            format!(
                "专家 `{expert}` 没有可评审的项目（未分入评审组，或所有项目均须回避）；无需打包"
            )
        } else {
            format!("expert `{expert}` has no application to score (on no panel, or conflicted with all); there is nothing to package")
        }));
    }
    let pkg = package_campaign(full, exp, &apps);
    let has_docs = pkg.applications.iter().any(|a| !a.documents.is_empty());
    if has_docs && campaign_dir.is_none() {
        return Err(Failure::usage(ctx.lang.pick(
            "评审库中不保存原始文档；请用 --campaign DIR 指明评审任务文件夹，以便带上文档",
            "the store keeps no documents; give the campaign folder with --campaign DIR so the package can carry them",
        )));
    }

    let created = !out.exists();
    let result = (|| -> Result<(usize, String), Failure> {
        let io = |what: &Path, e: std::io::Error| {
            Failure::refused(crate::i18n::cannot_write(ctx.lang, what, &e))
        };
        write_campaign(out, &pkg, Layout::Toml).map_err(|e| io(out, e))?;
        let mut docs = 0;
        if let Some(dir) = campaign_dir {
            for a in &pkg.applications {
                for d in &a.documents {
                    let from = dir.join("documents").join(&d.file);
                    let to = out.join("documents").join(&d.file);
                    if let Some(parent) = to.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
                    }
                    std::fs::copy(&from, &to).map_err(|e| io(&to, e))?;
                    docs += 1;
                }
            }
        }
        std::fs::write(out.join("keys.toml"), &keys_text).map_err(|e| io(out, e))?;
        if !decisions.is_empty() {
            let dd = out.join("decisions");
            std::fs::create_dir_all(&dd).map_err(|e| io(&dd, e))?;
            for (name, bytes) in &decisions {
                std::fs::write(dd.join(name), bytes).map_err(|e| io(&dd, e))?;
            }
        }
        // The digest signed is the one `init` will compute: of the package as read back.
        let back = load_campaign(out).map_err(|e| {
            Failure::refused(format!(
                "{}: {}",
                ctx.lang.pick(
                    "写出的评审包无法读回",
                    "the package written cannot be read back"
                ),
                e.message(ctx.lang)
            ))
        })?;
        let content = back.campaign.content_digest();
        let file = sign_package(expert, &full.digest(), &content, &key)
            .map_err(|e| Failure::refused(e.to_string()))?;
        let text = toml::to_string(&file).map_err(|e| Failure::refused(e.to_string()))?;
        let manifest = out.join("package.toml");
        std::fs::write(&manifest, text).map_err(|e| io(&manifest, e))?;
        let check = load_campaign(out).map_err(|e| Failure::refused(e.message(ctx.lang)))?;
        verify_package(&check).map_err(|e| Failure::refused(e.to_string()))?;
        Ok((docs, content))
    })();
    let (docs, content) = match result {
        Ok(r) => r,
        Err(f) => {
            if created {
                let _ = std::fs::remove_dir_all(out);
            }
            return Err(f);
        }
    };
    println!(
        "{} {} ({} {expert}): {} {}, {} {}, {} {}, {} {} ({} {})",
        ctx.lang.pick("已写出评审包", "package written to"),
        out.display(),
        ctx.lang.pick("专家", "expert"),
        pkg.applications.len(),
        ctx.lang.pick("个项目", "applications"),
        docs,
        ctx.lang.pick("份文档", "documents"),
        decisions.len(),
        ctx.lang.pick("项决定", "decisions"),
        ctx.lang.pick("秘书处签名", "signed by"),
        key.id,
        ctx.lang.pick("内容摘要", "content digest"),
        &content[..16.min(content.len())]
    );
    Ok(())
}
