//! Fuzz target: a whole campaign directory as `init` reads it. The input is the directory's
//! files joined by NUL bytes (which no TOML or JSON file may hold), in the order of `FILES`;
//! a missing part leaves that file out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const FILES: [&str; 10] = [
    "campaign.toml",
    "rubrics.toml",
    "recommenders.toml",
    "units.toml",
    "experts.toml",
    "applications/A001.toml",
    "applications/A002.json",
    "keys.toml",
    "package.toml",
    "decisions/d1.json",
];

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        base.join(format!("pingshen-fuzz-campaign-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    let _ = std::fs::remove_dir_all(dir);
    for sub in ["applications", "decisions", "documents"] {
        if std::fs::create_dir_all(dir.join(sub)).is_err() {
            return;
        }
    }
    for (name, part) in FILES.iter().zip(data.split(|&b| b == 0)) {
        if std::fs::write(dir.join(name), part).is_err() {
            return;
        }
    }
    match pingshen::format::load_campaign(dir) {
        Ok(loaded) => {
            let _ = loaded.campaign.digest();
            let _ = pingshen::package::verify_package(&loaded);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
