//! Helpers shared by the sheet, keys and audit tests: deterministic keys and small sheets.
#![allow(dead_code)]

use pingshen::keys::{Algorithm, KeyPair, Keyring, PrivateKey};
use pingshen::model::Role;
use pingshen::sheet::{SheetBody, SheetDeclaration, SheetPledge, SheetScore, SHEET_FORMAT};

pub const DIGEST: &str = "5f2c1d0e9a8b7c6d5e4f30211203f4e5d6c7b8a9908172635445362718091a2b";
pub const OTHER_DIGEST: &str = "0000000000000000000000000000000000000000000000000000000000000001";

/// A key whose bytes depend only on `id`, `role` and `algorithm`.
pub fn key(id: &str, role: Role, algorithm: Algorithm) -> PrivateKey {
    let mut seed = [0u8; 32];
    for (i, b) in format!("{id}/{}/{algorithm}", role.as_str())
        .bytes()
        .enumerate()
    {
        seed[i % 32] ^= b;
    }
    PrivateKey::new(id, role, KeyPair::from_seed(algorithm, seed).unwrap()).unwrap()
}

pub fn expert(id: &str) -> PrivateKey {
    key(id, Role::Expert, Algorithm::Sm2Sm3)
}

/// A keyring built through keys.toml text, as a campaign would hold it.
pub fn keyring(keys: &[&PrivateKey]) -> Keyring {
    let text: Vec<String> = keys.iter().map(|k| k.keys_toml_entry()).collect();
    Keyring::parse(&text.join("\n"), "keys.toml").unwrap()
}

/// A sheet body with `apps` applications × `criteria` criteria, values varied by revision.
pub fn body(expert: &str, revision: u64, apps: usize, criteria: usize) -> SheetBody {
    let mut scores = Vec::new();
    for a in 0..apps {
        for c in 0..criteria {
            scores.push(SheetScore {
                application: format!("A{:04}", a + 1).into(),
                criterion: format!("c{}", c + 1).into(),
                round: 1,
                value: ((a * 7 + c * 3) % 25) as i64 * 100 + revision as i64,
                comment: if a % 3 == 0 {
                    format!("第{a}项：较好")
                } else {
                    String::new()
                },
                reason: String::new(),
            });
        }
    }
    SheetBody {
        format: SHEET_FORMAT,
        campaign: DIGEST.to_string(),
        expert: expert.to_string(),
        revision,
        round: 1,
        scores,
        declarations: vec![SheetDeclaration {
            application: "A9999".to_string(),
            reason: "曾为其提供咨询".to_string(),
        }],
        pledge: Some(SheetPledge {
            text_sm3: "ab".repeat(32),
            at: "2024-03-01T09:00:00+08:00".to_string(),
        }),
    }
}
