//! Judging a set of sheet files together: each alone, then per expert the highest revision
//! wins, older ones are superseded, identical copies collapse, and two different sheets at
//! one revision are a conflict naming both files.

use super::verify::{check_sheet, Checked};
use super::{Sheet, SheetError};
use crate::keys::Keyring;
use std::collections::BTreeMap;

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
    /// From [`judge_sheets_digested`] only: the hex SM3 of the sheet's canonical body, for
    /// a file that verified on its own.
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
        let f = &self.file;
        match (&self.outcome, zh) {
            (Outcome::Ok(_), false) => format!("{f}: ok"),
            (Outcome::Ok(_), true) => format!("{f}：通过"),
            (Outcome::Duplicate { of, .. }, false) => format!("{f}: ok, identical to {of}"),
            (Outcome::Duplicate { of, .. }, true) => format!("{f}：通过，与 {of} 完全相同"),
            (
                Outcome::Superseded {
                    by_revision,
                    by_file,
                    ..
                },
                false,
            ) => format!("{f}: superseded by revision {by_revision} ({by_file})"),
            (
                Outcome::Superseded {
                    by_revision,
                    by_file,
                    ..
                },
                true,
            ) => format!("{f}：已被第 {by_revision} 版取代（{by_file}）"),
            (Outcome::Conflict { sheet, other }, false) => format!(
                "{f}: conflict: expert {} has a different sheet at revision {} in {other}; keep only one of the two files",
                sheet.body.expert, sheet.body.revision
            ),
            (Outcome::Conflict { sheet, other }, true) => format!(
                "{f}：冲突：专家 {} 在 {other} 中有同为第 {} 版但内容不同的评分表，两个文件只能保留一个",
                sheet.body.expert, sheet.body.revision
            ),
            (Outcome::Invalid(e), false) => format!("{f}: {e}"),
            (Outcome::Invalid(e), true) => format!("{f}：{}", e.zh()),
        }
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

/// The same, each verified file's verdict also carrying the SM3 of its canonical body,
/// which a merge records for every winning sheet: hashed while the file's bytes are at
/// hand, rather than by serialising every parsed body again.
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
        let results = self
            .0
            .into_iter()
            .map(|c| c.settle(expected_digest))
            .collect();
        judge_results(files, results)
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

fn judge_results(files: &[(String, Vec<u8>)], results: Vec<Verified>) -> Vec<Verdict> {
    // Per expert, the files that verified, by revision.
    let mut by_expert: BTreeMap<&str, BTreeMap<u64, Vec<usize>>> = BTreeMap::new();
    for (i, r) in results.iter().enumerate() {
        if let Ok((s, _)) = r {
            by_expert
                .entry(s.body.expert.as_str())
                .or_default()
                .entry(s.body.revision)
                .or_default()
                .push(i);
        }
    }
    // Canonical files hold the same sheet exactly when their bytes are equal.
    let same = |a: usize, b: usize| files[a].1 == files[b].1;
    let mut place: Vec<Place> = vec![Place::Winner; files.len()];
    for revisions in by_expert.values() {
        let Some((&top, top_files)) = revisions.last_key_value() else {
            continue;
        };
        for (&rev, idxs) in revisions {
            for &i in idxs {
                let differing = idxs.iter().copied().find(|&j| j != i && !same(i, j));
                let first_same = idxs.iter().copied().find(|&j| same(i, j));
                place[i] = match (differing, first_same) {
                    (Some(j), _) => Place::Conflict(j),
                    _ if rev < top => Place::Superseded(top, top_files[0]),
                    (None, Some(j)) if j != i => Place::Duplicate(j),
                    _ => Place::Winner,
                };
            }
        }
    }
    let name = |j: usize| files[j].0.clone();
    files
        .iter()
        .zip(results)
        .zip(place)
        .map(|(((file, _), result), place)| {
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
