//! The bundled realistic campaign (`fixtures/campaign-2023`) with its demo keys and demo
//! sheets, compiled into the binary so `demo` runs from any folder.

use include_dir::{include_dir, Dir};
use std::io;
use std::path::Path;

static CAMPAIGN_2023: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/campaign-2023");
/// DEMO ONLY keys (their seeds are public): see `fixtures/demo-keys/README.md`.
static DEMO_KEYS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo-keys");
static DEMO_SHEETS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo-sheets");

/// Writes the bundled campaign into `to` (created if needed), as a campaign directory.
pub fn extract_campaign(to: &Path) -> io::Result<()> {
    extract(&CAMPAIGN_2023, to)
}

/// The private-key file of a demo signer (`EXP01`, `CH01`, `SEC01` …), if there is one.
pub fn demo_key(id: &str) -> Option<&'static [u8]> {
    DEMO_KEYS
        .get_file(format!("{id}.key"))
        .map(|f| f.contents())
}

/// Writes the bundled demo sheets into `to` (created if needed) and returns their paths,
/// sorted by name.
pub fn extract_demo_sheets(to: &Path) -> io::Result<Vec<std::path::PathBuf>> {
    extract(&DEMO_SHEETS, to)?;
    let mut out: Vec<std::path::PathBuf> = DEMO_SHEETS
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
        .map(|f| {
            to.join(
                f.path()
                    .strip_prefix(DEMO_SHEETS.path())
                    .unwrap_or(f.path()),
            )
        })
        .collect();
    out.sort();
    Ok(out)
}

fn extract(dir: &Dir<'_>, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for f in dir.files() {
        let rel = f.path().strip_prefix(dir.path()).unwrap_or(f.path());
        std::fs::write(to.join(rel), f.contents())?;
    }
    for d in dir.dirs() {
        let rel = d.path().strip_prefix(dir.path()).unwrap_or(d.path());
        extract(d, &to.join(rel))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bundled_campaign_loads() {
        let tmp = tempfile::tempdir().unwrap();
        super::extract_campaign(tmp.path()).unwrap();
        let c = crate::format::load_campaign(tmp.path()).unwrap().campaign;
        assert!(c.applications.len() >= 60);
        assert!(c.settings.demo_expert.is_some());
    }

    #[test]
    fn the_demo_keys_and_sheets_are_there() {
        let key = super::demo_key("EXP01").unwrap();
        let k = crate::keys::PrivateKey::from_file_bytes(key, None, "EXP01.key").unwrap();
        assert_eq!(k.id, "EXP01");
        assert!(super::demo_key("nobody").is_none());
        let tmp = tempfile::tempdir().unwrap();
        let sheets = super::extract_demo_sheets(tmp.path()).unwrap();
        assert!(sheets.len() >= 20);
        assert!(sheets.iter().all(|p| p.is_file()));
    }
}
