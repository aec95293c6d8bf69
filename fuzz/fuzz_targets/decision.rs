//! Fuzz target: a signed decision file as `receive`, `init` and `merge` read it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pingshen::keys::Keyring;
use std::sync::OnceLock;

fn ring() -> &'static Keyring {
    static RING: OnceLock<Keyring> = OnceLock::new();
    RING.get_or_init(|| {
        Keyring::parse(
            include_str!("../../fixtures/campaign-2023/keys.toml"),
            "keys.toml",
        )
        .expect("the bundled keys parse")
    })
}

fuzz_target!(|data: &[u8]| {
    match pingshen::sheet::verify_decision(data, ring()) {
        Ok(d) => {
            let _ = pingshen::sheet::verify_decision_in(data, &d.campaign, ring());
        }
        Err(e) => {
            let _ = (e.to_string(), e.zh());
        }
    }
});
