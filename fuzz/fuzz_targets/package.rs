//! Fuzz target: `package.toml` (the secretariat's signed manifest) and `keys.toml`, as
//! `init` reads them for an expert's package. The first byte picks which file the rest is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pingshen::format::{LoadedCampaign, PackageFile};
use pingshen::keys::Keyring;
use std::sync::OnceLock;

const KEYS: &str = include_str!("../../fixtures/campaign-2023/keys.toml");

fn campaign() -> &'static LoadedCampaign {
    static LOADED: OnceLock<LoadedCampaign> = OnceLock::new();
    LOADED.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/mini");
        pingshen::format::load_campaign(&dir).expect("the mini campaign loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut loaded = campaign().clone();
    if mode % 2 == 0 {
        // package.toml against the bundled keys.
        let Ok(p) = toml::from_str::<PackageFile>(text) else {
            return;
        };
        loaded.package = Some(p);
        loaded.keys_toml = Some(KEYS.to_string());
    } else {
        // keys.toml, then a package checked against it.
        if let Err(e) = Keyring::parse(text, "keys.toml") {
            let _ = e.to_string();
        }
        loaded.keys_toml = Some(text.to_string());
        loaded.package = Some(PackageFile {
            expert: "X01".into(),
            full_digest: "0".repeat(64),
            content_digest: loaded.campaign.content_digest(),
            signed_by: "SEC01".into(),
            algorithm: "sm2-sm3".into(),
            signature: "MEUCIQ".into(),
        });
    }
    if let Err(e) = pingshen::package::verify_package(&loaded) {
        let _ = (e.to_string(), e.zh());
    }
});
