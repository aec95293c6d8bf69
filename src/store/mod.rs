//! The expert's or chair's store: the only code that touches sled. Every committed write is
//! journalled and fsync'd, applied with its audit entry in one transaction, and flushed,
//! before the call returns; only then may anything say "saved".

pub mod journal;

use crate::audit::{next_entry, AuditEntry};
use crate::model::{
    Application, Campaign, Declaration, Expert, Pledge, Recommender, Rubric, Score, ScoreKey,
    Settings, Unit,
};
use base64::Engine;
use journal::{Journal, Op};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The store layout version this build writes; a newer store is refused, not guessed at.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store {0} is in use by another pingshen; close it there first (a store serves one process at a time)")]
    InUse(PathBuf),
    #[error(
        "there is no store at {0}; load a campaign into it first with `pingshen --db {0} init DIR`"
    )]
    Missing(PathBuf),
    #[error(
        "the store {path} cannot be written ({source}); choose a folder you can write to with --db"
    )]
    NotWritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the store {path} was made by a newer pingshen (schema {found}, this one reads {supported}); use that version")]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("the store {path} already holds campaign `{campaign}`; give another --db for a new campaign")]
    AlreadyHolds { path: PathBuf, campaign: String },
    /// `why` is the technical detail (English, for the log); `zh` says it for a user.
    #[error("the store {path} is damaged ({why}); rebuild it from its journal with `pingshen --db {path} recover`")]
    Damaged {
        path: PathBuf,
        why: String,
        zh: String,
    },
    /// `recover` itself cannot rebuild the store from its journal.
    #[error("the store {path} cannot be rebuilt from its journal ({why}); rebuild the expert's scores from their own signed sheet with `pingshen --db NEW import` instead")]
    Unrecoverable {
        path: PathBuf,
        why: String,
        zh: String,
    },
    #[error("the disk holding the store {0} is full; free some space there and try again (nothing saved was lost)")]
    DiskFull(PathBuf),
    #[error("the store {path} could not save ({why}); nothing was marked saved. Check the disk (is it full?) and try again")]
    Write {
        path: PathBuf,
        why: String,
        zh: String,
    },
}

impl StoreError {
    /// The error as one sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            StoreError::InUse(p) => format!(
                "评审库 {} 正被另一个 pingshen 使用；请先在那里关闭它（一个评审库同一时间只能由一个进程使用）",
                p.display()
            ),
            StoreError::Missing(p) => format!(
                "{0} 处没有评审库；请先用 `pingshen --db {0} init DIR` 载入评审任务",
                p.display()
            ),
            StoreError::NotWritable { path, source } => format!(
                "评审库 {} 无法写入（{}）；请用 --db 选择一个可写的文件夹",
                path.display(),
                crate::i18n::io_phrase(lang, source)
            ),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "评审库 {} 由更新版本的 pingshen 建立（格式 {found}，本版本只能读 {supported}）；请使用那个版本",
                path.display()
            ),
            StoreError::AlreadyHolds { path, campaign } => format!(
                "评审库 {} 已载入评审任务 `{campaign}`；新的评审任务请用另一个 --db",
                path.display()
            ),
            StoreError::Damaged { path, zh, .. } => format!(
                "评审库 {0} 已损坏（{zh}）；请用 `pingshen --db {0} recover` 从日志重建",
                path.display()
            ),
            StoreError::Unrecoverable { path, zh, .. } => format!(
                "评审库 {} 无法从日志重建（{zh}）；请改用 `pingshen --db 新位置 import` 从专家本人签名的评分表恢复评分",
                path.display()
            ),
            StoreError::DiskFull(p) => format!(
                "评审库 {} 所在的磁盘已满；请腾出空间后重试（已保存的内容没有丢失）",
                p.display()
            ),
            StoreError::Write { path, zh, .. } => format!(
                "评审库 {} 保存失败（{zh}），没有任何内容被标为已保存；请检查磁盘（是否已满？）后重试",
                path.display()
            ),
        }
    }
}

/// Called between the transaction and the flush; tests use it to hold a flush back.
pub type FlushHook = Arc<dyn Fn() + Send + Sync>;

pub struct Store {
    root: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    campaign: sled::Tree,
    applications: sled::Tree,
    units: sled::Tree,
    experts: sled::Tree,
    scores: sled::Tree,
    declarations: sled::Tree,
    pledges: sled::Tree,
    decisions: sled::Tree,
    revisions: sled::Tree,
    audit: sled::Tree,
    /// `None` while replaying the journal into a new store.
    journal: Mutex<Option<Journal>>,
    pre_flush: Mutex<Option<FlushHook>>,
}

/// A JSON value from bytes: their UTF-8 checked once as a whole, not string by string
/// (a quarter of parsing a campaign's records, mostly Chinese text, went on that).
fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Key in the `meta` tree of the campaign's digest.
const CAMPAIGN_DIGEST: &str = "campaign_digest";

/// Keys in the `campaign` tree of the campaign's records, one value per kind (see
/// `put_campaign`).
const RECORDS_APPLICATIONS: &str = "applications";
const RECORDS_UNITS: &str = "units";
const RECORDS_EXPERTS: &str = "experts";

fn sled_dir(root: &Path) -> PathBuf {
    root.join("sled")
}

pub fn journal_path(root: &Path) -> PathBuf {
    root.join("journal.jsonl")
}

fn json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

/// The key of a score: expert, application, criterion, round; ordered so one expert's
/// scores are one range.
pub fn score_key(k: &ScoreKey) -> Vec<u8> {
    let mut out = Vec::with_capacity(k.expert.len() + k.application.len() + k.criterion.len() + 7);
    for part in [&k.expert, &k.application, &k.criterion] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    out.extend_from_slice(&k.round.to_be_bytes());
    out
}

fn pair_key(a: &str, b: &str) -> Vec<u8> {
    let mut out = a.as_bytes().to_vec();
    out.push(0);
    out.extend_from_slice(b.as_bytes());
    out
}

fn prefix(expert: &str) -> Vec<u8> {
    let mut p = expert.as_bytes().to_vec();
    p.push(0);
    p
}

/// A full disk (or quota) says so; it is neither damage nor a folder that cannot be written.
fn disk_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
        || matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT))
}

/// A plain phrase for a sled error, for a user who reads Chinese.
fn sled_zh(e: &sled::Error) -> String {
    match e {
        sled::Error::Io(io) => crate::i18n::io_phrase(crate::i18n::Lang::Zh, io),
        sled::Error::Corruption { .. } => "数据库文件已损坏".into(),
        _ => "数据库内部出错".into(),
    }
}

/// The Chinese phrase for a technical error: sled's own when it is one, else `otherwise`.
fn zh_of<E: std::fmt::Display + 'static>(why: &E, otherwise: &str) -> String {
    match (why as &dyn std::any::Any).downcast_ref::<sled::Error>() {
        Some(e) => sled_zh(e),
        None => otherwise.to_string(),
    }
}

/// `NotWritable`, or `DiskFull` when that is why.
fn not_writable(root: &Path, e: std::io::Error) -> StoreError {
    if disk_full(&e) {
        StoreError::DiskFull(root.to_path_buf())
    } else {
        StoreError::NotWritable {
            path: root.to_path_buf(),
            source: e,
        }
    }
}

/// Removes sled's unfinished snapshot files; true when there were any.
fn remove_torn_snapshots(root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(sled_dir(root)) else {
        return false;
    };
    let mut removed = false;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            tracing::warn!(file = %name, "removing a snapshot sled left unfinished");
            removed |= std::fs::remove_file(e.path()).is_ok();
        }
    }
    removed
}

/// `open` of a database this process has just dropped: sled lets go of its lock a moment
/// after the last handle is dropped (its background writers finish first), so the open may
/// find the lock still held, by this process. Waits for it, up to two seconds.
fn after_drop(open: impl Fn() -> Result<Store, StoreError>) -> Result<Store, StoreError> {
    let step = std::time::Duration::from_millis(5);
    let mut waited = std::time::Duration::ZERO;
    loop {
        match open() {
            Err(StoreError::InUse(_)) if waited < std::time::Duration::from_secs(2) => {
                std::thread::sleep(step);
                waited += step;
            }
            other => return other,
        }
    }
}

/// How many times [`Store::create`] reopens a new store's database before handing it over,
/// so that sled has caught its snapshot up with the log of the campaign's bulk write.
const SETTLING_OPENS: usize = 3;

impl Store {
    fn open_db(root: &Path) -> Result<Store, StoreError> {
        let open = || sled::Config::new().path(sled_dir(root)).open();
        let db = match open() {
            // sled 0.34 writes a snapshot to `snap.<lsn>.generating` and renames it when
            // done, but looks for snapshots skipping only `.in___motion` files: a process
            // killed while writing one leaves a torn file that sled then reads as the newest
            // snapshot, and refuses to open. Such a file is incomplete by construction (and
            // sled holds the lock before reading snapshots, so no other process is writing
            // it); without it sled replays its log from the last whole snapshot.
            Err(sled::Error::Corruption { .. }) if remove_torn_snapshots(root) => open(),
            other => other,
        };
        let db = db.map_err(|e| match e {
            sled::Error::Io(io)
                if io.kind() == std::io::ErrorKind::WouldBlock
                    || io.to_string().contains("lock") =>
            {
                StoreError::InUse(root.to_path_buf())
            }
            sled::Error::Io(io) if disk_full(&io) => StoreError::DiskFull(root.to_path_buf()),
            sled::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreError::NotWritable {
                    path: root.to_path_buf(),
                    source: io,
                }
            }
            other => StoreError::Damaged {
                path: root.to_path_buf(),
                why: other.to_string(),
                zh: sled_zh(&other),
            },
        })?;
        let tree = |name: &str| {
            db.open_tree(name).map_err(|e| match e {
                sled::Error::Io(io) if disk_full(&io) => StoreError::DiskFull(root.to_path_buf()),
                e => StoreError::Damaged {
                    path: root.to_path_buf(),
                    why: e.to_string(),
                    zh: sled_zh(&e),
                },
            })
        };
        Ok(Store {
            root: root.to_path_buf(),
            meta: tree("meta")?,
            campaign: tree("campaign")?,
            applications: tree("applications")?,
            units: tree("units")?,
            experts: tree("experts")?,
            scores: tree("scores")?,
            declarations: tree("declarations")?,
            pledges: tree("pledges")?,
            decisions: tree("decisions")?,
            revisions: tree("revisions")?,
            audit: tree("audit")?,
            db,
            journal: Mutex::new(None),
            pre_flush: Mutex::new(None),
        })
    }

    /// A sled error that is a full disk, whatever operation met it: sled keeps an error
    /// from its background flusher and returns it from later reads and writes.
    fn full_disk<E: std::fmt::Display + 'static>(&self, why: &E) -> Option<StoreError> {
        match (why as &dyn std::any::Any).downcast_ref::<sled::Error>() {
            Some(sled::Error::Io(io)) if disk_full(io) => {
                Some(StoreError::DiskFull(self.root.clone()))
            }
            _ => None,
        }
    }

    /// Damage found reading the database: `why` is technical, so a user reads a plain
    /// phrase (and the log keeps `why`).
    fn damaged<E: std::fmt::Display + 'static>(&self, why: E) -> StoreError {
        self.full_disk(&why).unwrap_or_else(|| StoreError::Damaged {
            path: self.root.clone(),
            why: why.to_string(),
            zh: zh_of(&why, "其中的数据无法读取"),
        })
    }

    fn write_err<E: std::fmt::Display + 'static>(&self, why: E) -> StoreError {
        self.full_disk(&why).unwrap_or_else(|| StoreError::Write {
            path: self.root.clone(),
            why: why.to_string(),
            zh: zh_of(&why, "写入数据库时出错"),
        })
    }

    /// Opens an existing store.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        if !sled_dir(root).is_dir() {
            if journal_path(root).is_file() {
                return Err(StoreError::Damaged {
                    path: root.to_path_buf(),
                    why: "its database files are missing".into(),
                    zh: "数据库文件缺失".into(),
                });
            }
            return Err(StoreError::Missing(root.to_path_buf()));
        }
        let store = Store::open_db(root)?;
        match store.meta.get("schema").map_err(|e| store.damaged(e))? {
            Some(v) => {
                let found = std::str::from_utf8(&v)
                    .ok()
                    .and_then(|s| s.parse::<u32>().ok())
                    .unwrap_or(u32::MAX);
                if found > SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema {
                        path: root.to_path_buf(),
                        found,
                        supported: SCHEMA_VERSION,
                    });
                }
            }
            None => {
                return Err(StoreError::Damaged {
                    path: root.to_path_buf(),
                    why: "it holds no campaign (an init that never finished?)".into(),
                    zh: "其中没有评审任务（init 没有完成？）".into(),
                })
            }
        }
        // sled, its log damaged, can open at an earlier state without a word: the journal
        // knows the last write that was flushed.
        if let Ok(Some(saved)) = journal::last_applied(&journal_path(root)) {
            let head = store.audit_head()?.map_or(0, |e| e.seq);
            if head < saved {
                return Err(StoreError::Damaged {
                    path: root.to_path_buf(),
                    why: format!("its database ends at audit entry {head}, but its journal records entry {saved} as saved"),
                    zh: format!("数据库停在第 {head} 条审计记录，而日志记载第 {saved} 条已保存"),
                });
            }
        }
        let journal = Journal::open(&journal_path(root)).map_err(|e| not_writable(root, e))?;
        *store
            .journal
            .lock()
            .map_err(|_| store.damaged("lock poisoned"))? = Some(journal);
        Ok(store)
    }

    /// Creates a store at `root` holding `campaign`. Refuses a store that already holds one.
    /// On any failure nothing is left behind that was not there before.
    pub fn create(
        root: &Path,
        campaign: &Campaign,
        keys_toml: Option<&str>,
        decisions: &[(String, Vec<u8>)],
        package: Option<serde_json::Value>,
        at: &str,
    ) -> Result<Store, StoreError> {
        Store::create_with(root, campaign, keys_toml, decisions, package, None, at)
    }

    /// [`Store::create`] for a secretariat's store loaded from the campaign folder `folder`
    /// (an absolute path): the store remembers it, and its decisions live there.
    pub fn create_for_folder(
        root: &Path,
        campaign: &Campaign,
        keys_toml: Option<&str>,
        decisions: &[(String, Vec<u8>)],
        folder: &str,
        at: &str,
    ) -> Result<Store, StoreError> {
        let folder = Some(folder.to_string());
        Store::create_with(root, campaign, keys_toml, decisions, None, folder, at)
    }

    fn create_with(
        root: &Path,
        campaign: &Campaign,
        keys_toml: Option<&str>,
        decisions: &[(String, Vec<u8>)],
        package: Option<serde_json::Value>,
        folder: Option<String>,
        at: &str,
    ) -> Result<Store, StoreError> {
        if sled_dir(root).exists() || journal_path(root).exists() {
            let held = Store::open(root)
                .ok()
                .and_then(|s| s.campaign_id().ok())
                .unwrap_or_else(|| "?".into());
            return Err(StoreError::AlreadyHolds {
                path: root.to_path_buf(),
                campaign: held,
            });
        }
        let existed = root.exists();
        let result = (|| {
            std::fs::create_dir_all(root).map_err(|e| not_writable(root, e))?;
            let store = Store::open_db(root)?;
            let journal = Journal::open(&journal_path(root)).map_err(|e| not_writable(root, e))?;
            *store
                .journal
                .lock()
                .map_err(|_| store.damaged("lock poisoned"))? = Some(journal);
            let b64 = base64::engine::general_purpose::STANDARD;
            let op = Op::Init {
                campaign: serde_json::to_value(campaign).map_err(|e| store.write_err(e))?,
                keys_toml: keys_toml.map(str::to_string),
                decisions: decisions
                    .iter()
                    .map(|(n, b)| (n.clone(), b64.encode(b)))
                    .collect(),
                package,
                folder,
                at: at.to_string(),
            };
            store.apply(&op)?;
            // sled turns the log of this bulk write into its snapshot over the next few
            // opens (about 100, 50 and 50 ms at 10,000 applications, then 10 ms): open it
            // here, once, so the expert's first start finds it settled.
            drop(store);
            for _ in 0..SETTLING_OPENS {
                drop(after_drop(|| Store::open_db(root))?);
            }
            after_drop(|| Store::open(root))
        })();
        if result.is_err() {
            // Leave no half-written store: remove what this call made.
            if existed {
                let _ = std::fs::remove_dir_all(sled_dir(root));
                let _ = std::fs::remove_file(journal_path(root));
            } else {
                let _ = std::fs::remove_dir_all(root);
            }
        }
        result
    }

    /// Rebuilds the store at `root` from its journal; the damaged database is moved aside,
    /// not deleted. Returns the store and the journal lines that had to be skipped.
    pub fn recover(root: &Path) -> Result<(Store, Vec<usize>), StoreError> {
        let jp = journal_path(root);
        // Nothing there at all is no store, not a damaged one.
        if !jp.exists() && !sled_dir(root).exists() {
            return Err(StoreError::Missing(root.to_path_buf()));
        }
        let replay = journal::read(&jp).map_err(|e| StoreError::Unrecoverable {
            path: root.to_path_buf(),
            why: format!(
                "its journal {} cannot be read: {}",
                jp.display(),
                crate::i18n::io_phrase(crate::i18n::Lang::En, &e)
            ),
            zh: format!(
                "其日志 {} 无法读取：{}",
                jp.display(),
                crate::i18n::io_phrase(crate::i18n::Lang::Zh, &e)
            ),
        })?;
        if !matches!(replay.ops.first(), Some(Op::Init { .. })) {
            return Err(StoreError::Unrecoverable {
                path: root.to_path_buf(),
                why: "its journal does not begin with the campaign".into(),
                zh: "其日志不是从评审任务开始的".into(),
            });
        }
        let old = sled_dir(root);
        if old.exists() {
            // A store another pingshen has open is not damaged: moving its database aside
            // would leave that process writing to the moved copy.
            if let Err(StoreError::InUse(p)) = Store::open_db(root) {
                return Err(StoreError::InUse(p));
            }
            let mut n = 1;
            let aside = loop {
                let p = root.join(format!("sled.damaged-{n}"));
                if !p.exists() {
                    break p;
                }
                n += 1;
            };
            std::fs::rename(&old, &aside).map_err(|e| not_writable(root, e))?;
        }
        let store = Store::open_db(root)?;
        for op in &replay.ops {
            store.apply(op)?;
        }
        let mut journal = Journal::open(&jp).map_err(|e| not_writable(root, e))?;
        // The rebuilt store numbers its audit entries afresh: mark where it now ends.
        if let Some(head) = store.audit_head()? {
            journal.mark_applied(head.seq);
        }
        *store
            .journal
            .lock()
            .map_err(|_| store.damaged("lock poisoned"))? = Some(journal);
        Ok((store, replay.skipped))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How messages name the store's keys.toml, which is no file of its own.
    pub fn keys_label(&self, lang: crate::i18n::Lang) -> String {
        lang.say(
            format!("评审库 {} 中的 keys.toml", self.root.display()),
            format!("keys.toml of the store {}", self.root.display()),
        )
    }

    /// Installs a hook run just before each flush (tests hold a flush back with it).
    pub fn set_pre_flush(&self, hook: Option<FlushHook>) {
        if let Ok(mut h) = self.pre_flush.lock() {
            *h = hook;
        }
    }

    /// Journals `op`, applies it with its audit entry in one transaction, and flushes.
    fn apply(&self, op: &Op) -> Result<(), StoreError> {
        let mut journal = self
            .journal
            .lock()
            .map_err(|_| self.damaged("lock poisoned"))?;
        if let Some(j) = journal.as_mut() {
            j.append(op).map_err(|e| {
                if disk_full(&e) {
                    StoreError::DiskFull(self.root.clone())
                } else {
                    StoreError::Write {
                        path: self.root.clone(),
                        why: format!("journal {}: {e}", j.path().display()),
                        zh: format!(
                            "写日志 {} 时出错：{}",
                            j.path().display(),
                            crate::i18n::io_phrase(crate::i18n::Lang::Zh, &e)
                        ),
                    }
                }
            })?;
        }
        self.apply_to_db(op)?;
        let hook = self.pre_flush.lock().ok().and_then(|h| h.clone());
        if let Some(hook) = hook {
            hook();
        }
        self.db.flush().map_err(|e| match e {
            sled::Error::Io(io) if disk_full(&io) => StoreError::DiskFull(self.root.clone()),
            e => self.write_err(e),
        })?;
        if let Some(j) = journal.as_mut() {
            if let Ok(Some(head)) = self.audit_head() {
                j.mark_applied(head.seq);
            }
        }
        drop(journal);
        Ok(())
    }

    fn apply_to_db(&self, op: &Op) -> Result<(), StoreError> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let (tree, key, value, kind, detail): (
            &sled::Tree,
            Vec<u8>,
            Vec<u8>,
            &str,
            serde_json::Value,
        ) = match op {
            Op::Init {
                campaign,
                keys_toml,
                decisions,
                package,
                folder,
                ..
            } => {
                let c: Campaign =
                    serde_json::from_value(campaign.clone()).map_err(|e| self.damaged(e))?;
                self.put_campaign(&c)?;
                // The digest of the campaign as it reads back, kept: checking a decision
                // against it otherwise costs a canonical serialisation of the whole
                // campaign (0.1 s at 10,000 applications) on every start.
                let digest = self.campaign()?.digest();
                self.meta
                    .insert(CAMPAIGN_DIGEST, digest.as_bytes())
                    .map_err(|e| self.write_err(e))?;
                if let Some(k) = keys_toml {
                    self.meta
                        .insert("keys_toml", k.as_bytes())
                        .map_err(|e| self.write_err(e))?;
                }
                if let Some(p) = package {
                    self.meta
                        .insert("package", json(p))
                        .map_err(|e| self.write_err(e))?;
                }
                if let Some(f) = folder {
                    self.meta
                        .insert("campaign_folder", f.as_bytes())
                        .map_err(|e| self.write_err(e))?;
                }
                for (name, bytes) in decisions {
                    let bytes = b64.decode(bytes).map_err(|e| self.damaged(e))?;
                    self.decisions
                        .insert(name.as_bytes(), bytes)
                        .map_err(|e| self.write_err(e))?;
                }
                self.meta
                    .insert("schema", SCHEMA_VERSION.to_string().as_bytes())
                    .map_err(|e| self.write_err(e))?;
                let detail = serde_json::json!({ "campaign": c.settings.id, "digest": c.digest(), "applications": c.applications.len() });
                (
                    &self.meta,
                    b"campaign_id".to_vec(),
                    c.settings.id.clone().into_bytes(),
                    "init",
                    detail,
                )
            }
            Op::Score { score, .. } => {
                let k = &score.key;
                let detail = serde_json::json!({ "expert": k.expert, "application": k.application, "criterion": k.criterion, "round": k.round, "value": score.value.0, "comment": score.comment, "reason": score.reason });
                (&self.scores, score_key(k), json(score), "score", detail)
            }
            Op::Pledge { pledge, .. } => {
                let detail =
                    serde_json::json!({ "expert": pledge.expert, "text_sm3": pledge.text_sm3 });
                (
                    &self.pledges,
                    pledge.expert.clone().into_bytes(),
                    json(pledge),
                    "pledge",
                    detail,
                )
            }
            Op::Declare { declaration, .. } => {
                let detail = serde_json::json!({ "expert": declaration.expert, "application": declaration.application, "reason": declaration.reason });
                (
                    &self.declarations,
                    pair_key(&declaration.expert, &declaration.application),
                    json(declaration),
                    "declaration",
                    detail,
                )
            }
            Op::Decision { name, bytes, .. } => {
                let raw = b64.decode(bytes).map_err(|e| self.damaged(e))?;
                let detail = serde_json::json!({ "file": name, "sm3": hex::encode(<sm3::Sm3 as sm3::Digest>::digest(&raw)) });
                (
                    &self.decisions,
                    name.clone().into_bytes(),
                    raw,
                    "decision",
                    detail,
                )
            }
            Op::Revision {
                expert, revision, ..
            } => {
                let detail = serde_json::json!({ "expert": expert, "revision": revision });
                (
                    &self.revisions,
                    expert.clone().into_bytes(),
                    revision.to_be_bytes().to_vec(),
                    "revision",
                    detail,
                )
            }
            Op::Event { kind, detail, .. } => {
                // An audit-only event: the "data" write is the audit entry itself.
                return self.append_audit(kind, detail.clone(), op.at());
            }
        };
        self.commit(Some((tree, key, value)), kind, detail, op.at())
    }

    fn append_audit(
        &self,
        kind: &str,
        detail: serde_json::Value,
        at: &str,
    ) -> Result<(), StoreError> {
        self.commit(None, kind, detail, at)
    }

    /// One transaction: the data write (if any) and its audit entry, chained to the head.
    fn commit(
        &self,
        data: Option<(&sled::Tree, Vec<u8>, Vec<u8>)>,
        kind: &str,
        detail: serde_json::Value,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut trees: Vec<&sled::Tree> = vec![&self.audit, &self.meta];
        if let Some((t, _, _)) = &data {
            trees.push(t);
        }
        let r: Result<(), TransactionError<String>> = trees.as_slice().transaction(|tx| {
            let (a, m) = (&tx[0], &tx[1]);
            if let (Some(t), Some((_, k, v))) = (tx.get(2), &data) {
                t.insert(k.as_slice(), v.as_slice())?;
            }
            let head: Option<AuditEntry> = m
                .get("audit_head")?
                .and_then(|h| serde_json::from_slice(&h).ok());
            let abort = |e: String| ConflictableTransactionError::Abort(e);
            let entry = next_entry(head.as_ref(), at, kind, detail.clone())
                .map_err(|e| abort(e.to_string()))?;
            let bytes = serde_json::to_vec(&entry).map_err(|e| abort(e.to_string()))?;
            a.insert(&entry.seq.to_be_bytes(), bytes.as_slice())?;
            m.insert("audit_head", bytes)?;
            Ok(())
        });
        r.map_err(|e| match e {
            TransactionError::Storage(e) => self.write_err(e),
            TransactionError::Abort(why) => self.write_err(why),
        })
    }

    fn put_campaign(&self, c: &Campaign) -> Result<(), StoreError> {
        let w = |e: sled::Error| self.write_err(e);
        self.campaign
            .insert("settings", json(&c.settings))
            .map_err(w)?;
        self.campaign
            .insert("rubrics", json(&c.rubrics))
            .map_err(w)?;
        self.campaign
            .insert("recommenders", json(&c.recommenders))
            .map_err(w)?;
        if let Some(p) = &c.package {
            self.campaign.insert("package", json(p)).map_err(w)?;
        }
        // The records twice: one value per kind, which a start reads in one go (a 10,000-
        // application campaign was 30,000 small reads, 40% of reading it back), and one
        // value per record as before, so a pingshen before this one still reads the store.
        for (key, value) in [
            (RECORDS_APPLICATIONS, json(&c.applications)),
            (RECORDS_UNITS, json(&c.units)),
            (RECORDS_EXPERTS, json(&c.experts)),
        ] {
            self.campaign.insert(key, value).map_err(w)?;
        }
        for (tree, items) in [
            (
                &self.applications,
                c.applications
                    .iter()
                    .map(|a| (a.id.as_str(), json(a)))
                    .collect::<Vec<_>>(),
            ),
            (
                &self.units,
                c.units.iter().map(|u| (u.id.as_str(), json(u))).collect(),
            ),
            (
                &self.experts,
                c.experts.iter().map(|e| (e.id.as_str(), json(e))).collect(),
            ),
        ] {
            let mut batch = sled::Batch::default();
            for (id, v) in items {
                batch.insert(id.as_bytes(), v);
            }
            tree.apply_batch(batch).map_err(w)?;
        }
        Ok(())
    }

    fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        match tree.get(key).map_err(|e| self.damaged(e))? {
            Some(v) => serde_json::from_slice(&v)
                .map(Some)
                .map_err(|e| self.damaged(format!("{key}: {e}"))),
            None => Ok(None),
        }
    }

    fn all<T: serde::de::DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        tree.scan_prefix(prefix)
            .map(|kv| {
                let (_, v) = kv.map_err(|e| self.damaged(e))?;
                serde_json::from_slice(&v).map_err(|e| self.damaged(e))
            })
            .collect()
    }

    pub fn campaign_id(&self) -> Result<String, StoreError> {
        let v = self
            .meta
            .get("campaign_id")
            .map_err(|e| self.damaged(e))?
            .ok_or_else(|| self.damaged("no campaign"))?;
        Ok(String::from_utf8_lossy(&v).into_owned())
    }

    /// The campaign as `init` loaded it.
    pub fn campaign(&self) -> Result<Campaign, StoreError> {
        let settings: Settings = self
            .get_json(&self.campaign, "settings")?
            .ok_or_else(|| self.damaged("no campaign settings"))?;
        let rubrics: Vec<Rubric> = self
            .get_json(&self.campaign, "rubrics")?
            .unwrap_or_default();
        let recommenders: Vec<Recommender> = self
            .get_json(&self.campaign, "recommenders")?
            .unwrap_or_default();
        let (applications, units, experts) = self.records()?;
        let mut c = Campaign::new(
            settings,
            rubrics,
            recommenders,
            units,
            experts,
            applications,
        );
        c.package = self.get_json(&self.campaign, "package")?;
        Ok(c)
    }

    /// The campaign's applications, units and experts: from the one value per kind a store
    /// of this version holds, the applications parsed beside the units and experts on a
    /// second thread; from one value per record in a store written before (which holds
    /// no such value).
    #[allow(clippy::type_complexity)]
    fn records(&self) -> Result<(Vec<Application>, Vec<Unit>, Vec<Expert>), StoreError> {
        let get = |key: &str| self.campaign.get(key).map_err(|e| self.damaged(e));
        let (Some(apps), Some(units), Some(experts)) = (
            get(RECORDS_APPLICATIONS)?,
            get(RECORDS_UNITS)?,
            get(RECORDS_EXPERTS)?,
        ) else {
            return Ok((
                self.all(&self.applications, b"")?,
                self.all(&self.units, b"")?,
                self.all(&self.experts, b"")?,
            ));
        };
        type People = (Vec<Unit>, Vec<Expert>);
        let people = |units: &[u8], experts: &[u8]| -> Result<People, (&str, String)> {
            Ok((
                parse(units).map_err(|e| (RECORDS_UNITS, e))?,
                parse(experts).map_err(|e| (RECORDS_EXPERTS, e))?,
            ))
        };
        let (applications, people) = std::thread::scope(|s| {
            let beside = std::thread::Builder::new()
                .name("pingshen-read".into())
                .spawn_scoped(s, || people(&units, &experts));
            let applications: Result<Vec<Application>, _> =
                parse(&apps).map_err(|e| (RECORDS_APPLICATIONS, e));
            let people = match beside {
                Ok(h) => h.join().unwrap_or_else(|_| people(&units, &experts)),
                // No second thread to be had: one after the other.
                Err(_) => people(&units, &experts),
            };
            (applications, people)
        });
        let damaged = |(key, e): (&str, String)| self.damaged(format!("{key}: {e}"));
        let applications = applications.map_err(damaged)?;
        let (units, experts) = people.map_err(damaged)?;
        Ok((applications, units, experts))
    }

    /// The digest of the campaign [`Store::campaign`] reads (`Campaign::digest`), as
    /// `init` kept it; `None` for a store written before it kept one.
    pub fn campaign_digest(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .meta
            .get(CAMPAIGN_DIGEST)
            .map_err(|e| self.damaged(e))?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn keys_toml(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .meta
            .get("keys_toml")
            .map_err(|e| self.damaged(e))?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// The campaign folder this store was loaded from, when `init` remembered one (a
    /// secretariat's store; never an expert's package).
    pub fn campaign_folder(&self) -> Result<Option<PathBuf>, StoreError> {
        Ok(self
            .meta
            .get("campaign_folder")
            .map_err(|e| self.damaged(e))?
            .map(|v| PathBuf::from(String::from_utf8_lossy(&v).into_owned())))
    }

    pub fn package_file(&self) -> Result<Option<serde_json::Value>, StoreError> {
        self.get_json(&self.meta, "package")
    }

    /// Signed decision files, by name.
    pub fn decision_files(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        self.decisions
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(|e| self.damaged(e))?;
                Ok((String::from_utf8_lossy(&k).into_owned(), v.to_vec()))
            })
            .collect()
    }

    pub fn has_decision(&self, name: &str) -> Result<bool, StoreError> {
        self.decisions
            .contains_key(name)
            .map_err(|e| self.damaged(e))
    }

    /// Records a score. Durable when this returns. The caller has checked it (range,
    /// assignment, conflicts: see `review`).
    pub fn put_score(&self, score: &Score, at: &str) -> Result<(), StoreError> {
        self.apply(&Op::Score {
            score: score.clone(),
            at: at.to_string(),
        })
    }

    pub fn put_pledge(&self, pledge: &Pledge, at: &str) -> Result<(), StoreError> {
        self.apply(&Op::Pledge {
            pledge: pledge.clone(),
            at: at.to_string(),
        })
    }

    pub fn put_declaration(&self, d: &Declaration, at: &str) -> Result<(), StoreError> {
        self.apply(&Op::Declare {
            declaration: d.clone(),
            at: at.to_string(),
        })
    }

    pub fn put_decision(&self, name: &str, bytes: &[u8], at: &str) -> Result<(), StoreError> {
        let b64 = base64::engine::general_purpose::STANDARD;
        self.apply(&Op::Decision {
            name: name.to_string(),
            bytes: b64.encode(bytes),
            at: at.to_string(),
        })
    }

    pub fn set_revision(&self, expert: &str, revision: u64, at: &str) -> Result<(), StoreError> {
        self.apply(&Op::Revision {
            expert: expert.to_string(),
            revision,
            at: at.to_string(),
        })
    }

    /// Records an audit-only event (export, merge, draw …), durably.
    pub fn record_event(
        &self,
        kind: &str,
        detail: serde_json::Value,
        at: &str,
    ) -> Result<(), StoreError> {
        self.apply(&Op::Event {
            kind: kind.to_string(),
            detail,
            at: at.to_string(),
        })
    }

    pub fn revision(&self, expert: &str) -> Result<u64, StoreError> {
        Ok(self
            .revisions
            .get(expert)
            .map_err(|e| self.damaged(e))?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(u64::from_be_bytes)
            .unwrap_or(0))
    }

    /// Every score of `expert` (all rounds), or of everyone.
    pub fn scores(&self, expert: Option<&str>) -> Result<Vec<Score>, StoreError> {
        self.all(&self.scores, &expert.map(prefix).unwrap_or_default())
    }

    pub fn score(&self, key: &ScoreKey) -> Result<Option<Score>, StoreError> {
        match self
            .scores
            .get(score_key(key))
            .map_err(|e| self.damaged(e))?
        {
            Some(v) => serde_json::from_slice(&v)
                .map(Some)
                .map_err(|e| self.damaged(e)),
            None => Ok(None),
        }
    }

    pub fn pledge(&self, expert: &str) -> Result<Option<Pledge>, StoreError> {
        self.get_json(&self.pledges, expert)
    }

    pub fn pledges(&self) -> Result<Vec<Pledge>, StoreError> {
        self.all(&self.pledges, b"")
    }

    pub fn declarations(&self, expert: Option<&str>) -> Result<Vec<Declaration>, StoreError> {
        self.all(&self.declarations, &expert.map(prefix).unwrap_or_default())
    }

    /// The last audit entry, as the store's head records it.
    pub fn audit_head(&self) -> Result<Option<AuditEntry>, StoreError> {
        self.get_json(&self.meta, "audit_head")
    }

    /// The audit log, in order.
    pub fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.all(&self.audit, b"")
    }
}
