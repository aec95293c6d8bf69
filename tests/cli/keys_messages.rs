//! The sentences users read: one line, naming the file and line, saying what to do.

use pingshen::keys::Keyring;

#[test]
fn keys_toml_messages_read_well() {
    let cases = [
        ("[[key]]\nid = \"X\"\nrole = \"chair\"\n", "keys.toml line 1: missing field `algorithm`"),
        ("[[key]]\nid = \"X\"\nrole = \"judge\"\n", "keys.toml line 3: unknown variant `judge`, expected one of `expert`, `chair`, `secretariat`"),
        ("[[key]]\nid = \"X\"\nrole = \"chair\"\nalgorithm = \"rsa\"\n", "keys.toml line 4: unknown variant `rsa`, expected `sm2-sm3` or `ed25519`"),
        ("[[key]]\nidd = 1\n", "keys.toml line 2: unknown field `idd`, expected one of `id`, `role`, `algorithm`, `public`"),
    ];
    for (text, want) in cases {
        let got = Keyring::parse(text, "keys.toml").unwrap_err().to_string();
        assert_eq!(got, want);
        assert!(!got.contains('\n'));
    }
}
