//! What the signing and judging commands read: a campaign directory (`--campaign DIR`) or
//! the store (`--db`), with its keys and verified decisions, and the private key to sign with.

use super::{Ctx, Failure};
use crate::decisions::{verified_from_dir, verified_named_from_store};
use crate::format::{load_campaign, LoadedCampaign};
use crate::i18n::Lang;
use crate::keys::{KeyError, Keyring, PrivateKey};
use crate::model::{Campaign, Decision};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// The environment variable holding the passphrase of a protected private-key file.
pub const PASSPHRASE_ENV: &str = "PINGSHEN_PASSPHRASE";

/// A campaign as a command reads it.
pub enum Source {
    Dir {
        dir: PathBuf,
        loaded: Box<LoadedCampaign>,
    },
    Store {
        store: Box<Store>,
        campaign: Box<Campaign>,
    },
}

/// Loads a campaign directory, every problem reported at once.
pub fn load_dir(ctx: &Ctx, dir: &Path) -> Result<LoadedCampaign, Failure> {
    load_dir_in(ctx.lang, dir)
}

/// [`load_dir`] in the given language.
pub fn load_dir_in(lang: Lang, dir: &Path) -> Result<LoadedCampaign, Failure> {
    load_campaign(dir).map_err(|errs| {
        let n = errs.0.len();
        let head = lang.say(
            format!("{}：{n} 个问题，未读取任何内容：", dir.display()),
            format!("{}: {n} problem(s); nothing was read:", dir.display()),
        );
        Failure::refused(format!("{head}\n{}", errs.message(lang)))
    })
}

impl Source {
    /// `--campaign DIR` when given, else the store at `--db`.
    pub fn open(ctx: &Ctx, campaign: Option<&Path>) -> Result<Source, Failure> {
        match campaign {
            Some(dir) => Ok(Source::Dir {
                dir: dir.to_path_buf(),
                loaded: Box::new(load_dir(ctx, dir)?),
            }),
            None => {
                let store = ctx.open_store()?;
                let campaign = store.campaign()?;
                Ok(Source::Store {
                    store: Box::new(store),
                    campaign: Box::new(campaign),
                })
            }
        }
    }

    /// [`Source::open`], and, for a store that remembers its campaign folder, the folder
    /// checked to hold the store's campaign still, so a command that reads the store's
    /// campaign (`check`, `assign`) says up front that the folder changed after `init`
    /// rather than report or draw on a campaign the folder no longer holds.
    pub fn open_current(ctx: &Ctx, campaign: Option<&Path>) -> Result<Source, Failure> {
        let source = Source::open(ctx, campaign)?;
        if let Source::Store { store, campaign } = &source {
            current_folder(ctx.lang, store, campaign)?;
        }
        Ok(source)
    }

    pub fn campaign(&self) -> &Campaign {
        match self {
            Source::Dir { loaded, .. } => &loaded.campaign,
            Source::Store { campaign, .. } => campaign,
        }
    }

    /// Where its keys.toml is, for messages.
    pub fn keys_label(&self) -> String {
        match self {
            Source::Dir { dir, .. } => dir.join("keys.toml").display().to_string(),
            Source::Store { store, .. } => store.keys_label(Lang::of_run()),
        }
    }

    pub fn keys_toml(&self) -> Result<Option<String>, Failure> {
        match self {
            Source::Dir { loaded, .. } => Ok(loaded.keys_toml.clone()),
            Source::Store { store, .. } => Ok(store.keys_toml()?),
        }
    }

    /// The campaign's keys; refuses a campaign without keys.toml.
    pub fn keyring(&self, ctx: &Ctx) -> Result<Keyring, Failure> {
        keyring_of(ctx.lang, self.keys_toml()?.as_deref(), &self.keys_label())
    }

    /// Decision file names and bytes, unverified: a store's are its own and those of the
    /// campaign folder it remembers.
    pub fn decision_files(&self, ctx: &Ctx) -> Result<Vec<(String, Vec<u8>)>, Failure> {
        match self {
            Source::Dir { loaded, .. } => Ok(loaded.decisions.clone()),
            Source::Store { store, .. } => crate::decisions::store_files(store)
                .map(|f| f.all())
                .map_err(|e| Failure::refused(e.message(ctx.lang))),
        }
    }

    /// The experts' declarations a store holds; a campaign folder holds none.
    pub fn declarations(&self) -> Result<Vec<crate::model::Declaration>, Failure> {
        match self {
            Source::Dir { .. } => Ok(vec![]),
            Source::Store { store, .. } => Ok(store.declarations(None)?),
        }
    }

    /// Every decision, verified, in file-name order.
    pub fn decisions(&self, ctx: &Ctx) -> Result<Vec<(String, Decision)>, Failure> {
        let r = match self {
            Source::Dir { dir, loaded } => verified_from_dir(dir, loaded),
            Source::Store { store, campaign } => verified_named_from_store(store, campaign),
        };
        r.map_err(|e| Failure::refused(e.message(ctx.lang)))
    }
}

/// The campaign folder the store at `--db` remembers (a secretariat's store made by `init`
/// from a folder), checked to be there and to hold the store's campaign still.
pub fn remembered_campaign(ctx: &Ctx) -> Result<Option<PathBuf>, Failure> {
    let store = ctx.open_store()?;
    let campaign = store.campaign()?;
    current_folder(ctx.lang, &store, &campaign)
}

/// The campaign folder `store` remembers, when it does, checked to be there and to hold
/// `campaign` (the store's) still; the same refusal `triage` and `package` give when not.
pub fn current_folder(
    lang: Lang,
    store: &Store,
    campaign: &Campaign,
) -> Result<Option<PathBuf>, Failure> {
    let refuse = |e: crate::decisions::DecisionsError| Failure::refused(e.message(lang));
    let Some(folder) = crate::decisions::remembered_folder(store).map_err(refuse)? else {
        return Ok(None);
    };
    let loaded = load_dir_in(lang, &folder)?;
    if loaded.campaign.digest() != campaign.digest() {
        return Err(refuse(crate::decisions::folder_changed(store, &folder)));
    }
    Ok(Some(folder))
}

/// Parses a campaign's keys.toml text (`label` names it); refuses a campaign without one.
pub fn keyring_of(lang: Lang, keys_toml: Option<&str>, label: &str) -> Result<Keyring, Failure> {
    let text = keys_toml.ok_or_else(|| {
        Failure::refused(format!(
            "{label}{}",
            lang.pick(
                " 不存在；请把各方公钥写入 keys.toml（见 `pingshen keygen`）后重试",
                " does not exist; list every signer's public key there (see `pingshen keygen`) and try again",
            )
        ))
    })?;
    Keyring::parse(text, label).map_err(|e| Failure::refused(e.message(lang)))
}

/// Reads a private-key file; a protected one is unlocked with `$PINGSHEN_PASSPHRASE`.
pub fn load_key(ctx: &Ctx, path: &Path) -> Result<PrivateKey, Failure> {
    load_key_in(ctx.lang, path)
}

/// [`load_key`] in the given language.
pub fn load_key_in(lang: Lang, path: &Path) -> Result<PrivateKey, Failure> {
    let passphrase = std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty());
    PrivateKey::load(path, passphrase.as_deref()).map_err(|e| match e {
        KeyError::NeedsPassphrase { file } => Failure::refused(if lang.is_zh() {
            format!("{file} 受口令保护：请把口令放在环境变量 {PASSPHRASE_ENV} 中再运行")
        } else {
            format!("{file} is protected by a passphrase: put the passphrase in the environment variable {PASSPHRASE_ENV} and run again")
        }),
        KeyError::WrongPassphrase { file } => Failure::refused(if lang.is_zh() {
            format!("{file} 无法解锁：{PASSPHRASE_ENV} 中的口令不对，或文件被改动过")
        } else {
            format!("{file} could not be unlocked: the passphrase in {PASSPHRASE_ENV} is wrong or the file was altered")
        }),
        other => Failure::refused(other.message(lang)),
    })
}

/// Checks that keys.toml lists `key` with its own public key and role, so what it signs will
/// verify; says which entry to fix when not.
pub fn check_listed(
    ctx: &Ctx,
    ring: &Keyring,
    key: &PrivateKey,
    label: &str,
) -> Result<(), Failure> {
    check_listed_in(ctx.lang, ring, key, label)
}

/// [`check_listed`] in the given language.
pub fn check_listed_in(
    lang: Lang,
    ring: &Keyring,
    key: &PrivateKey,
    label: &str,
) -> Result<(), Failure> {
    let zh = lang.is_zh();
    let id = &key.id;
    match ring.get(id) {
        None => {
            Err(Failure::refused(if zh {
                format!("{label} 中没有密钥 `{id}`；请先把 `pingshen keygen` 打印的 [[key]] 条目加入其中")
            } else {
                format!("{label} does not list key `{id}`; add the [[key]] entry that `pingshen keygen` printed for it first")
            }))
        }
        Some(e) if e.public != key.public_key() => Err(Failure::refused(if zh {
            format!("{label} 中密钥 `{id}` 的公钥与该私钥不匹配；请确认用的是正确的私钥文件")
        } else {
            format!("{label} lists key `{id}` with another public key than this private key's; check you used the right key file")
        })),
        Some(e) if e.role != key.role => Err(Failure::refused(if zh {
            format!(
                "{label} 中密钥 `{id}` 的角色为 {}，而私钥文件写的是 {}；请更正其中之一",
                e.role.as_str(),
                key.role.as_str()
            )
        } else {
            format!(
                "{label} lists key `{id}` as {}, but the key file says {}; correct one of them",
                e.role.as_str(),
                key.role.as_str()
            )
        })),
        Some(_) => Ok(()),
    }
}
