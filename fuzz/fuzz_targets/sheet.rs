//! Fuzz target: a score sheet file as `verify`, `import` and `merge` read it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pingshen::keys::Keyring;
use std::sync::OnceLock;

/// The bundled campaign's keys and digest, so a well-formed input reaches the signature check.
fn context() -> &'static (Keyring, String) {
    static CONTEXT: OnceLock<(Keyring, String)> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let ring = Keyring::parse(
            include_str!("../../fixtures/campaign-2023/keys.toml"),
            "keys.toml",
        )
        .expect("the bundled keys parse");
        let sheet: serde_json::Value =
            serde_json::from_slice(include_bytes!("../../fixtures/demo-sheets/EXP02.json"))
                .expect("the demo sheet parses");
        let digest = sheet["campaign"].as_str().unwrap_or_default().to_string();
        (ring, digest)
    })
}

fuzz_target!(|data: &[u8]| {
    let (ring, digest) = context();
    if let Err(e) = pingshen::sheet::verify_sheet(data, digest, ring) {
        // Both languages' messages are built from the input: they must not panic either.
        let _ = (e.to_string(), e.zh());
    }
});
