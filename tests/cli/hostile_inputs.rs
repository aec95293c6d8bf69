//! Hostile files: arbitrary bytes and mutated valid files (byte flips, cuts, huge strings,
//! deep nesting, invalid UTF-8) for every parser a file from outside reaches: score sheets,
//! signed decisions, package.toml, keys.toml, the campaign directory and the recommenders'
//! spreadsheets. None may panic or hang; each refusal is a non-empty sentence. Every input
//! path refuses an oversized file with a clear message before reading it. Regressions
//! found by fuzzing live at the end.

use pingshen::format::{load_campaign, LoadedCampaign, PackageFile};
use pingshen::keys::Keyring;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pingshen");
const KEYS: &str = include_str!("../../fixtures/campaign-2023/keys.toml");
const SHEET: &[u8] = include_bytes!("../../fixtures/demo-sheets/EXP02.json");
const DECISION_ROUND: &[u8] = include_bytes!("../../fuzz/seeds/decision/0001-round-P1-r2.json");
const DECISION_OVERRIDE: &[u8] =
    include_bytes!("../../fuzz/seeds/decision/0002-override-E8-A001.json");
const XLSX: &[u8] = include_bytes!("../../fixtures/intake-2023/tianjin.xlsx");
/// A case slower than this in a debug build counts as a hang.
/// A hang detector, not a speed claim: each case takes milliseconds, and the limit is
/// wide enough that no loaded machine reaches it.
const CASE_LIMIT: Duration = Duration::from_secs(60);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ring() -> &'static Keyring {
    static RING: OnceLock<Keyring> = OnceLock::new();
    RING.get_or_init(|| Keyring::parse(KEYS, "keys.toml").expect("bundled keys parse"))
}

fn sheet_digest() -> String {
    let v: serde_json::Value = serde_json::from_slice(SHEET).expect("demo sheet parses");
    v["campaign"].as_str().expect("digest").to_string()
}

fn mini() -> &'static LoadedCampaign {
    static MINI: OnceLock<LoadedCampaign> = OnceLock::new();
    MINI.get_or_init(|| load_campaign(&repo().join("tests/data/mini")).expect("mini loads"))
}

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        bit: u8,
    },
    Cut {
        at: usize,
    },
    Overwrite {
        at: usize,
        bytes: Vec<u8>,
    },
    /// A very long string (quoted, so it survives as a value in TOML and JSON).
    Huge {
        at: usize,
        len: usize,
    },
    /// Many opening brackets or braces.
    Nest {
        at: usize,
        depth: usize,
        brace: bool,
    },
    InvalidUtf8 {
        at: usize,
    },
    Duplicate {
        from: usize,
        len: usize,
        at: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        1 => any::<usize>().prop_map(|at| Mutation::Cut { at }),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Overwrite { at, bytes }),
        1 => (any::<usize>(), 1usize..300_000).prop_map(|(at, len)| Mutation::Huge { at, len }),
        1 => (any::<usize>(), 1usize..20_000, any::<bool>())
            .prop_map(|(at, depth, brace)| Mutation::Nest { at, depth, brace }),
        1 => any::<usize>().prop_map(|at| Mutation::InvalidUtf8 { at }),
        1 => (any::<usize>(), 1usize..400, any::<usize>())
            .prop_map(|(from, len, at)| Mutation::Duplicate { from, len, at }),
    ]
}

fn mutate(mut b: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        let n = b.len().max(1);
        match m {
            Mutation::Flip { at, bit } => {
                if !b.is_empty() {
                    b[at % n] ^= 1 << bit;
                }
            }
            Mutation::Cut { at } => b.truncate(at % n),
            Mutation::Overwrite { at, bytes } => {
                let at = at % n;
                for (i, x) in bytes.iter().enumerate() {
                    match b.get_mut(at + i) {
                        Some(y) => *y = *x,
                        None => b.push(*x),
                    }
                }
            }
            Mutation::Huge { at, len } => {
                let mut s = vec![b'"'];
                s.extend(std::iter::repeat_n(b'x', *len));
                s.push(b'"');
                let at = at % (b.len() + 1);
                b.splice(at..at, s);
            }
            Mutation::Nest { at, depth, brace } => {
                let open = if *brace { &b"{a="[..] } else { &b"["[..] };
                let s: Vec<u8> = open.repeat(*depth);
                let at = at % (b.len() + 1);
                b.splice(at..at, s);
            }
            Mutation::InvalidUtf8 { at } => {
                let at = at % (b.len() + 1);
                b.splice(at..at, [0xff, 0xfe, 0xc0]);
            }
            Mutation::Duplicate { from, len, at } => {
                if !b.is_empty() {
                    let from = from % b.len();
                    let piece = b[from..(from + len).min(b.len())].to_vec();
                    let at = at % (b.len() + 1);
                    b.splice(at..at, piece);
                }
            }
        }
    }
    b
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t0 = Instant::now();
    let out = f();
    let took = t0.elapsed();
    assert!(took < CASE_LIMIT, "{what} took {took:?}: a hang");
    out
}

fn check_sheet(bytes: &[u8]) {
    let digest = sheet_digest();
    if let Err(e) = timed("verify_sheet", || {
        pingshen::sheet::verify_sheet(bytes, &digest, ring())
    }) {
        assert!(!e.to_string().is_empty() && !e.zh().is_empty());
    }
}

fn check_decision(bytes: &[u8]) {
    if let Err(e) = timed("verify_decision", || {
        pingshen::sheet::verify_decision(bytes, ring())
    }) {
        assert!(!e.to_string().is_empty() && !e.zh().is_empty());
    }
}

fn check_spreadsheet(bytes: &[u8]) {
    if let Err(e) = timed("read_spreadsheet", || {
        pingshen::intake::read_spreadsheet(bytes)
    }) {
        assert!(!e.to_string().is_empty());
    }
}

const MINI_FILES: [&str; 7] = [
    "campaign.toml",
    "rubrics.toml",
    "recommenders.toml",
    "units.toml",
    "experts.toml",
    "applications/A001.toml",
    "applications/A002.toml",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn sheets_of_arbitrary_bytes_are_refused_plainly(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_sheet(&bytes);
    }

    #[test]
    fn mutated_sheets_are_refused_plainly(ms in prop::collection::vec(mutation(), 1..6)) {
        check_sheet(&mutate(SHEET.to_vec(), &ms));
    }

    #[test]
    fn decisions_of_arbitrary_bytes_are_refused_plainly(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_decision(&bytes);
    }

    #[test]
    fn mutated_decisions_are_refused_plainly(which in any::<bool>(), ms in prop::collection::vec(mutation(), 1..6)) {
        let base = if which { DECISION_ROUND } else { DECISION_OVERRIDE };
        check_decision(&mutate(base.to_vec(), &ms));
    }

    #[test]
    fn mutated_keys_files_are_refused_plainly(ms in prop::collection::vec(mutation(), 1..6)) {
        let text = String::from_utf8_lossy(&mutate(KEYS.as_bytes().to_vec(), &ms)).into_owned();
        if let Err(e) = timed("Keyring::parse", || Keyring::parse(&text, "keys.toml")) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn mutated_package_manifests_are_refused_plainly(ms in prop::collection::vec(mutation(), 1..6)) {
        let manifest = format!(
            "expert = \"X01\"\nfull_digest = \"{d}\"\ncontent_digest = \"{d}\"\nsigned_by = \"CH01\"\nalgorithm = \"sm2-sm3\"\nsignature = \"MEUCIQDx\"\n",
            d = mini().campaign.content_digest()
        );
        let text = String::from_utf8_lossy(&mutate(manifest.into_bytes(), &ms)).into_owned();
        if let Ok(p) = toml::from_str::<PackageFile>(&text) {
            let mut loaded = mini().clone();
            loaded.package = Some(p);
            loaded.keys_toml = Some(KEYS.to_string());
            let r = timed("verify_package", || pingshen::package::verify_package(&loaded));
            // Nothing here is signed by a listed secretariat key: it must be refused.
            let e = r.expect_err("an unsigned manifest is refused");
            prop_assert!(!e.to_string().is_empty() && !e.zh().is_empty());
        }
    }

    #[test]
    fn spreadsheets_of_arbitrary_bytes_are_refused_plainly(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_spreadsheet(&bytes);
    }

    #[test]
    fn mutated_spreadsheets_are_read_or_refused_plainly(ms in prop::collection::vec(mutation(), 1..4)) {
        check_spreadsheet(&mutate(XLSX.to_vec(), &ms));
    }
}

proptest! {
    // Each case writes a campaign directory: fewer cases.
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_campaign_files_are_refused_with_file_and_line(
        file in 0..MINI_FILES.len(),
        ms in prop::collection::vec(mutation(), 1..5),
    ) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("c");
        copy_dir(&repo().join("tests/data/mini"), &dir);
        let path = dir.join(MINI_FILES[file]);
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, mutate(bytes, &ms)).expect("write");
        match timed("load_campaign", || load_campaign(&dir)) {
            Ok(loaded) => {
                let _ = loaded.campaign.digest();
            }
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    prop_assert!(!e.en.is_empty() && !e.zh.is_empty());
                    prop_assert!(e.file.starts_with(&dir), "error names its file: {e}");
                }
            }
        }
    }
}

/// A file of `size` bytes that takes no disk space.
fn sparse(path: &Path, size: u64) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::File::create(path)
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("pingshen runs")
}

/// Exit 1, `needle` in what was printed (`receive` names each refused file on stdout and
/// sums up on stderr), and no panic.
fn one_sentence(o: &std::process::Output, needle: &str) {
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn every_input_path_refuses_an_oversized_file_before_reading_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = tmp.path();

    // Score sheets (verify, import, merge read them through read_sheet_file).
    let big = t.join("big-sheet.json");
    sparse(&big, pingshen::sheet::MAX_SHEET_BYTES as u64 + 1);
    let e = pingshen::sheet::read_sheet_file(&big).expect_err("too large");
    assert!(e.to_string().contains("too large"), "{e}");

    // Decisions: from memory, by `receive`, and in a campaign's decisions/ folder.
    let e = pingshen::sheet::verify_decision(
        &vec![b' '; pingshen::sheet::MAX_DECISION_BYTES + 1],
        ring(),
    )
    .expect_err("too large");
    assert!(e.to_string().contains("too large"), "{e}");
    let db = t.join("db");
    let cdir = t.join("campaign");
    copy_dir(&repo().join("tests/data/mini"), &cdir);
    std::fs::write(cdir.join("keys.toml"), KEYS).expect("keys");
    let o = run(&[
        "--db",
        db.to_str().expect("utf-8"),
        "init",
        cdir.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let big_decision = t.join("big-decision.json");
    sparse(
        &big_decision,
        pingshen::sheet::MAX_DECISION_BYTES as u64 + 1,
    );
    let o = run(&[
        "--db",
        db.to_str().expect("utf-8"),
        "receive",
        big_decision.to_str().expect("utf-8"),
    ]);
    one_sentence(&o, "too large");
    let mut with_decision = t.join("campaign-decision");
    copy_dir(&cdir, &with_decision);
    sparse(
        &with_decision.join("decisions/huge.json"),
        300 * 1024 * 1024,
    );
    let e = load_campaign(&with_decision).expect_err("refused");
    assert!(
        e.to_string().contains("more than a decision file may hold"),
        "{e}"
    );
    with_decision.push("decisions/huge.json");
    let _ = std::fs::remove_file(&with_decision);

    // keys.toml, read alone.
    let keys = t.join("keys.toml");
    sparse(&keys, pingshen::keys::MAX_KEYS_FILE_BYTES + 1);
    let e = Keyring::load(&keys).expect_err("too large");
    assert!(e.to_string().contains("more than"), "{e}");

    // Campaign files, keys.toml and package.toml inside a campaign.
    for name in ["units.toml", "keys.toml", "package.toml"] {
        let dir = t.join(format!("campaign-{name}"));
        copy_dir(&cdir, &dir);
        sparse(&dir.join(name), pingshen::format::MAX_FILE_BYTES + 1);
        let e = load_campaign(&dir).expect_err("refused");
        assert!(e.to_string().contains("over the limit"), "{name}: {e}");
    }

    // Spreadsheets and 申报书 files for intake.
    let xlsx = t.join("xlsx/big.xlsx");
    sparse(&xlsx, pingshen::intake::MAX_SPREADSHEET_BYTES + 1);
    let o = run(&[
        "intake",
        xlsx.to_str().expect("utf-8"),
        "--campaign",
        cdir.to_str().expect("utf-8"),
    ]);
    one_sentence(&o, "MiB a 推荐项目汇总表 may have");
    let docs = t.join("docs");
    sparse(
        &docs.join("申报书/huge.toml"),
        pingshen::intake::MAX_FORM_BYTES + 1,
    );
    let small = t.join("docs/small.xlsx");
    std::fs::write(&small, XLSX).expect("xlsx");
    let o = run(&[
        "intake",
        small.to_str().expect("utf-8"),
        "--campaign",
        cdir.to_str().expect("utf-8"),
        "--docs",
        docs.to_str().expect("utf-8"),
    ]);
    one_sentence(&o, "over the limit");
}

/// A sheet naming cells A1 and XFD1048576: calamine's whole-range reader would allocate
/// 17 billion cells; intake refuses the far cell instead.
#[test]
fn a_far_corner_cell_is_refused_not_allocated() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("corner.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "推荐单位").expect("cell");
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    wb.save(&path).expect("save");
    let bytes = std::fs::read(&path).expect("read");
    let e = timed("read_spreadsheet", || {
        pingshen::intake::read_spreadsheet(&bytes)
    })
    .expect_err("refused");
    assert!(e.to_string().contains("row 1048576, column 16384"), "{e}");
}

/// A zip bomb: a 4 KiB-a-row spreadsheet whose shared strings unpack past the limit.
#[test]
fn a_spreadsheet_that_unpacks_too_far_is_refused() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", opts).expect("entry");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(pingshen::intake::MAX_UNPACKED_BYTES >> 20) + 1 {
        zip.write_all(&chunk).expect("write");
    }
    let bytes = zip.finish().expect("finish").into_inner();
    assert!(bytes.len() < 1 << 20, "the bomb is small: {}", bytes.len());
    let e = timed("read_spreadsheet", || {
        pingshen::intake::read_spreadsheet(&bytes)
    })
    .expect_err("refused");
    assert!(e.to_string().contains("unpacks to more than"), "{e}");
}

/// Found by `cargo fuzz run intake`: a cell of type `s` whose shared-string index is past
/// the table panicked inside calamine 0.31 (xlsx/cells_reader.rs:358).
#[test]
fn fuzz_regression_shared_string_index_out_of_range() {
    let bytes =
        std::fs::read(repo().join("tests/hostile_data/xlsx-shared-string-out-of-range.xlsx"))
            .expect("reproducer");
    let e = pingshen::intake::read_spreadsheet(&bytes).expect_err("refused");
    assert!(e.to_string().contains("malformed"), "{e}");
    // And through the command: one sentence, exit 1, no panic text.
    let tmp = tempfile::tempdir().expect("tempdir");
    let cdir = tmp.path().join("c");
    copy_dir(&repo().join("tests/data/mini"), &cdir);
    let x = tmp.path().join("bad.xlsx");
    std::fs::write(&x, &bytes).expect("write");
    let o = run(&[
        "intake",
        x.to_str().expect("utf-8"),
        "--campaign",
        cdir.to_str().expect("utf-8"),
    ]);
    one_sentence(&o, "malformed");
}
