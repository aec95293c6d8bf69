//! The bundled realistic campaign (`fixtures/campaign-2023`), compiled into the binary so
//! `demo` runs from any folder.

use include_dir::{include_dir, Dir};
use std::io;
use std::path::Path;

static CAMPAIGN_2023: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/campaign-2023");

/// Writes the bundled campaign into `to` (created if needed), as a campaign directory.
pub fn extract_campaign(to: &Path) -> io::Result<()> {
    extract(&CAMPAIGN_2023, to)
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
}
