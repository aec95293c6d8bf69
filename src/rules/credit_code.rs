//! Unified social credit codes (统一社会信用代码, GB 32100-2015): structure, check character,
//! and the inner organisation code (GB 11714), reported as typed errors and warnings.

use std::fmt;

/// The 31 characters a code may use: digits and upper-case letters without I, O, S, V, Z.
/// A character's value is its index here.
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1..=17: 3^(i-1) mod 31.
pub const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the first 8 characters of a GB 11714 organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Registration authorities (position 1) and the category codes (position 2) each allows,
/// as GB 32100-2015 and its amendments list them.
const AUTHORITIES: [(char, &str, &str, &str); 12] = [
    ('1', "1239", "机构编制", "establishment administration"),
    ('2', "19", "外交", "foreign affairs"),
    ('3', "123459", "司法行政", "justice administration"),
    ('4', "19", "文化", "culture"),
    ('5', "1239", "民政", "civil affairs"),
    ('6', "129", "旅游", "tourism"),
    ('7', "129", "宗教", "religious affairs"),
    ('8', "19", "工会", "trade unions"),
    ('9', "123", "工商", "market regulation"),
    (
        'A',
        "19",
        "中央军委改革和编制办公室",
        "CMC reform and establishment office",
    ),
    ('N', "1239", "农业", "agriculture"),
    ('Y', "1", "其他", "other"),
];

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

fn char_of(v: u32) -> char {
    ALPHABET.as_bytes()[v as usize % 31] as char
}

/// What makes a string not a unified social credit code. Positions count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("the code has {found} characters; a unified social credit code has 18")]
    Length { found: usize },
    #[error(
        "character {position} is `{found}`, which a credit code may not use (digits and \
         upper-case letters except I, O, S, V and Z)"
    )]
    ForbiddenChar { position: usize, found: char },
    #[error("character 1 is `{found}`, which is no registration authority (1-9, A, N or Y)")]
    Authority { found: char },
    #[error(
        "character 2 is `{found}`, which is no category under registration authority \
         `{authority}` (allowed: {allowed})"
    )]
    Category {
        authority: char,
        found: char,
        allowed: String,
    },
    #[error("the check character (position 18) is `{found}` but the first 17 give `{expected}`")]
    CheckChar { expected: char, found: char },
}

impl CreditCodeError {
    /// The same sentence in Chinese.
    pub fn zh(&self) -> String {
        match self {
            CreditCodeError::Length { found } => {
                format!("代码为 {found} 位，统一社会信用代码应为 18 位")
            }
            CreditCodeError::ForbiddenChar { position, found } => format!(
                "第 {position} 位为「{found}」，不是代码可用字符（数字和除 I、O、S、V、Z 外的大写字母）"
            ),
            CreditCodeError::Authority { found } => {
                format!("第 1 位为「{found}」，不是登记管理部门代码（1-9、A、N 或 Y）")
            }
            CreditCodeError::Category { authority, found, allowed } => format!(
                "第 2 位为「{found}」，不是登记管理部门「{authority}」下的机构类别代码（可用：{allowed}）"
            ),
            CreditCodeError::CheckChar { expected, found } => {
                format!("第 18 位校验码为「{found}」，按前 17 位应为「{expected}」")
            }
        }
    }
}

/// A doubt that does not make the code invalid: the inner organisation code (positions
/// 9–17) fails its own GB 11714 check, which some issuers' codes legitimately do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeWarning {
    #[error(
        "the organisation code inside it (positions 9-17) ends in `{found}` but GB 11714 gives \
         `{expected}`"
    )]
    OrganisationCheck { expected: char, found: char },
}

impl CreditCodeWarning {
    pub fn zh(&self) -> String {
        match self {
            CreditCodeWarning::OrganisationCheck { expected, found } => format!(
                "其中的组织机构代码（第 9-17 位）校验码为「{found}」，按 GB 11714 应为「{expected}」"
            ),
        }
    }
}

/// A code that passed every structural check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode {
    code: String,
    pub warnings: Vec<CreditCodeWarning>,
}

impl CreditCode {
    pub fn as_str(&self) -> &str {
        &self.code
    }
    /// Position 1's registration authority, in Chinese and English.
    pub fn authority(&self) -> (&'static str, &'static str) {
        let c = self.code.chars().next().unwrap_or('?');
        AUTHORITIES
            .iter()
            .find(|a| a.0 == c)
            .map(|a| (a.2, a.3))
            .unwrap_or(("?", "?"))
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// The check character for the first 17 characters of a code, or `None` when `first17` is
/// not 17 characters of the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
        n += 1;
    }
    if n != 17 || first17.chars().count() != 17 {
        return None;
    }
    Some(char_of((31 - sum % 31) % 31))
}

/// The GB 11714 check character of an organisation code's first 8 characters (digits or
/// upper-case Latin letters, A = 10 … Z = 35).
pub fn organisation_check_char(first8: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in first8.chars().zip(ORG_WEIGHTS) {
        sum += c.to_digit(36).filter(|_| !c.is_ascii_lowercase())? * w;
        n += 1;
    }
    if n != 8 || first8.chars().count() != 8 {
        return None;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('?'),
    })
}

/// Validates a code exactly as written (no trimming, no case folding: the standard writes
/// upper case). Checks in order: length, alphabet, registration authority, category, check
/// character; the first failure is the one reported.
pub fn validate(code: &str) -> Result<CreditCode, CreditCodeError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(CreditCodeError::Length { found: chars.len() });
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, &c)| value(c).is_none()) {
        return Err(CreditCodeError::ForbiddenChar {
            position: i + 1,
            found: c,
        });
    }
    let authority = AUTHORITIES
        .iter()
        .find(|a| a.0 == chars[0])
        .ok_or(CreditCodeError::Authority { found: chars[0] })?;
    if !authority.1.contains(chars[1]) {
        return Err(CreditCodeError::Category {
            authority: chars[0],
            found: chars[1],
            allowed: authority
                .1
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let first17: String = chars[..17].iter().collect();
    let expected = check_char(&first17).unwrap_or('?');
    if expected != chars[17] {
        return Err(CreditCodeError::CheckChar {
            expected,
            found: chars[17],
        });
    }
    let mut warnings = Vec::new();
    let org: String = chars[8..16].iter().collect();
    if let Some(expected) = organisation_check_char(&org) {
        if expected != chars[16] {
            warnings.push(CreditCodeWarning::OrganisationCheck {
                expected,
                found: chars[16],
            });
        }
    }
    Ok(CreditCode {
        code: code.to_string(),
        warnings,
    })
}

/// The form under which two written codes are compared for identity (E2, C1, C3): trimmed,
/// NFKC-folded and upper-cased. Empty when nothing is left.
pub fn match_key(code: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let t = code.trim();
    if t.is_ascii() {
        return t
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
    }
    t.nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes published by the companies themselves (annual reports, licences).
    pub(crate) const GENUINE: [&str; 3] = [
        "914403001922038216",
        "9144030071526726XG",
        "91330100799655058B",
    ];

    #[test]
    fn weights_are_powers_of_three() {
        let mut w = 1u32;
        for x in WEIGHTS {
            assert_eq!(x, w);
            w = w * 3 % 31;
        }
        assert_eq!(ALPHABET.len(), 31);
        for c in ['I', 'O', 'S', 'V', 'Z'] {
            assert!(!ALPHABET.contains(c));
        }
    }

    #[test]
    fn genuine_codes_validate() {
        for code in GENUINE {
            let ok = validate(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert!(ok.warnings.is_empty(), "{code}: {:?}", ok.warnings);
            assert_eq!(check_char(&code[..17]), code.chars().nth(17));
        }
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(
            validate("91440300192203821"),
            Err(CreditCodeError::Length { found: 17 })
        );
        assert_eq!(
            validate("9144030019220382I6"),
            Err(CreditCodeError::ForbiddenChar {
                position: 17,
                found: 'I'
            })
        );
        assert!(matches!(
            validate("Z14403001922038216"),
            Err(CreditCodeError::ForbiddenChar { position: 1, .. })
        ));
        assert_eq!(
            validate("B14403001922038216"),
            Err(CreditCodeError::Authority { found: 'B' })
        );
        assert!(matches!(
            validate("974403001922038216"),
            Err(CreditCodeError::Category {
                authority: '9',
                found: '7',
                ..
            })
        ));
        assert_eq!(
            validate("914403001922038217"),
            Err(CreditCodeError::CheckChar {
                expected: '6',
                found: '7'
            })
        );
        assert!(matches!(
            validate("９１４４０３００１９２２０３８２１６"),
            Err(CreditCodeError::ForbiddenChar { position: 1, .. })
        ));
    }

    #[test]
    fn organisation_check_is_a_warning() {
        // Change the organisation code's check (position 17), then repair position 18.
        let first17 = "91440300192203820";
        let code = format!("{first17}{}", check_char(first17).unwrap());
        let ok = validate(&code).unwrap();
        assert_eq!(
            ok.warnings,
            vec![CreditCodeWarning::OrganisationCheck {
                expected: '1',
                found: '0'
            }]
        );
        assert_eq!(organisation_check_char("19220382"), Some('1'));
        assert_eq!(organisation_check_char("7152672"), None);
    }

    #[test]
    fn match_key_folds_width_and_case() {
        assert_eq!(
            match_key(" ９１４４０３００７１５２６７２６ｘｇ "),
            "9144030071526726XG"
        );
        assert_eq!(match_key("  "), "");
    }
}
