//! Verifying one sheet file: size, shape, canonical bytes, campaign, key, signature, in that
//! order, so the verdict names the first thing wrong.

use super::canonical::{Compare, MAX_SAFE_INTEGER};
use super::strict;
use super::{Sheet, SheetBody, Signature, SHEET_FORMAT};
use crate::keys::{Keyring, SignatureError, SignedDigest};
use crate::model::Role;

/// Sheet files larger than this are refused before parsing. A sheet of 2,000 applications ×
/// 4 criteria with comments is about 1 MB; 64 MiB leaves room for long comments while
/// keeping a stray disk image from being read into memory.
pub const MAX_SHEET_BYTES: usize = 64 * 1024 * 1024;

/// Why a sheet file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("cannot be read ({}); check the path and permissions", kind_en(*.0))]
    Unreadable(std::io::ErrorKind),
    #[error("too large: {size} bytes, more than the {} MiB a sheet may hold", MAX_SHEET_BYTES / (1024 * 1024))]
    TooLarge { size: usize },
    #[error("malformed: {0}")]
    Malformed(String),
    #[error("not canonical: the bytes differ from the canonical form (RFC 8785) at byte {offset}; it was edited after export, export it again")]
    NotCanonical { offset: usize },
    #[error(
        "another campaign: the sheet carries campaign digest {}, this campaign's is {}",
        short(found),
        short(expected)
    )]
    ForeignCampaign { found: String, expected: String },
    #[error("unknown key: {0}")]
    UnknownKey(UnknownKeyReason),
    #[error("altered: the signature does not match its content")]
    Altered,
}

/// Why the key that signed a sheet is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownKeyReason {
    #[error("it is signed with key `{key}`, which keys.toml does not list")]
    NotListed { key: String },
    #[error("it is signed with key `{key}`, whose role is {}, not expert", role.as_str())]
    NotExpert { key: String, role: Role },
    #[error("it is expert `{expert}`'s sheet but signed with key `{key}`")]
    NotTheExpert { key: String, expert: String },
    #[error(
        "the signature names algorithm `{declared}` but keys.toml lists key `{key}` as {listed}"
    )]
    Algorithm {
        key: String,
        declared: String,
        listed: String,
    },
}

fn kind_en(kind: std::io::ErrorKind) -> String {
    crate::i18n::kind_phrase(crate::i18n::Lang::En, kind)
        .map(str::to_string)
        .unwrap_or_else(|| kind.to_string())
}

/// A `Malformed` detail (English, from the parser or the shape check) in Chinese; `what`
/// names the kind of file.
pub(crate) fn malformed_zh(detail: &str, what: &str) -> String {
    if detail.starts_with("not JSON") {
        return "不是 JSON（内容不完整或已损坏）".into();
    }
    if let Some(inner) = detail
        .split_once(" (")
        .filter(|(head, _)| head.starts_with("not a "))
        .map(|(_, rest)| rest.trim_end_matches(')'))
    {
        return format!("不是{what}（{}）", crate::format::serde_zh(inner));
    }
    // The shape checks catch only files not written by pingshen.
    format!("内容不符合{what}的格式；这种文件只应由 pingshen 写出，请重新取得原文件")
}

fn short(digest: &str) -> String {
    if digest.chars().count() > 16 {
        let head: String = digest.chars().take(16).collect();
        format!("{head}...")
    } else {
        digest.to_string()
    }
}

impl SheetError {
    /// The same sentence in Chinese.
    pub fn zh(&self) -> String {
        match self {
            SheetError::Unreadable(kind) => format!(
                "无法读取（{}），请检查路径和权限",
                crate::i18n::kind_phrase(crate::i18n::Lang::Zh, *kind).unwrap_or("系统报告错误")
            ),
            SheetError::TooLarge { size } => format!(
                "文件过大：{size} 字节，超过评分表上限 {} MiB",
                MAX_SHEET_BYTES / (1024 * 1024)
            ),
            SheetError::Malformed(what) => format!("格式错误：{}", malformed_zh(what, "评分表")),
            SheetError::NotCanonical { offset } => format!(
                "非规范格式：第 {offset} 字节起与规范形式（RFC 8785）不同，导出后被修改过，请重新导出"
            ),
            SheetError::ForeignCampaign { found, expected } => format!(
                "属于其他评审活动：评分表的活动摘要为 {}，本活动为 {}",
                short(found),
                short(expected)
            ),
            SheetError::UnknownKey(r) => format!("未知密钥：{}", r.zh()),
            SheetError::Altered => "已被篡改：签名与内容不符".to_string(),
        }
    }
}

impl UnknownKeyReason {
    pub fn zh(&self) -> String {
        match self {
            UnknownKeyReason::NotListed { key } => {
                format!("签名所用密钥 {key} 不在 keys.toml 中")
            }
            UnknownKeyReason::NotExpert { key, role } => {
                format!("签名所用密钥 {key} 的角色为{}，不是专家", role.zh())
            }
            UnknownKeyReason::NotTheExpert { key, expert } => {
                format!("这是专家 {expert} 的评分表，却由密钥 {key} 签名")
            }
            UnknownKeyReason::Algorithm {
                key,
                declared,
                listed,
            } => format!("签名声明算法 {declared}，但 keys.toml 中密钥 {key} 的算法为 {listed}"),
        }
    }
}

/// What a sheet must satisfy beyond its JSON shape; the message says what is wrong.
pub(crate) fn check_shape(body: &SheetBody) -> Result<(), String> {
    if body.format != SHEET_FORMAT {
        return Err(format!(
            "sheet format {} is not one this pingshen reads (format {SHEET_FORMAT})",
            body.format
        ));
    }
    if body.expert.is_empty() {
        return Err("the expert id is empty".to_string());
    }
    if body.round == 0 {
        return Err("round 0 does not exist; rounds count from 1".to_string());
    }
    if body.revision > MAX_SAFE_INTEGER as u64 {
        return Err(format!("revision {} is too large", body.revision));
    }
    for (i, s) in body.scores.iter().enumerate() {
        if s.round == 0 || s.round > body.round {
            return Err(format!(
                "score {} ({} / {}) is for round {}, outside rounds 1 to {}",
                i + 1,
                s.application,
                s.criterion,
                s.round,
                body.round
            ));
        }
        if !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&s.value) {
            return Err(format!(
                "score {} ({} / {}) has the out-of-range value {}",
                i + 1,
                s.application,
                s.criterion,
                s.value
            ));
        }
        if i > 0 {
            let p = &body.scores[i - 1];
            let order = (&p.application, &p.criterion, p.round).cmp(&(
                &s.application,
                &s.criterion,
                s.round,
            ));
            match order {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    return Err(format!(
                        "application {} criterion {} round {} is scored twice (scores {} and {})",
                        s.application,
                        s.criterion,
                        s.round,
                        i,
                        i + 1
                    ))
                }
                std::cmp::Ordering::Greater => {
                    return Err(format!(
                        "scores {} and {} are out of order; scores are sorted by application, criterion and round",
                        i,
                        i + 1
                    ))
                }
            }
        }
    }
    for (i, pair) in body.declarations.windows(2).enumerate() {
        if pair[0].application >= pair[1].application {
            return Err(format!(
                "declarations {} and {} are repeated or out of order; they are sorted by application",
                i + 1,
                i + 2
            ));
        }
    }
    Ok(())
}

/// Reads a sheet file, refusing one over [`MAX_SHEET_BYTES`] before reading it.
pub fn read_sheet_file(path: &std::path::Path) -> Result<Vec<u8>, SheetError> {
    let mut bytes = Vec::new();
    read_sheet_file_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_sheet_file`] into `buf` (cleared first): a thread reading many sheets keeps one
/// buffer, whose pages are already mapped, rather than a fresh 1 MB allocation per file.
pub(crate) fn read_sheet_file_into(
    path: &std::path::Path,
    buf: &mut Vec<u8>,
) -> Result<(), SheetError> {
    use std::io::Read as _;
    let io = |e: std::io::Error| SheetError::Unreadable(e.kind());
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_SHEET_BYTES as u64 {
        return Err(SheetError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
        });
    }
    buf.clear();
    let mut file = std::fs::File::open(path).map_err(io)?;
    buf.reserve(usize::try_from(size).unwrap_or(0));
    file.read_to_end(buf).map_err(io)?;
    Ok(())
}

/// Verifies one sheet file against the full campaign's digest and the campaign's keys.
pub fn verify_sheet(
    bytes: &[u8],
    expected_digest: &str,
    keyring: &Keyring,
) -> Result<Sheet, SheetError> {
    verify_sheet_with(bytes, expected_digest, keyring, false).map(|(sheet, _)| sheet)
}

/// The same, and with `body_sm3` also the sheet's lower-case hex digest: the SM3 value its
/// signature is made on (for SM2, SM3(Z_A || body), which the signature check computes
/// anyway; for Ed25519, the SM3 of the body).
pub(crate) fn verify_sheet_with(
    bytes: &[u8],
    expected_digest: &str,
    keyring: &Keyring,
    body_sm3: bool,
) -> Result<(Sheet, Option<String>), SheetError> {
    check_sheet(bytes, keyring, body_sm3).settle(expected_digest)
}

/// A sheet file checked in everything but its campaign: what [`check_sheet`] found, to be
/// settled against the campaign's digest once it is known. Lets the sheets be parsed and
/// their signatures checked while the campaign is still being read.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    /// The parsed sheet, or why the file is not one (size, shape, canonical bytes).
    parsed: Result<Sheet, SheetError>,
    /// The key and signature check of a parsed sheet, with the body's SM3 when asked for.
    signed: Result<Option<String>, SheetError>,
}

impl Checked {
    /// The verdict against the campaign whose digest is `expected_digest`, naming the first
    /// thing wrong in the order size, shape, canonical bytes, campaign, key, signature.
    pub(crate) fn settle(
        self,
        expected_digest: &str,
    ) -> Result<(Sheet, Option<String>), SheetError> {
        let sheet = self.parsed?;
        if sheet.body.campaign != expected_digest {
            return Err(SheetError::ForeignCampaign {
                found: sheet.body.campaign.clone(),
                expected: expected_digest.to_string(),
            });
        }
        let digest = self.signed?;
        Ok((sheet, digest))
    }
}

/// Every check of a sheet file but its campaign's digest: see [`Checked::settle`].
pub(crate) fn check_sheet(bytes: &[u8], keyring: &Keyring, body_sm3: bool) -> Checked {
    let parsed = parse_sheet(bytes);
    let signed = match &parsed {
        Ok((sheet, body_end)) => {
            check_signature(bytes, sheet, *body_end, keyring, body_sm3).map(|(_, sm3)| sm3)
        }
        Err(_) => Ok(None),
    };
    Checked {
        parsed: parsed.map(|(sheet, _)| sheet),
        signed,
    }
}

/// What `verify` keeps of a sheet file: [`check_sheet`]'s verdict, without the scores.
#[derive(Debug, Clone)]
pub(crate) struct Glance {
    /// The header of a well-formed canonical sheet with its key and signature check (and
    /// what the signature was checked against), or why the file is not one.
    parsed: Result<(Header, Result<Identity, SheetError>), SheetError>,
}

/// The fields of a sheet its verdict line needs.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub(crate) campaign: String,
    pub(crate) expert: String,
    pub(crate) revision: u64,
}

/// Stands for a verified file's bytes: what its signature was checked against (for SM2
/// `SM3(Z_A || body)`, for Ed25519 the body) and the bytes after the body (the signature
/// member). Two verified files of one expert, hence of one key, hold the same bytes exactly
/// when these are equal (for SM2 unless SM3 collides, when the one signature would also
/// stand for both bodies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    digest: SignedDigest,
    tail: Vec<u8>,
}

impl Glance {
    /// As [`Checked::settle`]: the header and identity of a file that verified against the
    /// campaign whose digest is `expected_digest`, or the first thing wrong.
    pub(crate) fn settle(self, expected_digest: &str) -> Result<(Header, Identity), SheetError> {
        let (header, signed) = self.parsed?;
        if header.campaign != expected_digest {
            return Err(SheetError::ForeignCampaign {
                found: header.campaign,
                expected: expected_digest.to_string(),
            });
        }
        Ok((header, signed?))
    }
}

/// [`check_sheet`] for `verify`, which needs of each file only its verdict: a canonical
/// sheet that passes the shape checks is recognised in one pass that keeps none of its
/// scores; any other file takes the full path, which names what is wrong.
pub(crate) fn glance_sheet(bytes: &[u8], keyring: &Keyring) -> Glance {
    let scanned = (bytes.len() <= MAX_SHEET_BYTES)
        .then(|| strict::scan(bytes))
        .flatten();
    let (header, signature, body_end) = match scanned {
        Some(s) => (
            Header {
                campaign: s.campaign,
                expert: s.expert,
                revision: s.revision,
            },
            s.signature,
            Some(s.body_end),
        ),
        None => match parse_sheet(bytes) {
            Ok((sheet, body_end)) => (
                Header {
                    campaign: sheet.body.campaign,
                    expert: sheet.body.expert,
                    revision: sheet.body.revision,
                },
                sheet.signature,
                body_end,
            ),
            Err(e) => return Glance { parsed: Err(e) },
        },
    };
    let signed = signature_of(bytes, &signature, &header.expert, body_end, keyring, false)
        .map(|(identity, _)| identity);
    Glance {
        parsed: Ok((header, signed)),
    }
}

/// The sheet in a file, and where its body ends when the strict reader found it.
fn parse_sheet(bytes: &[u8]) -> Result<(Sheet, Option<usize>), SheetError> {
    if bytes.len() > MAX_SHEET_BYTES {
        return Err(SheetError::TooLarge { size: bytes.len() });
    }
    match strict::read(bytes) {
        Some(read) => {
            check_shape(&read.sheet.body).map_err(SheetError::Malformed)?;
            Ok((read.sheet, Some(read.body_end)))
        }
        // Not a canonical sheet, or not a sheet at all: the general path says which.
        None => Ok((parse_and_check_canonical(bytes)?, None)),
    }
}

/// The signing key and the signature of a parsed sheet; with `body_sm3`, the hex SM3 of
/// its canonical body.
fn check_signature(
    bytes: &[u8],
    sheet: &Sheet,
    body_end: Option<usize>,
    keyring: &Keyring,
    body_sm3: bool,
) -> Result<(Identity, Option<String>), SheetError> {
    signature_of(
        bytes,
        &sheet.signature,
        &sheet.body.expert,
        body_end,
        keyring,
        body_sm3,
    )
}

/// [`check_signature`] of the sheet in `bytes` whose signature is `sig` and whose expert
/// is `expert`. The body is hashed where it lies in the file (its bytes up to the signature
/// member, then a closing `}`), never copied out.
fn signature_of(
    bytes: &[u8],
    sig: &Signature,
    expert: &str,
    body_end: Option<usize>,
    keyring: &Keyring,
    body_sm3: bool,
) -> Result<(Identity, Option<String>), SheetError> {
    keyring
        .check_signer(sig, &[Role::Expert])
        .map_err(|e| SheetError::UnknownKey(unknown_key(e)))?;
    if sig.key != expert {
        return Err(SheetError::UnknownKey(UnknownKeyReason::NotTheExpert {
            key: sig.key.clone(),
            expert: expert.to_string(),
        }));
    }
    let at = body_end_of_canonical_file(bytes, body_end)
        .ok_or_else(|| SheetError::Malformed("the signature is not its last member".to_string()))?;
    let body: [&[u8]; 2] = [&bytes[..at], b"}"];
    let digest = keyring
        .verify_parts(&body, sig, &[Role::Expert])
        .map_err(|e| match e {
            SignatureError::Mismatch { .. } => SheetError::Altered,
            other => SheetError::UnknownKey(unknown_key(other)),
        })?;
    let sm3 = body_sm3.then(|| match &digest {
        // The value the SM2 signature is made on: SM3(Z_A || body), already computed.
        SignedDigest::Sm2(e) => hex::encode(e),
        SignedDigest::Ed25519(_) => {
            use sm3::{Digest, Sm3};
            hex::encode(
                Sm3::new()
                    .chain_update(body[0])
                    .chain_update(body[1])
                    .finalize(),
            )
        }
    });
    Ok((
        Identity {
            digest,
            tail: bytes[at..].to_vec(),
        },
        sm3,
    ))
}

fn unknown_key(e: SignatureError) -> UnknownKeyReason {
    match e {
        SignatureError::UnknownKey { key } | SignatureError::Mismatch { key } => {
            UnknownKeyReason::NotListed { key }
        }
        SignatureError::WrongRole { key, role, .. } => UnknownKeyReason::NotExpert { key, role },
        SignatureError::AlgorithmMismatch {
            key,
            declared,
            listed,
        } => UnknownKeyReason::Algorithm {
            key,
            declared,
            listed: listed.to_string(),
        },
    }
}

/// The general path: serde parses the file, and serialising it again must give the same
/// bytes. Names what is wrong: not JSON, not a sheet, a bad shape, or where the bytes
/// leave the canonical form.
fn parse_and_check_canonical(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let sheet: Sheet = serde_json::from_slice(bytes).map_err(|e| {
        SheetError::Malformed(if e.is_syntax() || e.is_eof() {
            format!("not JSON ({e})")
        } else {
            format!("not a score sheet ({e})")
        })
    })?;
    check_shape(&sheet.body).map_err(SheetError::Malformed)?;
    let mut cmp = Compare::new(bytes);
    serde_json::to_writer(&mut cmp, &sheet)
        .map_err(|e| SheetError::Malformed(format!("cannot be re-encoded ({e})")))?;
    if let Some(offset) = cmp.first_difference() {
        return Err(SheetError::NotCanonical { offset });
    }
    Ok(sheet)
}

/// Where the body's canonical bytes end in a canonical sheet file (the body is the bytes
/// before, then `}`): at `body_end` when the strict reader found it; otherwise, as
/// `signature` sorts last and a `"` inside a JSON string is always escaped, where the last
/// `,"signature":{` starts. Saves a second serialisation of every sheet.
fn body_end_of_canonical_file(bytes: &[u8], body_end: Option<usize>) -> Option<usize> {
    const MEMBER: &[u8] = b",\"signature\":{";
    match body_end {
        Some(at) => Some(at),
        None => bytes.windows(MEMBER.len()).rposition(|w| w == MEMBER),
    }
}
