//! Building, signing and writing an expert's score sheet from their store; the command line
//! and the interface's worker both export through here.

use crate::i18n::Lang;
use crate::keys::{Keyring, PrivateKey};
use crate::model::{Campaign, Role};
use crate::sheet::{
    sheet_file_bytes, sign_sheet, SheetBody, SheetDeclaration, SheetPledge, SheetScore,
    SHEET_FORMAT,
};
use crate::store::Store;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub file: PathBuf,
    pub expert: String,
    pub revision: u64,
    pub round: u32,
    pub scores: usize,
    pub declarations: usize,
    pub pledged: bool,
    /// SM3 of the file's bytes, lowercase hex.
    pub sm3: String,
    /// Whether the store's keys.toml lists the signing key (a chair can only verify the
    /// sheet once it does).
    pub key_listed: bool,
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    if lang.is_zh() {
        zh
    } else {
        en
    }
}

/// [`export_sheet_in`] with English messages.
pub fn export_sheet(
    store: &Store,
    campaign: &Campaign,
    expert: &str,
    key: &PrivateKey,
    out: &Path,
) -> Result<ExportSummary, String> {
    export_sheet_in(store, campaign, expert, key, out, Lang::En)
}

/// The expert's signed sheet: the full campaign's digest, the next revision (raised durably
/// before the file is written), every score of every round with its comment and reason,
/// every declaration and the commitment; written atomically to `out`, and audited.
pub fn export_sheet_in(
    store: &Store,
    campaign: &Campaign,
    expert: &str,
    key: &PrivateKey,
    out: &Path,
    lang: Lang,
) -> Result<ExportSummary, String> {
    if key.role != Role::Expert || key.id != expert {
        return Err(pick(
            lang,
            format!("密钥 `{}`（{}）不是专家 `{expert}` 本人的密钥；评分表只能由专家本人签署，请用 {expert}.key", key.id, key.role.zh()),
            format!("key `{}` ({}) is not expert `{expert}`'s own key; a sheet is signed by its expert only: use {expert}.key", key.id, key.role.as_str()),
        ));
    }
    if campaign.expert(expert).is_none() {
        return Err(pick(
            lang,
            format!("专家 `{expert}` 不在本评审的专家库中；请核对 --expert"),
            format!("expert `{expert}` is not in this campaign's pool; check --expert"),
        ));
    }
    let store_err = |e: crate::store::StoreError| e.message(lang);
    let key_listed = match store.keys_toml().map_err(store_err)? {
        None => false,
        Some(text) => {
            let ring = Keyring::parse(&text, "keys.toml").map_err(|e| e.message(lang))?;
            match ring.get(expert) {
                None => false,
                Some(e) if e.public == key.public_key() && e.role == Role::Expert => true,
                Some(_) => {
                    return Err(pick(
                        lang,
                        format!("keys.toml 中专家 `{expert}` 的公钥与该私钥不符，导出的评分表将无法核验；请确认用的是正确的私钥文件"),
                        format!("keys.toml lists expert `{expert}` with another key than this one, so the sheet would not verify; check you used the right key file"),
                    ))
                }
            }
        }
    };
    let scores: Vec<SheetScore> = store
        .scores(Some(expert))
        .map_err(store_err)?
        .into_iter()
        .map(|s| SheetScore {
            application: s.key.application.into(),
            criterion: s.key.criterion.into(),
            round: s.key.round,
            value: s.value.hundredths(),
            comment: s.comment,
            reason: s.reason,
        })
        .collect();
    let declarations: Vec<SheetDeclaration> = store
        .declarations(Some(expert))
        .map_err(store_err)?
        .into_iter()
        .map(|d| SheetDeclaration {
            application: d.application,
            reason: d.reason,
        })
        .collect();
    let pledge = store
        .pledge(expert)
        .map_err(store_err)?
        .map(|p| SheetPledge {
            at: p.at,
            text_sm3: p.text_sm3,
        });
    let round = scores.iter().map(|s| s.round).max().unwrap_or(1).max(1);
    let revision = store.revision(expert).map_err(store_err)? + 1;
    let body = SheetBody {
        format: SHEET_FORMAT,
        campaign: campaign.digest(),
        expert: expert.to_string(),
        revision,
        round,
        scores,
        declarations,
        pledge,
    };
    let sheet = sign_sheet(body, key).map_err(|e| e.to_string())?;
    let bytes = sheet_file_bytes(&sheet);
    let at = crate::clock::now_rfc3339();
    // The counter is raised before the file exists, so no two files ever share a revision.
    store
        .set_revision(expert, revision, &at)
        .map_err(store_err)?;
    write_atomically(out, &bytes).map_err(|e| crate::i18n::cannot_write(lang, out, &e))?;
    let sm3 = {
        use sm3::{Digest, Sm3};
        hex::encode(Sm3::digest(&bytes))
    };
    let summary = ExportSummary {
        file: out.to_path_buf(),
        expert: expert.to_string(),
        revision,
        round,
        scores: sheet.body.scores.len(),
        declarations: sheet.body.declarations.len(),
        pledged: sheet.body.pledge.is_some(),
        sm3: sm3.clone(),
        key_listed,
    };
    store
        .record_event(
            "export",
            serde_json::json!({
                "expert": expert,
                "revision": revision,
                "round": round,
                "scores": summary.scores,
                "declarations": summary.declarations,
                "file": out.display().to_string(),
                "sm3": sm3,
            }),
            &at,
        )
        .map_err(store_err)?;
    Ok(summary)
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it into place:
/// a reader sees the old file or the whole new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_pieces_atomically(path, &[bytes])
}

/// [`write_atomically`] of bytes held in consecutive pieces, written one after the other.
pub fn write_pieces_atomically<P: AsRef<[u8]>>(path: &Path, pieces: &[P]) -> std::io::Result<()> {
    let mut w = AtomicWriter::new(path)?;
    for piece in pieces {
        w.write(piece.as_ref());
    }
    w.finish()
}

/// A file written piece by piece into a temporary file beside its path, then synced and
/// renamed into place by [`AtomicWriter::finish`]: a reader sees the old file or the whole
/// new one. Dropped unfinished, it leaves nothing. The disk starts writing what is written
/// while later pieces are still being made, so the final sync waits only for the rest.
pub struct AtomicWriter {
    tmp: tempfile::NamedTempFile,
    dir: PathBuf,
    path: PathBuf,
    /// The first write that failed; later pieces are dropped and `finish` reports it.
    failed: Option<std::io::Error>,
    written: u64,
    /// Up to where the disk was asked to start writing.
    started: u64,
}

impl AtomicWriter {
    /// Below this much new data, a piece is left to the final sync.
    const START_EVERY: u64 = 4 << 20;

    pub fn new(path: &Path) -> std::io::Result<AtomicWriter> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(AtomicWriter {
            tmp: tempfile::NamedTempFile::new_in(&dir)?,
            dir,
            path: path.to_path_buf(),
            failed: None,
            written: 0,
            started: 0,
        })
    }

    /// Appends `bytes`; an error is kept for [`AtomicWriter::finish`].
    pub fn write(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.tmp.write_all(bytes) {
            self.failed = Some(e);
            return;
        }
        self.written += bytes.len() as u64;
        if self.written - self.started >= Self::START_EVERY {
            start_writeback(
                self.tmp.as_file(),
                self.started,
                self.written - self.started,
            );
            self.started = self.written;
        }
    }

    /// Syncs the file and renames it into place (then syncs the folder), or gives the
    /// first error met.
    pub fn finish(self) -> std::io::Result<()> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Asks the kernel to start writing `len` bytes of `file` from `offset` to disk, without
/// waiting: only a head start for the sync that follows, which still makes it durable.
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
        return;
    };
    // SAFETY: sync_file_range only reads the descriptor, which `file` keeps open; its
    // failure (say, on a file system without it) leaves everything to the final sync.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &std::fs::File, _offset: u64, _len: u64) {}

#[cfg(test)]
mod tests {
    use super::AtomicWriter;

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_finished_file_is_whole_and_an_unfinished_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        // Past the size at which the disk is asked to start writing, twice over.
        let piece = vec![b'x'; (AtomicWriter::START_EVERY as usize) * 2 / 3];
        let mut w = AtomicWriter::new(&path).unwrap();
        for _ in 0..4 {
            w.write(&piece);
        }
        w.write(b"end");
        w.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), piece.len() * 4 + 3);
        assert!(bytes.ends_with(b"xend"));
        assert_eq!(names(dir.path()), ["out.json"]);

        // Dropped before `finish`: the old file stays as it was, no temporary is left.
        let mut w = AtomicWriter::new(&path).unwrap();
        w.write(b"half");
        drop(w);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        assert_eq!(names(dir.path()), ["out.json"]);
    }
}
