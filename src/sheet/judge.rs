//! Judging a set of sheet files together: each alone, then per expert the highest revision
//! wins, older ones are superseded, identical copies collapse, and two different sheets at
//! one revision are a conflict naming both files.

use super::verify::{
    check_sheet, glance_sheet, read_sheet_file_into, Checked, Glance, Header, Identity,
};
use super::{Sheet, SheetError};
use crate::keys::Keyring;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Valid, and the expert's winning sheet.
    Ok(Box<Sheet>),
    /// Valid, and byte for byte the same as `of`, which stands for both.
    Duplicate { sheet: Box<Sheet>, of: String },
    /// Valid, but the same expert has a later revision in `by_file`.
    Superseded {
        sheet: Box<Sheet>,
        by_revision: u64,
        by_file: String,
    },
    /// Valid alone, but `other` holds a different sheet of the same expert and revision.
    Conflict { sheet: Box<Sheet>, other: String },
    /// Refused on its own.
    Invalid(SheetError),
}

/// The verdict on one file, in the order the files were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub file: String,
    pub outcome: Outcome,
    /// From [`judge_sheets_digested`] only: the sheet's digest (hex), the SM3 value its
    /// signature is made on (see `merge::SheetRef::digest`), for a file that verified on
    /// its own.
    pub body_sm3: Option<String>,
}

impl Verdict {
    /// Whether this verdict makes `verify` (and a merge) fail: refused files and conflicts.
    pub fn is_failure(&self) -> bool {
        matches!(self.outcome, Outcome::Invalid(_) | Outcome::Conflict { .. })
    }

    /// The sheet, when the file verified on its own.
    pub fn sheet(&self) -> Option<&Sheet> {
        match &self.outcome {
            Outcome::Ok(s)
            | Outcome::Duplicate { sheet: s, .. }
            | Outcome::Superseded { sheet: s, .. }
            | Outcome::Conflict { sheet: s, .. } => Some(s),
            Outcome::Invalid(_) => None,
        }
    }

    /// One line: `FILE: ok`, `FILE: superseded by revision 3 (b.json)`, `FILE: altered: ...`.
    pub fn line(&self, zh: bool) -> String {
        let said = match &self.outcome {
            Outcome::Ok(_) => Said::Ok,
            Outcome::Duplicate { of, .. } => Said::Duplicate { of },
            Outcome::Superseded {
                by_revision,
                by_file,
                ..
            } => Said::Superseded {
                by_revision: *by_revision,
                by_file,
            },
            Outcome::Conflict { sheet, other } => Said::Conflict {
                expert: &sheet.body.expert,
                revision: sheet.body.revision,
                other,
            },
            Outcome::Invalid(e) => Said::Invalid(e),
        };
        say(&self.file, said, zh)
    }
}

/// What a verdict line says, whatever the verdict was made from.
enum Said<'a> {
    Ok,
    Duplicate {
        of: &'a str,
    },
    Superseded {
        by_revision: u64,
        by_file: &'a str,
    },
    Conflict {
        expert: &'a str,
        revision: u64,
        other: &'a str,
    },
    Invalid(&'a SheetError),
}

fn say(f: &str, said: Said<'_>, zh: bool) -> String {
    match (said, zh) {
        (Said::Ok, false) => format!("{f}: ok"),
        (Said::Ok, true) => format!("{f}：通过"),
        (Said::Duplicate { of }, false) => format!("{f}: ok, identical to {of}"),
        (Said::Duplicate { of }, true) => format!("{f}：通过，与 {of} 完全相同"),
        (
            Said::Superseded {
                by_revision,
                by_file,
            },
            false,
        ) => format!("{f}: superseded by revision {by_revision} ({by_file})"),
        (
            Said::Superseded {
                by_revision,
                by_file,
            },
            true,
        ) => format!("{f}：已被第 {by_revision} 版取代（{by_file}）"),
        (
            Said::Conflict {
                expert,
                revision,
                other,
            },
            false,
        ) => format!(
            "{f}: conflict: expert {expert} has a different sheet at revision {revision} in {other}; keep only one of the two files"
        ),
        (
            Said::Conflict {
                expert,
                revision,
                other,
            },
            true,
        ) => format!(
            "{f}：冲突：专家 {expert} 在 {other} 中有同为第 {revision} 版但内容不同的评分表，两个文件只能保留一个"
        ),
        (Said::Invalid(e), false) => format!("{f}: {e}"),
        (Said::Invalid(e), true) => format!("{f}：{}", e.zh()),
    }
}

/// Verifies every file (on all cores) and judges them together. One verdict per file, in
/// input order.
pub fn judge_sheets(
    files: &[(String, Vec<u8>)],
    expected_digest: &str,
    keyring: &Keyring,
) -> Vec<Verdict> {
    judge(files, expected_digest, keyring, false)
}

/// The same, each verified file's verdict also carrying the sheet's digest, which a merge
/// records for every winning sheet: for SM2 the value the signature check hashed anyway,
/// so a large merge hashes each body once, not twice.
pub fn judge_sheets_digested(
    files: &[(String, Vec<u8>)],
    expected_digest: &str,
    keyring: &Keyring,
) -> Vec<Verdict> {
    judge(files, expected_digest, keyring, true)
}

/// Every file checked in all but its campaign (on all cores), to be judged by
/// [`CheckedSheets::judge`] once the campaign's digest is known: lets a command read the
/// campaign while the sheets are checked.
pub struct CheckedSheets(Vec<Checked>);

/// Checks every file but for its campaign, on all cores; with `body_sm3` each verified
/// file's verdict will carry the SM3 of its canonical body (as [`judge_sheets_digested`]).
pub fn check_sheets(
    files: &[(String, Vec<u8>)],
    keyring: &Keyring,
    body_sm3: bool,
) -> CheckedSheets {
    CheckedSheets(check_all(files, keyring, body_sm3))
}

impl CheckedSheets {
    /// The verdicts on `files` (the same files, in the same order, as were checked) against
    /// the campaign whose digest is `expected_digest`.
    pub fn judge(self, files: &[(String, Vec<u8>)], expected_digest: &str) -> Vec<Verdict> {
        let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
        self.judge_named(&names, expected_digest)
    }

    /// [`CheckedSheets::judge`] of the files named `names`, in the order they were checked.
    pub fn judge_named(self, names: &[String], expected_digest: &str) -> Vec<Verdict> {
        let results = self
            .0
            .into_iter()
            .map(|c| c.settle(expected_digest))
            .collect();
        judge_results(names, results)
    }
}

fn judge(
    files: &[(String, Vec<u8>)],
    expected_digest: &str,
    keyring: &Keyring,
    body_sm3: bool,
) -> Vec<Verdict> {
    check_sheets(files, keyring, body_sm3).judge(files, expected_digest)
}

/// Where each verified file stands among its expert's: `verified` gives each file's expert
/// and revision when it verified, `same` whether two verified files hold the same bytes.
fn places(verified: &[Option<(&str, u64)>], same: impl Fn(usize, usize) -> bool) -> Vec<Place> {
    // Per expert, the files that verified, by revision.
    let mut by_expert: BTreeMap<&str, BTreeMap<u64, Vec<usize>>> = BTreeMap::new();
    for (i, v) in verified.iter().enumerate() {
        if let Some((expert, revision)) = v {
            by_expert
                .entry(expert)
                .or_default()
                .entry(*revision)
                .or_default()
                .push(i);
        }
    }
    let mut place: Vec<Place> = vec![Place::Winner; verified.len()];
    for revisions in by_expert.values() {
        let Some((&top, top_files)) = revisions.last_key_value() else {
            continue;
        };
        for (&rev, idxs) in revisions {
            for &i in idxs {
                let differing = idxs.iter().copied().find(|&j| j != i && !same(i, j));
                let first_same = idxs.iter().copied().find(|&j| j == i || same(i, j));
                place[i] = match (differing, first_same) {
                    (Some(j), _) => Place::Conflict(j),
                    _ if rev < top => Place::Superseded(top, top_files[0]),
                    (None, Some(j)) if j != i => Place::Duplicate(j),
                    _ => Place::Winner,
                };
            }
        }
    }
    place
}

fn judge_results(names: &[String], results: Vec<Verified>) -> Vec<Verdict> {
    let verified: Vec<Option<(&str, u64)>> = results
        .iter()
        .map(|r| {
            r.as_ref()
                .ok()
                .map(|(s, _)| (s.body.expert.as_str(), s.body.revision))
        })
        .collect();
    // A verified file is canonical: the bytes of its sheet as written, so two hold the same
    // bytes exactly when they hold the same sheet.
    let sheet = |i: usize| results[i].as_ref().ok().map(|(s, _)| s);
    let place = places(&verified, |a, b| sheet(a) == sheet(b));
    drop(verified);
    let name = |j: usize| names[j].clone();
    names
        .iter()
        .zip(results)
        .zip(place)
        .map(|((file, result), place)| {
            let (result, body_sm3) = match result {
                Ok((s, d)) => (Ok(s), d),
                Err(e) => (Err(e), None),
            };
            Verdict {
                file: file.clone(),
                body_sm3,
                outcome: match result {
                    Err(e) => Outcome::Invalid(e),
                    Ok(s) => {
                        let sheet = Box::new(s);
                        match place {
                            Place::Winner => Outcome::Ok(sheet),
                            Place::Duplicate(j) => Outcome::Duplicate { sheet, of: name(j) },
                            Place::Superseded(by_revision, j) => Outcome::Superseded {
                                sheet,
                                by_revision,
                                by_file: name(j),
                            },
                            Place::Conflict(j) => Outcome::Conflict {
                                sheet,
                                other: name(j),
                            },
                        }
                    }
                },
            }
        })
        .collect()
}

/// Where a verified file stands among its expert's files; indexes point at other files.
#[derive(Clone, Copy)]
enum Place {
    Winner,
    Duplicate(usize),
    Superseded(u64, usize),
    Conflict(usize),
}

/// The winning sheet of each expert, in expert-id order: the highest revision, when it is
/// not in conflict. Identical copies count once.
pub fn winning_sheets(verdicts: &[Verdict]) -> Vec<&Sheet> {
    let mut out: Vec<&Sheet> = verdicts
        .iter()
        .filter_map(|v| match &v.outcome {
            Outcome::Ok(s) => Some(s.as_ref()),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.body.expert.cmp(&b.body.expert));
    out
}

type Verified = Result<(Sheet, Option<String>), SheetError>;

fn check_all(files: &[(String, Vec<u8>)], keyring: &Keyring, body_sm3: bool) -> Vec<Checked> {
    let check = |b: &[u8]| check_sheet(b, keyring, body_sm3);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len());
    if threads <= 1 {
        return files.iter().map(|(_, b)| check(b)).collect();
    }
    // Files are interleaved across threads so a few large sheets do not land on one.
    let mut slots: Vec<Option<Checked>> = vec![None; files.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..files.len())
                        .step_by(threads)
                        .map(|i| (i, check(&files[i].1)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A worker only panics on a bug; its files then fall through to the serial path.
            if let Ok(done) = h.join() {
                for (i, r) in done {
                    slots[i] = Some(r);
                }
            }
        }
    });
    slots
        .into_iter()
        .zip(files)
        .map(|(slot, (_, b))| slot.unwrap_or_else(|| check(b)))
        .collect()
}

/// Reads every file in `paths` and runs `check` on its bytes, on all cores: each thread
/// takes the next file, reads it into the one buffer it keeps and checks it there, so no
/// file's bytes outlive its check and no file gets fresh pages. `done` is called once per
/// file. One result per file, in order: what `check` made of it, or why it could not be
/// read.
fn each_file<T: Send>(
    paths: &[PathBuf],
    done: &(dyn Fn() + Sync),
    check: impl Fn(&[u8]) -> T + Sync,
) -> Vec<Result<T, SheetError>> {
    let one = |path: &PathBuf, buf: &mut Vec<u8>| {
        let r = read_sheet_file_into(path, buf).map(|()| check(buf));
        done();
        r
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(paths.len());
    if threads <= 1 {
        let mut buf = Vec::new();
        return paths.iter().map(|p| one(p, &mut buf)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<T, SheetError>>> =
        std::iter::repeat_with(|| None).take(paths.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut buf = Vec::new();
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else {
                            return out;
                        };
                        out.push((i, one(path, &mut buf)));
                    }
                })
            })
            .collect();
        for h in handles {
            // A worker only panics on a bug; its files then fall through to the serial path.
            if let Ok(done) = h.join() {
                for (i, r) in done {
                    slots[i] = Some(r);
                }
            }
        }
    });
    let mut buf = Vec::new();
    slots
        .into_iter()
        .zip(paths)
        .map(|(slot, path)| slot.unwrap_or_else(|| one(path, &mut buf)))
        .collect()
}

/// Reads and checks every file in `paths` in all but its campaign (on all cores, see
/// [`CheckedSheets`]), keeping no file's bytes; `done` is called once per file read. The
/// first file that could not be read, by its place in `paths`, refuses them all.
pub fn check_sheet_files(
    paths: &[PathBuf],
    keyring: &Keyring,
    body_sm3: bool,
    done: &(dyn Fn() + Sync),
) -> Result<CheckedSheets, (usize, SheetError)> {
    let results = each_file(paths, done, |b| check_sheet(b, keyring, body_sm3));
    let mut checked = Vec::with_capacity(results.len());
    for (i, r) in results.into_iter().enumerate() {
        checked.push(r.map_err(|e| (i, e))?);
    }
    Ok(CheckedSheets(checked))
}

/// What `verify` makes of its files before it knows the campaign's digest: of each, only
/// what its verdict line needs (see [`glance_sheet_files`]).
pub struct GlancedSheets(Vec<Result<Glance, SheetError>>);

/// Reads and checks every file in `paths` as [`check_sheet_files`] does, keeping of each
/// only its verdict: a canonical sheet is recognised without building its scores. Files
/// that cannot be read get their verdict too.
pub fn glance_sheet_files(
    paths: &[PathBuf],
    keyring: &Keyring,
    done: &(dyn Fn() + Sync),
) -> GlancedSheets {
    GlancedSheets(each_file(paths, done, |b| glance_sheet(b, keyring)))
}

impl GlancedSheets {
    /// One verdict line per file, as [`Verdict::line`] says it, in the order of `names` (the
    /// files as given), against the campaign whose digest is `expected_digest`; and whether
    /// any of them fails (a refused file or a conflict).
    pub fn lines(self, names: &[String], expected_digest: &str, zh: bool) -> (Vec<String>, bool) {
        let results: Vec<Result<(Header, Identity), SheetError>> = self
            .0
            .into_iter()
            .map(|r| r.and_then(|g| g.settle(expected_digest)))
            .collect();
        let verified: Vec<Option<(&str, u64)>> = results
            .iter()
            .map(|r| {
                r.as_ref()
                    .ok()
                    .map(|(h, _)| (h.expert.as_str(), h.revision))
            })
            .collect();
        // Two verified files of one expert are signed by one key, so their identities are
        // equal exactly when their bytes are.
        let identity = |i: usize| results[i].as_ref().ok().map(|(_, id)| id);
        let place = places(&verified, |a, b| identity(a) == identity(b));
        let mut failed = false;
        let lines = names
            .iter()
            .zip(&results)
            .zip(place)
            .map(|((file, result), place)| {
                let said = match (result, place) {
                    (Err(e), _) => Said::Invalid(e),
                    (Ok(_), Place::Winner) => Said::Ok,
                    (Ok(_), Place::Duplicate(j)) => Said::Duplicate { of: &names[j] },
                    (Ok(_), Place::Superseded(by_revision, j)) => Said::Superseded {
                        by_revision,
                        by_file: &names[j],
                    },
                    (Ok((h, _)), Place::Conflict(j)) => Said::Conflict {
                        expert: &h.expert,
                        revision: h.revision,
                        other: &names[j],
                    },
                };
                failed |= matches!(said, Said::Invalid(_) | Said::Conflict { .. });
                say(file, said, zh)
            })
            .collect();
        (lines, failed)
    }
}
