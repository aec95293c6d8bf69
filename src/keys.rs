//! Signing keys: the two algorithms, key pairs, the campaign's `keys.toml` and private-key files.
//!
//! Every primitive comes from RustCrypto crates (`sm2`, `ed25519-dalek`, `argon2`,
//! `chacha20poly1305`); this module only chooses encodings and checks who may sign what.

mod private;

pub use private::{is_encrypted, keygen, write_private_key_file, PrivateKey, KDF_PARAMS};

use crate::model::Role;
use crate::sheet::Signature;
use base64::Engine as _;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use sm2::pkcs8::der::{self, asn1::UintRef, Decode as _, Encode as _, Reader as _};
use sm2::pkcs8::{DecodePublicKey as _, EncodePublicKey as _, LineEnding};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The SM2 distinguishing identifier of GM/T 0009-2012, which OpenSSL also uses by default.
pub const DISTID: &str = "1234567812345678";

/// `keys.toml` larger than this is refused before parsing; a real one is a few kilobytes.
pub const MAX_KEYS_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A signature algorithm pingshen signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Algorithm {
    /// SM2 on sm2p256v1 with SM3 (GB/T 32918, GB/T 32905), distinguishing id [`DISTID`],
    /// DER-encoded signature.
    #[serde(rename = "sm2-sm3")]
    Sm2Sm3,
    /// Ed25519 (RFC 8032), raw 64-byte signature.
    #[serde(rename = "ed25519")]
    Ed25519,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sm2Sm3 => "sm2-sm3",
            Algorithm::Ed25519 => "ed25519",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a signature algorithm pingshen knows: use sm2 (sm2-sm3) or ed25519")]
pub struct UnknownAlgorithm(pub String);

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;
    /// Accepts the file names (`sm2-sm3`, `ed25519`) and the command line's short `sm2`.
    fn from_str(s: &str) -> Result<Algorithm, UnknownAlgorithm> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sm2-sm3" | "sm2" => Ok(Algorithm::Sm2Sm3),
            "ed25519" => Ok(Algorithm::Ed25519),
            _ => Err(UnknownAlgorithm(s.to_string())),
        }
    }
}

/// Errors of key material: generating, encoding, decoding, protecting and signing.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// `why` in English, `zh` in Chinese.
    #[error("{file}: {why}")]
    File {
        file: String,
        why: String,
        zh: String,
    },
    #[error("{file} is protected by a passphrase: give the passphrase to unlock it")]
    NeedsPassphrase { file: String },
    #[error("{file} could not be unlocked: the passphrase is wrong or the file was altered")]
    WrongPassphrase { file: String },
    #[error("{file} already exists: pingshen never overwrites a private key; move it away first")]
    Exists { file: String },
    #[error("{en}")]
    Invalid { en: String, zh: String },
    #[error("signing failed: {0}")]
    Crypto(String),
}

impl KeyError {
    /// The error as one sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            KeyError::File { file, zh, .. } => format!("{file}：{zh}"),
            KeyError::NeedsPassphrase { file } => format!("{file} 受口令保护：请给出口令来解锁"),
            KeyError::WrongPassphrase { file } => {
                format!("{file} 无法解锁：口令不对，或文件被改动过")
            }
            KeyError::Exists { file } => {
                format!("{file} 已存在：pingshen 从不覆盖私钥文件；请先把它移走")
            }
            KeyError::Invalid { zh, .. } => zh.clone(),
            // A library's own words about a failed computation: a bug to report, not a
            // sentence for the user to act on beyond that.
            KeyError::Crypto(why) => format!("签名失败（{why}）；这是程序缺陷，请报告"),
        }
    }
}

/// A public key as `keys.toml` lists it.
#[derive(Clone)]
pub enum PublicKey {
    Sm2(Box<sm2::dsa::VerifyingKey>),
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        match (self, other) {
            (PublicKey::Sm2(a), PublicKey::Sm2(b)) => a.as_affine() == b.as_affine(),
            (PublicKey::Ed25519(a), PublicKey::Ed25519(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PublicKey({}, {})",
            self.algorithm(),
            self.to_pem().trim()
        )
    }
}

impl PublicKey {
    pub fn algorithm(&self) -> Algorithm {
        match self {
            PublicKey::Sm2(_) => Algorithm::Sm2Sm3,
            PublicKey::Ed25519(_) => Algorithm::Ed25519,
        }
    }

    /// Reads an SPKI PEM (`-----BEGIN PUBLIC KEY-----`) of the given algorithm.
    pub fn from_pem(algorithm: Algorithm, pem: &str) -> Result<PublicKey, String> {
        let pem = pem.trim();
        let as_sm2 = || -> Result<PublicKey, String> {
            let pk = sm2::PublicKey::from_public_key_pem(pem).map_err(|e| e.to_string())?;
            let vk = sm2::dsa::VerifyingKey::new(DISTID, pk).map_err(|e| e.to_string())?;
            Ok(PublicKey::Sm2(Box::new(vk)))
        };
        let as_ed = || -> Result<PublicKey, String> {
            ed25519_dalek::VerifyingKey::from_public_key_pem(pem)
                .map(PublicKey::Ed25519)
                .map_err(|e| e.to_string())
        };
        let (wanted, other) = match algorithm {
            Algorithm::Sm2Sm3 => (as_sm2(), as_ed().is_ok()),
            Algorithm::Ed25519 => (as_ed(), as_sm2().is_ok()),
        };
        wanted.map_err(|why| {
            if other {
                format!(
                    "the public key is not an {algorithm} key but one of the other algorithm; \
                     correct `algorithm`"
                )
            } else {
                format!("the public key is not a valid {algorithm} SPKI PEM ({why})")
            }
        })
    }

    /// SPKI PEM with LF line endings, ending in a newline.
    pub fn to_pem(&self) -> String {
        let pem = match self {
            PublicKey::Sm2(vk) => sm2::PublicKey::from_affine(*vk.as_affine())
                .map_err(|e| e.to_string())
                .and_then(|pk| {
                    pk.to_public_key_pem(LineEnding::LF)
                        .map_err(|e| e.to_string())
                }),
            PublicKey::Ed25519(vk) => vk
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| e.to_string()),
        };
        // Encoding a valid point into a fixed ASN.1 shape cannot fail; an empty string would
        // be refused by any reader rather than silently accepted.
        pem.unwrap_or_default()
    }

    /// Whether `signature` (DER for SM2, 64 raw bytes for Ed25519) signs `msg`.
    pub fn verify(&self, msg: &[u8], signature: &[u8]) -> bool {
        use sm2::dsa::signature::Verifier as _;
        match self {
            PublicKey::Sm2(vk) => match sm2_signature_from_der(signature) {
                Some(sig) => vk.verify(msg, &sig).is_ok(),
                None => false,
            },
            PublicKey::Ed25519(vk) => match ed25519_dalek::Signature::from_slice(signature) {
                Ok(sig) => vk.verify_strict(msg, &sig).is_ok(),
                Err(_) => false,
            },
        }
    }
}

/// What a signature covers, as [`PublicKey::digest_parts`] prepared it: for SM2 the
/// message hash `e = SM3(Z_A || M)` of GB/T 32918.2 §6.2 B3-B4, for Ed25519 the message
/// itself (Ed25519 hashes it with the signature's `R` first, so it cannot be taken ahead).
///
/// Two digests of one key are equal exactly when the messages are (for SM2, unless SM3
/// collides, which would let a signature over one message stand for the other anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedDigest {
    Sm2([u8; 32]),
    Ed25519(Vec<u8>),
}

/// The curve parameters `a`, `b`, `xG`, `yG` of sm2p256v1 (GB/T 32918.5), big-endian, as
/// `Z_A` hashes them.
const SM2_CURVE_ZA: [u8; 128] = hex_literal(concat!(
    "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC",
    "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93",
    "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7",
    "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0",
));

/// Hex digits to bytes at compile time; a bad digit fails the build.
const fn hex_literal<const N: usize>(hex: &str) -> [u8; N] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not a hex digit"),
        }
    }
    let h = hex.as_bytes();
    assert!(h.len() == 2 * N, "wrong length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = digit(h[2 * i]) * 16 + digit(h[2 * i + 1]);
        i += 1;
    }
    out
}

/// `Z_A = SM3(ENTL_A || ID_A || a || b || xG || yG || xA || yA)` (GB/T 32918.2 §5.5) for
/// [`DISTID`]: what the `sm2` crate computes inside `VerifyingKey::new` but keeps private.
/// A test holds signatures checked through it equal to the crate's own `verify`.
fn sm2_z(vk: &sm2::dsa::VerifyingKey) -> [u8; 32] {
    use sm2::elliptic_curve::sec1::ToEncodedPoint as _;
    use sm3::{Digest, Sm3};
    let point = vk.as_affine().to_encoded_point(false);
    // DISTID is 16 bytes: ENTL is its length in bits, two bytes big-endian.
    let entl = u16::try_from(DISTID.len() * 8).unwrap_or(u16::MAX);
    let mut h = Sm3::new();
    h.update(entl.to_be_bytes());
    h.update(DISTID.as_bytes());
    h.update(SM2_CURVE_ZA);
    if let (Some(x), Some(y)) = (point.x(), point.y()) {
        h.update(x);
        h.update(y);
    }
    h.finalize().into()
}

impl PublicKey {
    /// What a signature over the concatenation of `parts` is checked against, hashed from
    /// the parts in place: a sheet's body is the file's bytes up to its signature member
    /// and a closing `}`, and need not be copied out to be verified.
    pub fn digest_parts(&self, parts: &[&[u8]]) -> SignedDigest {
        match self {
            PublicKey::Sm2(vk) => {
                use sm3::{Digest, Sm3};
                let mut h = Sm3::new_with_prefix(sm2_z(vk));
                for p in parts {
                    h.update(p);
                }
                SignedDigest::Sm2(h.finalize().into())
            }
            PublicKey::Ed25519(_) => SignedDigest::Ed25519(parts.concat()),
        }
    }

    /// Whether `signature` signs the message `digest` was prepared from; `digest` must come
    /// from this key's [`PublicKey::digest_parts`] (one of the other algorithm never
    /// verifies).
    pub fn verify_digest(&self, digest: &SignedDigest, signature: &[u8]) -> bool {
        use sm2::dsa::signature::hazmat::PrehashVerifier as _;
        match (self, digest) {
            (PublicKey::Sm2(vk), SignedDigest::Sm2(e)) => match sm2_signature_from_der(signature) {
                Some(sig) => vk.verify_prehash(e, &sig).is_ok(),
                None => false,
            },
            (PublicKey::Ed25519(_), SignedDigest::Ed25519(msg)) => self.verify(msg, signature),
            _ => false,
        }
    }
}

/// A key pair of either algorithm.
#[derive(Clone)]
pub enum KeyPair {
    Sm2(Box<sm2::dsa::SigningKey>),
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyPair({}, secret withheld)", self.algorithm())
    }
}

impl KeyPair {
    /// A fresh key pair from the operating system's random source.
    pub fn generate(algorithm: Algorithm) -> Result<KeyPair, KeyError> {
        KeyPair::from_rng(algorithm, &mut rand_core::OsRng)
    }

    /// The same key pair for the same seed, on every machine: for `gen` and the bundled demo,
    /// never for a real campaign.
    pub fn from_seed(algorithm: Algorithm, seed: [u8; 32]) -> Result<KeyPair, KeyError> {
        use rand_core::SeedableRng as _;
        KeyPair::from_rng(algorithm, &mut rand_chacha::ChaCha20Rng::from_seed(seed))
    }

    fn from_rng(algorithm: Algorithm, rng: &mut impl CryptoRngCore) -> Result<KeyPair, KeyError> {
        Ok(match algorithm {
            Algorithm::Sm2Sm3 => {
                let secret = sm2::SecretKey::random(rng);
                let sk = sm2::dsa::SigningKey::new(DISTID, &secret)
                    .map_err(|e| KeyError::Crypto(e.to_string()))?;
                KeyPair::Sm2(Box::new(sk))
            }
            Algorithm::Ed25519 => {
                KeyPair::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(rng)))
            }
        })
    }

    pub fn algorithm(&self) -> Algorithm {
        match self {
            KeyPair::Sm2(_) => Algorithm::Sm2Sm3,
            KeyPair::Ed25519(_) => Algorithm::Ed25519,
        }
    }

    pub fn public_key(&self) -> PublicKey {
        match self {
            KeyPair::Sm2(sk) => PublicKey::Sm2(Box::new(sk.verifying_key().clone())),
            KeyPair::Ed25519(sk) => PublicKey::Ed25519(sk.verifying_key()),
        }
    }

    pub fn public_pem(&self) -> String {
        self.public_key().to_pem()
    }

    /// Signs `msg`. SM2 derives its nonce from the key and message (RFC 6979 with SM3, as the
    /// `sm2` crate does), so both algorithms give the same bytes for the same input.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, KeyError> {
        use sm2::dsa::signature::Signer as _;
        match self {
            KeyPair::Sm2(sk) => {
                let sig: sm2::dsa::Signature = sk
                    .try_sign(msg)
                    .map_err(|e| KeyError::Crypto(e.to_string()))?;
                sm2_signature_to_der(&sig)
            }
            KeyPair::Ed25519(sk) => Ok(sk.sign(msg).to_bytes().to_vec()),
        }
    }

    /// PKCS#8 DER of the private key (for SM2 the EC form OpenSSL writes and reads).
    pub fn to_pkcs8_der(&self) -> Result<der::zeroize::Zeroizing<Vec<u8>>, KeyError> {
        use sm2::pkcs8::EncodePrivateKey as _;
        let doc = match self {
            KeyPair::Sm2(sk) => sm2::SecretKey::from(sk.as_nonzero_scalar()).to_pkcs8_der(),
            KeyPair::Ed25519(sk) => sk.to_pkcs8_der(),
        }
        .map_err(|e| KeyError::Crypto(e.to_string()))?;
        Ok(der::zeroize::Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// Reads a PKCS#8 DER private key of either algorithm.
    pub fn from_pkcs8_der(bytes: &[u8]) -> Result<KeyPair, String> {
        use sm2::pkcs8::DecodePrivateKey as _;
        if let Ok(secret) = sm2::SecretKey::from_pkcs8_der(bytes) {
            let sk = sm2::dsa::SigningKey::new(DISTID, &secret).map_err(|e| e.to_string())?;
            return Ok(KeyPair::Sm2(Box::new(sk)));
        }
        ed25519_dalek::SigningKey::from_pkcs8_der(bytes)
            .map(|sk| KeyPair::Ed25519(Box::new(sk)))
            .map_err(|_| "not a PKCS#8 SM2 or Ed25519 private key".to_string())
    }
}

fn sm2_signature_to_der(sig: &sm2::dsa::Signature) -> Result<Vec<u8>, KeyError> {
    let enc = || -> der::Result<Vec<u8>> {
        let (r, s) = (sig.r_bytes(), sig.s_bytes());
        let (r, s) = (UintRef::new(&r)?, UintRef::new(&s)?);
        let len = (r.encoded_len()? + s.encoded_len()?)?;
        let mut out = Vec::with_capacity(72);
        der::Header::new(der::Tag::Sequence, len)?.encode_to_vec(&mut out)?;
        r.encode_to_vec(&mut out)?;
        s.encode_to_vec(&mut out)?;
        Ok(out)
    };
    enc().map_err(|e| KeyError::Crypto(e.to_string()))
}

/// Strict DER (`SEQUENCE { INTEGER r, INTEGER s }`, minimal integers, nothing trailing), so one
/// signature has one encoding and a sheet's bytes cannot change while still verifying.
pub fn sm2_signature_from_der(bytes: &[u8]) -> Option<sm2::dsa::Signature> {
    let mut reader = der::SliceReader::new(bytes).ok()?;
    let (r, s) = reader
        .sequence(|seq| Ok((UintRef::decode(seq)?, UintRef::decode(seq)?)))
        .ok()?;
    let (r, s) = reader.finish((r, s)).ok()?;
    let pad = |u: UintRef<'_>| -> Option<sm2::FieldBytes> {
        let b = u.as_bytes();
        if b.len() > 32 {
            return None;
        }
        let mut out = sm2::FieldBytes::default();
        out[32 - b.len()..].copy_from_slice(b);
        Some(out)
    };
    sm2::dsa::Signature::from_scalars(pad(r)?, pad(s)?).ok()
}

/// The refusal of a signature that does not sign the message (or does not decode).
fn mismatch(signature: &Signature) -> SignatureError {
    SignatureError::Mismatch {
        key: signature.key.clone(),
    }
}

/// Why a signature is refused, for any signed file (sheet, decision, package manifest).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("it is signed with key `{key}`, which keys.toml does not list")]
    UnknownKey { key: String },
    #[error("it is signed with key `{key}`, {}", role_refusal(*role, allowed))]
    WrongRole {
        key: String,
        role: Role,
        allowed: Vec<Role>,
    },
    #[error("it names algorithm `{declared}` but keys.toml lists key `{key}` as {listed}")]
    AlgorithmMismatch {
        key: String,
        declared: String,
        listed: Algorithm,
    },
    #[error("the signature does not match its content")]
    Mismatch { key: String },
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Expert => "an expert's key",
        Role::Chair => "the chair's key",
        Role::Secretariat => "the secretariat's key",
    }
}

fn role_refusal(role: Role, allowed: &[Role]) -> String {
    let want: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
    format!(
        "{}, but only a key of role {} may sign it",
        role_name(role),
        want.join(" or ")
    )
}

impl SignatureError {
    /// The same sentence in Chinese.
    pub fn zh(&self) -> String {
        let role_zh = Role::zh;
        match self {
            SignatureError::UnknownKey { key } => format!("签名所用密钥 {key} 不在 keys.toml 中"),
            SignatureError::WrongRole { key, role, allowed } => {
                let want: Vec<&str> = allowed.iter().map(|r| role_zh(*r)).collect();
                format!(
                    "签名所用密钥 {key} 属于{}，只有{}的密钥可以签署",
                    role_zh(*role),
                    want.join("或")
                )
            }
            SignatureError::AlgorithmMismatch {
                key,
                declared,
                listed,
            } => format!("签名声明算法 {declared}，但 keys.toml 中密钥 {key} 的算法为 {listed}"),
            SignatureError::Mismatch { .. } => "签名与内容不符".to_string(),
        }
    }
}

/// One `[[key]]` of `keys.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    pub id: String,
    pub role: Role,
    pub public: PublicKey,
    /// Line of its `id` in the file it came from; 0 when added in memory.
    pub line: usize,
}

impl KeyEntry {
    pub fn algorithm(&self) -> Algorithm {
        self.public.algorithm()
    }

    /// The entry as `keys.toml` writes it, ending in a newline.
    pub fn to_toml(&self) -> String {
        keys_toml_entry(&self.id, self.role, &self.public)
    }
}

/// One `[[key]]` block of `keys.toml`, ending in a newline.
pub fn keys_toml_entry(id: &str, role: Role, public: &PublicKey) -> String {
    let quoted = toml::Value::String(id.to_string()).to_string();
    format!(
        "[[key]]\nid = {quoted}\nrole = \"{}\"\nalgorithm = \"{}\"\npublic = \"\"\"\n{}\"\"\"\n",
        role.as_str(),
        public.algorithm(),
        public.to_pem()
    )
}

/// Errors of `keys.toml`, each naming the file and line.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error("{file}: cannot read it ({why}); check the path and permissions")]
    Io {
        file: String,
        why: String,
        zh: String,
    },
    #[error("{file}: {size} bytes is more than the {max} a keys file may hold")]
    TooLarge { file: String, size: u64, max: u64 },
    /// `message` in English, `zh` in Chinese.
    #[error("{file} line {line}: {message}")]
    At {
        file: String,
        line: usize,
        message: String,
        zh: String,
    },
}

impl KeysError {
    /// The error as one sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            KeysError::Io { file, zh, .. } => format!("{file}：无法读取（{zh}）；请检查路径和权限"),
            KeysError::TooLarge { file, size, max } => {
                format!("{file}：有 {size} 字节，超过公钥文件的上限 {max} 字节")
            }
            KeysError::At { file, line, zh, .. } => format!("{file} 第 {line} 行：{zh}"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(rename = "key", default)]
    keys: Vec<toml::Spanned<KeyRecord>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyRecord {
    id: toml::Spanned<String>,
    role: Role,
    algorithm: Algorithm,
    public: toml::Spanned<String>,
}

/// Whether `id` can name a key: the one id rule of [`crate::model::is_valid_id`], since a
/// key's id is its file's name and an expert's key id is the expert's id.
pub fn valid_key_id(id: &str) -> bool {
    crate::model::is_valid_id(id)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The public keys of a campaign, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    entries: BTreeMap<String, KeyEntry>,
}

impl Keyring {
    pub fn new() -> Keyring {
        Keyring::default()
    }

    /// Parses `keys.toml`; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Keyring, KeysError> {
        let at = |line: usize, zh: String, message: String| KeysError::At {
            file: file.to_string(),
            line,
            message,
            zh,
        };
        let parsed: KeysFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            let zh = if text.parse::<toml::Table>().is_err() {
                crate::format::syntax_zh("TOML", text, Some(line))
            } else {
                crate::format::serde_zh(e.message().trim())
            };
            at(line, zh, e.message().trim().to_string())
        })?;
        let mut ring = Keyring::new();
        for rec in parsed.keys {
            let rec = rec.into_inner();
            let line = line_of(text, rec.id.span().start);
            let id = rec.id.into_inner();
            if let Some((zh, en)) = crate::model::id_problem(&id, ("密钥", "key")) {
                return Err(at(line, zh, en));
            }
            let pem_line = line_of(text, rec.public.span().start);
            let public =
                PublicKey::from_pem(rec.algorithm, rec.public.get_ref()).map_err(|why| {
                    at(
                        pem_line,
                        format!("密钥 `{id}` 的公钥无法读取；请从 keygen 输出的 .pub.pem 重新复制"),
                        format!("key `{id}`: {why}"),
                    )
                })?;
            if let Some(first) = ring.entries.get(&id) {
                return Err(at(
                    line,
                    format!(
                        "又一个编号为 `{id}` 的密钥（第一个在第 {} 行）；请给每个密钥不同的编号",
                        first.line
                    ),
                    format!(
                        "a second key with id `{id}` (the first is at line {}); give each key its own id",
                        first.line
                    ),
                ));
            }
            ring.entries.insert(
                id.clone(),
                KeyEntry {
                    id,
                    role: rec.role,
                    public,
                    line,
                },
            );
        }
        Ok(ring)
    }

    /// Reads and parses a `keys.toml` file.
    pub fn load(path: &Path) -> Result<Keyring, KeysError> {
        let file = path.display().to_string();
        let io = |e: std::io::Error| KeysError::Io {
            file: file.clone(),
            why: crate::i18n::io_phrase(crate::i18n::Lang::En, &e),
            zh: crate::i18n::io_phrase(crate::i18n::Lang::Zh, &e),
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_KEYS_FILE_BYTES {
            return Err(KeysError::TooLarge {
                file,
                size,
                max: MAX_KEYS_FILE_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|e| KeysError::At {
            file: file.clone(),
            line: line_of(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            ),
            message: "the file is not valid UTF-8; save it as UTF-8".to_string(),
            zh: "文件不是有效的 UTF-8 文本；请另存为 UTF-8".to_string(),
        })?;
        Keyring::parse(&text, &file)
    }

    pub fn get(&self, id: &str) -> Option<&KeyEntry> {
        self.entries.get(id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in id order.
    pub fn iter(&self) -> impl Iterator<Item = &KeyEntry> {
        self.entries.values()
    }

    /// Adds a key; refuses an id already present.
    pub fn insert(&mut self, id: &str, role: Role, public: PublicKey) -> Result<(), KeyError> {
        if let Some((zh, en)) = crate::model::id_problem(id, ("密钥", "key")) {
            return Err(KeyError::Invalid { en, zh });
        }
        if self.entries.contains_key(id) {
            return Err(KeyError::Invalid {
                en: format!(
                    "keys.toml already lists a key with id `{id}`; give each key its own id"
                ),
                zh: format!("keys.toml 中已有编号为 `{id}` 的密钥；请给每个密钥不同的编号"),
            });
        }
        self.entries.insert(
            id.to_string(),
            KeyEntry {
                id: id.to_string(),
                role,
                public,
                line: 0,
            },
        );
        Ok(())
    }

    /// The whole `keys.toml`, entries in id order separated by blank lines.
    pub fn to_toml(&self) -> String {
        let blocks: Vec<String> = self.entries.values().map(KeyEntry::to_toml).collect();
        blocks.join("\n")
    }

    /// Checks `signature` over `msg`: the key is listed, its role is one of `roles`, the
    /// algorithm agrees, and the signature verifies. Returns the key that signed.
    pub fn verify(
        &self,
        msg: &[u8],
        signature: &Signature,
        roles: &[Role],
    ) -> Result<&KeyEntry, SignatureError> {
        let (entry, raw) = self.signer_and_bytes(signature, roles)?;
        if entry.public.verify(msg, &raw) {
            Ok(entry)
        } else {
            Err(mismatch(signature))
        }
    }

    /// [`Keyring::verify`] of the concatenation of `parts`, hashed in place; returns what
    /// the signature was checked against ([`PublicKey::digest_parts`]), which is equal for
    /// two messages of one key exactly when the messages are.
    pub fn verify_parts(
        &self,
        parts: &[&[u8]],
        signature: &Signature,
        roles: &[Role],
    ) -> Result<SignedDigest, SignatureError> {
        let (entry, raw) = self.signer_and_bytes(signature, roles)?;
        let digest = entry.public.digest_parts(parts);
        if entry.public.verify_digest(&digest, &raw) {
            Ok(digest)
        } else {
            Err(mismatch(signature))
        }
    }

    /// The entry of `signature`'s signer ([`Keyring::check_signer`]) and the signature's
    /// bytes. The strict engine refuses non-zero trailing bits and missing padding, so a
    /// changed character in the encoded signature can never decode to the same bytes.
    fn signer_and_bytes(
        &self,
        signature: &Signature,
        roles: &[Role],
    ) -> Result<(&KeyEntry, Vec<u8>), SignatureError> {
        let entry = self.check_signer(signature, roles)?;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(&signature.value)
            .map_err(|_| mismatch(signature))?;
        Ok((entry, raw))
    }

    /// The checks of [`Keyring::verify`] that need no cryptography: listed key, allowed role,
    /// agreeing algorithm.
    pub fn check_signer(
        &self,
        signature: &Signature,
        roles: &[Role],
    ) -> Result<&KeyEntry, SignatureError> {
        let entry = self
            .get(&signature.key)
            .ok_or_else(|| SignatureError::UnknownKey {
                key: signature.key.clone(),
            })?;
        if !roles.contains(&entry.role) {
            return Err(SignatureError::WrongRole {
                key: entry.id.clone(),
                role: entry.role,
                allowed: roles.to_vec(),
            });
        }
        if signature.algorithm != entry.algorithm().as_str() {
            return Err(SignatureError::AlgorithmMismatch {
                key: entry.id.clone(),
                declared: signature.algorithm.clone(),
                listed: entry.algorithm(),
            });
        }
        Ok(entry)
    }
}
