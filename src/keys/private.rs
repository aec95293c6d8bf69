//! Private-key files: who the key belongs to, the PKCS#8 key, and the optional passphrase
//! envelope (Argon2id, then ChaCha20-Poly1305).
//!
//! A file is a short TOML header (id, role, algorithm) followed by one PEM block. Without a
//! passphrase the block is a plain `PRIVATE KEY` (PKCS#8), which OpenSSL reads as is: PEM
//! readers skip explanatory text before `-----BEGIN`. With a passphrase the block is a
//! `PINGSHEN ENCRYPTED PRIVATE KEY` holding the envelope described in docs/sheet-format.md.

use super::{Algorithm, KeyError, KeyPair, PublicKey};
use crate::model::Role;
use crate::sheet::Signature;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use serde::Deserialize;
use sm2::pkcs8::der::zeroize::Zeroizing;
use std::io::Write as _;
use std::path::Path;

const PLAIN_LABEL: &str = "PRIVATE KEY";
const SEALED_LABEL: &str = "PINGSHEN ENCRYPTED PRIVATE KEY";
const MAGIC: &[u8; 4] = b"PSK1";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
/// magic, three u32 parameters, salt, nonce.
const ENVELOPE_HEADER_LEN: usize = 4 + 12 + SALT_LEN + NONCE_LEN;
/// Private-key files larger than this are refused before parsing.
const MAX_PRIVATE_FILE_BYTES: u64 = 64 * 1024;

/// Argon2id cost written into new envelopes: memory in KiB, passes, lanes (RFC 9106's second
/// recommended setting, with one lane for the 2-core review laptops). Reading honours whatever
/// a file states, within sane bounds.
pub const KDF_PARAMS: (u32, u32, u32) = (64 * 1024, 3, 1);

/// A key pair with the identity it signs as.
#[derive(Debug, Clone)]
pub struct PrivateKey {
    pub id: String,
    pub role: Role,
    pub pair: KeyPair,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    id: String,
    role: Role,
    algorithm: Algorithm,
}

impl PrivateKey {
    pub fn new(id: &str, role: Role, pair: KeyPair) -> Result<PrivateKey, KeyError> {
        if let Some((zh, en)) = crate::model::id_problem(id, ("密钥", "key")) {
            return Err(KeyError::Invalid { en, zh });
        }
        Ok(PrivateKey {
            id: id.to_string(),
            role,
            pair,
        })
    }

    pub fn algorithm(&self) -> Algorithm {
        self.pair.algorithm()
    }

    pub fn public_key(&self) -> PublicKey {
        self.pair.public_key()
    }

    pub fn public_pem(&self) -> String {
        self.pair.public_pem()
    }

    /// The `[[key]]` block for `keys.toml`.
    pub fn keys_toml_entry(&self) -> String {
        super::keys_toml_entry(&self.id, self.role, &self.public_key())
    }

    /// Signs `msg` and names this key in the signature.
    pub fn sign(&self, msg: &[u8]) -> Result<Signature, KeyError> {
        let raw = self.pair.sign(msg)?;
        Ok(Signature {
            algorithm: self.algorithm().as_str().to_string(),
            key: self.id.clone(),
            value: base64::engine::general_purpose::STANDARD.encode(raw),
        })
    }

    fn header_text(&self) -> String {
        let id = toml::Value::String(self.id.clone()).to_string();
        format!(
            "# pingshen private key: keep this file secret\nid = {id}\nrole = \"{}\"\nalgorithm = \"{}\"\n",
            self.role.as_str(),
            self.algorithm()
        )
    }

    /// The file's bytes; sealed with `passphrase` when one is given.
    pub fn to_file_bytes(&self, passphrase: Option<&str>) -> Result<Vec<u8>, KeyError> {
        self.to_file_bytes_with(passphrase, KDF_PARAMS, &mut rand_core::OsRng)
    }

    fn to_file_bytes_with(
        &self,
        passphrase: Option<&str>,
        kdf: (u32, u32, u32),
        rng: &mut impl rand_core::CryptoRngCore,
    ) -> Result<Vec<u8>, KeyError> {
        let header = self.header_text();
        let der = self.pair.to_pkcs8_der()?;
        let (label, body) = match passphrase {
            None => (PLAIN_LABEL, Zeroizing::new(der.to_vec())),
            Some(p) => (
                SEALED_LABEL,
                Zeroizing::new(seal(&der, p, &header, kdf, rng)?),
            ),
        };
        let mut out = Zeroizing::new(header.into_bytes());
        out.extend_from_slice(pem_block(label, &body).as_bytes());
        Ok(out.to_vec())
    }

    /// Reads a private-key file; `file` names it in errors.
    pub fn from_file_bytes(
        bytes: &[u8],
        passphrase: Option<&str>,
        file: &str,
    ) -> Result<PrivateKey, KeyError> {
        let bad = |zh: &str, why: &str| KeyError::File {
            file: file.to_string(),
            why: why.to_string(),
            zh: zh.to_string(),
        };
        let text = std::str::from_utf8(bytes).map_err(|_| {
            bad(
                "不是 pingshen 的私钥文件（不是 UTF-8 文本）",
                "not a pingshen private-key file (it is not UTF-8 text)",
            )
        })?;
        let begin = text.find("-----BEGIN ").ok_or_else(|| {
            bad(
                "不是 pingshen 的私钥文件（没有 PEM 块）",
                "not a pingshen private-key file (no PEM block)",
            )
        })?;
        let header_text = &text[..begin];
        let header: Header = toml::from_str(header_text).map_err(|e| {
            bad(
                &format!(
                    "文件头（id、role、algorithm）无法读取：{}",
                    crate::format::serde_zh(e.message().trim())
                ),
                &format!(
                    "its header (id, role, algorithm) cannot be read: {}",
                    e.message().trim()
                ),
            )
        })?;
        let (label, body) = pem_unblock(&text[begin..]).ok_or_else(|| {
            bad(
                "其中的 PEM 块已损坏（base64 或 BEGIN/END 行）",
                "its PEM block is damaged (base64 or BEGIN/END lines)",
            )
        })?;
        let der = match label.as_str() {
            PLAIN_LABEL => body,
            SEALED_LABEL => {
                let p = passphrase.ok_or_else(|| KeyError::NeedsPassphrase {
                    file: file.to_string(),
                })?;
                open(&body, p, header_text).map_err(|e| match e {
                    Open::Damaged(why) => bad("加密的密钥已损坏", why),
                    Open::Wrong => KeyError::WrongPassphrase {
                        file: file.to_string(),
                    },
                })?
            }
            other => {
                return Err(bad(
                    &format!("PEM 块 `{other}` 不是 pingshen 私钥"),
                    &format!("unexpected PEM block `{other}`"),
                ))
            }
        };
        let pair = KeyPair::from_pkcs8_der(&der)
            .map_err(|why| bad("其中的私钥无法解读（文件已损坏？）", &why))?;
        if pair.algorithm() != header.algorithm {
            return Err(bad(
                &format!(
                    "文件头写的算法是 {}，但密钥是 {}",
                    header.algorithm,
                    pair.algorithm()
                ),
                &format!(
                    "its header says {} but the key is {}",
                    header.algorithm,
                    pair.algorithm()
                ),
            ));
        }
        PrivateKey::new(&header.id, header.role, pair).map_err(|e| {
            bad(
                &e.message(crate::i18n::Lang::Zh),
                &e.message(crate::i18n::Lang::En),
            )
        })
    }

    /// Reads a private-key file from disk.
    pub fn load(path: &Path, passphrase: Option<&str>) -> Result<PrivateKey, KeyError> {
        let file = path.display().to_string();
        let io = |e: std::io::Error| KeyError::File {
            file: file.clone(),
            why: format!(
                "cannot read it ({}); check the path and permissions",
                crate::i18n::io_phrase(crate::i18n::Lang::En, &e)
            ),
            zh: format!(
                "无法读取（{}）；请检查路径和权限",
                crate::i18n::io_phrase(crate::i18n::Lang::Zh, &e)
            ),
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_PRIVATE_FILE_BYTES {
            return Err(KeyError::File {
                file,
                why: format!("{size} bytes is too large for a private-key file"),
                zh: format!("有 {size} 字节，私钥文件不可能这么大；请确认给的是私钥文件"),
            });
        }
        let bytes = Zeroizing::new(std::fs::read(path).map_err(io)?);
        PrivateKey::from_file_bytes(&bytes, passphrase, &file)
    }
}

/// Whether a private-key file needs a passphrase, so a caller knows to ask for one.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    let needle = format!("-----BEGIN {SEALED_LABEL}-----");
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A fresh key pair for `id` in `role`: the private-key file's bytes and the SPKI PEM of the
/// public key (for `keys.toml`).
pub fn keygen(
    role: Role,
    id: &str,
    algorithm: Algorithm,
    passphrase: Option<&str>,
) -> Result<(Vec<u8>, String), KeyError> {
    let key = PrivateKey::new(id, role, KeyPair::generate(algorithm)?)?;
    Ok((key.to_file_bytes(passphrase)?, key.public_pem()))
}

/// Writes a private-key file readable by its owner only (0600 on Unix), refusing to replace
/// an existing file.
pub fn write_private_key_file(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    let file = path.display().to_string();
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => KeyError::Exists { file: file.clone() },
        _ => KeyError::File {
            file: file.clone(),
            why: format!(
                "cannot create it ({}); check the folder exists and is writable",
                crate::i18n::io_phrase(crate::i18n::Lang::En, &e)
            ),
            zh: format!(
                "无法建立（{}）；请确认文件夹存在且可写",
                crate::i18n::io_phrase(crate::i18n::Lang::Zh, &e)
            ),
        },
    })?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| KeyError::File {
            file,
            why: format!(
                "cannot write it ({})",
                crate::i18n::io_phrase(crate::i18n::Lang::En, &e)
            ),
            zh: format!(
                "无法写入（{}）",
                crate::i18n::io_phrase(crate::i18n::Lang::Zh, &e)
            ),
        })
}

fn pem_block(label: &str, body: &[u8]) -> String {
    let b64 = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(body));
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The label and decoded body of the first PEM block; nothing but blank lines may follow.
fn pem_unblock(text: &str) -> Option<(String, Zeroizing<Vec<u8>>)> {
    let mut lines = text.lines().map(str::trim);
    let label = lines
        .next()?
        .strip_prefix("-----BEGIN ")?
        .strip_suffix("-----")?
        .to_string();
    let end = format!("-----END {label}-----");
    let mut b64 = Zeroizing::new(String::new());
    let mut ended = false;
    for line in lines.by_ref() {
        if line == end {
            ended = true;
            break;
        }
        b64.push_str(line);
    }
    if !ended || lines.any(|l| !l.is_empty()) {
        return None;
    }
    let body = base64::engine::general_purpose::STANDARD
        .decode(b64.as_bytes())
        .ok()?;
    Some((label, Zeroizing::new(body)))
}

fn derive_key(
    passphrase: &str,
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> Result<Zeroizing<[u8; 32]>, String> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|e| e.to_string())?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| e.to_string())?;
    Ok(key)
}

/// `PSK1 | m_cost | t_cost | p_cost (u32 big-endian) | salt 16 | nonce 12 | ciphertext+tag`,
/// with the header text and the envelope header as associated data, so neither the identity
/// nor the parameters can be swapped without the tag failing.
fn seal(
    der: &[u8],
    passphrase: &str,
    header_text: &str,
    kdf: (u32, u32, u32),
    rng: &mut impl rand_core::CryptoRngCore,
) -> Result<Vec<u8>, KeyError> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut salt);
    rng.fill_bytes(&mut nonce);
    let mut env = Vec::with_capacity(ENVELOPE_HEADER_LEN + der.len() + 16);
    env.extend_from_slice(MAGIC);
    for v in [kdf.0, kdf.1, kdf.2] {
        env.extend_from_slice(&v.to_be_bytes());
    }
    env.extend_from_slice(&salt);
    env.extend_from_slice(&nonce);
    let key = derive_key(passphrase, &salt, kdf).map_err(KeyError::Crypto)?;
    let aad = [header_text.as_bytes(), &env].concat();
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(key.as_ref().into());
    let ct = cipher
        .encrypt(
            &nonce.into(),
            Payload {
                msg: der,
                aad: &aad,
            },
        )
        .map_err(|e| KeyError::Crypto(e.to_string()))?;
    env.extend_from_slice(&ct);
    Ok(env)
}

enum Open {
    Damaged(&'static str),
    Wrong,
}

fn open(env: &[u8], passphrase: &str, header_text: &str) -> Result<Zeroizing<Vec<u8>>, Open> {
    if env.len() < ENVELOPE_HEADER_LEN + 16 || &env[..4] != MAGIC {
        return Err(Open::Damaged(
            "its encrypted envelope is damaged or of an unknown kind",
        ));
    }
    let u32_at = |i: usize| u32::from_be_bytes([env[i], env[i + 1], env[i + 2], env[i + 3]]);
    let kdf = (u32_at(4), u32_at(8), u32_at(12));
    // Bounds keep a crafted file from asking for gigabytes or hours.
    if !(8..=4 * 1024 * 1024).contains(&kdf.0)
        || !(1..=64).contains(&kdf.1)
        || !(1..=16).contains(&kdf.2)
    {
        return Err(Open::Damaged(
            "its encrypted envelope asks for unreasonable Argon2 costs",
        ));
    }
    let salt = &env[16..16 + SALT_LEN];
    let nonce: [u8; NONCE_LEN] = env[16 + SALT_LEN..ENVELOPE_HEADER_LEN]
        .try_into()
        .map_err(|_| Open::Damaged("its encrypted envelope is damaged"))?;
    let key = derive_key(passphrase, salt, kdf)
        .map_err(|_| Open::Damaged("its encrypted envelope has invalid Argon2 parameters"))?;
    let aad = [header_text.as_bytes(), &env[..ENVELOPE_HEADER_LEN]].concat();
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(key.as_ref().into());
    cipher
        .decrypt(
            &nonce.into(),
            Payload {
                msg: &env[ENVELOPE_HEADER_LEN..],
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Open::Wrong)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng as _;

    #[test]
    fn sealed_round_trip_with_cheap_costs() {
        let key = PrivateKey::new(
            "S01",
            Role::Secretariat,
            KeyPair::from_seed(Algorithm::Ed25519, [7; 32]).unwrap(),
        )
        .unwrap();
        let mut rng = rand_chacha::ChaCha20Rng::from_seed([1; 32]);
        let bytes = key
            .to_file_bytes_with(Some("pw"), (64, 1, 1), &mut rng)
            .unwrap();
        let back = PrivateKey::from_file_bytes(&bytes, Some("pw"), "k").unwrap();
        assert_eq!(back.public_pem(), key.public_pem());
        assert!(matches!(
            PrivateKey::from_file_bytes(&bytes, Some("px"), "k"),
            Err(KeyError::WrongPassphrase { .. })
        ));
        // The identity is bound to the envelope: another role in the header breaks the tag.
        let text = String::from_utf8(bytes).unwrap();
        let swapped = text.replace("role = \"secretariat\"", "role = \"chair\"");
        assert!(matches!(
            PrivateKey::from_file_bytes(swapped.as_bytes(), Some("pw"), "k"),
            Err(KeyError::WrongPassphrase { .. })
        ));
    }
}
