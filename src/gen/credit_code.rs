//! Making valid unified social credit codes (GB 32100-2015) for generated units. The
//! validator lives in `rules`; this side only builds codes, so it stays minimal.

/// The 31 characters of a credit code; a character's value is its index.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A full 18-character code from its head (registration authority, category and the
/// 6-digit administrative division, e.g. `91110108`) and the first 8 characters of its
/// organisation code (GB 11714). Adds both check characters. `None` when the parts are not
/// 8 characters of the credit-code alphabet each.
pub fn make_code(head: &str, org_base: &str) -> Option<String> {
    if head.len() != 8 || org_base.len() != 8 {
        return None;
    }
    let org_sum: u32 = org_base
        .chars()
        .zip(ORG_WEIGHTS)
        .map(|(c, w)| c.to_digit(36).map(|v| v * w))
        .sum::<Option<u32>>()?;
    let org_check = match 11 - org_sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10)?,
    };
    let first17 = format!("{head}{org_base}{org_check}");
    let mut sum = 0;
    for (c, w) in first17.bytes().zip(WEIGHTS) {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        sum += v * w;
    }
    let check = ALPHABET[((31 - sum % 31) % 31) as usize] as char;
    Some(format!("{first17}{check}"))
}

/// The same code with a wrong final check character (for the planted E7 case).
pub fn with_wrong_check(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(last) = chars.last_mut() {
        let v = ALPHABET
            .iter()
            .position(|&a| a as char == *last)
            .unwrap_or(0);
        *last = ALPHABET[(v + 7) % ALPHABET.len()] as char;
    }
    chars.into_iter().collect()
}

/// Characters an organisation code may take from a generator: the credit-code alphabet.
pub fn org_char(v: usize) -> char {
    ALPHABET[v % ALPHABET.len()] as char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_rebuild() {
        // Codes the companies publish themselves: rebuilding from their first 16 characters
        // must give back both check characters.
        for code in [
            "914403001922038216",
            "9144030071526726XG",
            "91330100799655058B",
        ] {
            assert_eq!(make_code(&code[..8], &code[8..16]).as_deref(), Some(code));
        }
    }

    #[test]
    fn wrong_check_differs() {
        let c = make_code("91110108", "MA01KPGK").unwrap_or_default();
        let w = with_wrong_check(&c);
        assert_eq!(c[..17], w[..17]);
        assert_ne!(c, w);
        assert!(make_code("9111010", "MA01KPGK").is_none());
        assert!(make_code("91110108", "ma01kpgk").is_none());
    }
}
