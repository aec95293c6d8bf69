//! Text normalisation shared by the index and the query: NFKC, then lower case, keeping
//! for every normalised character the index of the original character it came from.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

/// Longest query term the matcher takes; its reachable-state set is one `u64`.
pub const MAX_TERM_CHARS: usize = 63;
/// Terms beyond this many are ignored, so a pasted paragraph cannot stall a keystroke.
pub const MAX_TERMS: usize = 8;

/// A field's text after normalisation, with each character's origin.
pub struct Normalized {
    pub chars: Vec<char>,
    /// `origin[k]` is the char index, in the original text, of the character (or the start
    /// of the grapheme cluster) that produced `chars[k]`.
    pub origin: Vec<u32>,
}

fn push_lower(c: char, origin: u32, out: &mut Normalized) {
    if c.is_ascii() {
        out.chars.push(c.to_ascii_lowercase());
        out.origin.push(origin);
    } else {
        for l in c.to_lowercase() {
            out.chars.push(l);
            out.origin.push(origin);
        }
    }
}

/// Normalises a field, mapping back to original char indices for highlighting.
pub fn normalize_field(text: &str) -> Normalized {
    let mut out = Normalized {
        chars: Vec::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    // Almost every name is already NFKC (CJK ideographs, ASCII); only the rest pays for
    // per-grapheme normalisation, which keeps combining sequences with their base.
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        for (i, c) in text.chars().enumerate() {
            push_lower(c, i as u32, &mut out);
        }
        return out;
    }
    let mut index = 0u32;
    for g in text.graphemes(true) {
        for c in g.nfkc() {
            push_lower(c, index, &mut out);
        }
        index += g.chars().count() as u32;
    }
    out
}

/// Normalises a query and splits it into whitespace-separated terms, each at most
/// `MAX_TERM_CHARS` characters, at most `MAX_TERMS` of them.
pub fn query_terms(query: &str) -> Vec<Vec<char>> {
    let normalized: String = query.nfkc().flat_map(char::to_lowercase).collect();
    normalized
        .split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .take(MAX_TERMS)
        .map(|t| t.chars().take(MAX_TERM_CHARS).collect())
        .collect()
}

/// Whether `c` is a Han ideograph whose readings the pinyin table may know.
pub fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Separator,
    Letter,
    Digit,
    Han,
    Other,
}

fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_numeric() {
        Class::Digit
    } else if c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punctuation(c) {
        Class::Separator
    } else {
        Class::Other
    }
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(u32::from(c), 0x3000..=0x303F | 0xFF00..=0xFF0F | 0x2010..=0x2027 | 0x00B7)
}

/// Bonus for a match that starts at a field start or after a separator.
pub const BONUS_BOUNDARY: i32 = 8;
/// Bonus for a match at a change of script or of letters and digits (`5G专网`: 专, `A-0012`: 0).
pub const BONUS_CLASS_CHANGE: i32 = 7;
/// Every Han character starts a word of its own for a pinyin typist.
pub const BONUS_HAN: i32 = 4;

/// The start-of-word bonus of each normalised character.
pub fn boundary_bonuses(chars: &[char]) -> Vec<i8> {
    let mut prev = Class::Separator;
    chars
        .iter()
        .map(|&c| {
            let cur = class(c);
            let bonus = match (prev, cur) {
                (_, Class::Separator) => 0,
                (Class::Separator, _) => BONUS_BOUNDARY,
                (p, c) if p != c => BONUS_CLASS_CHANGE,
                (_, Class::Han) => BONUS_HAN,
                _ => 0,
            };
            prev = cur;
            bonus as i8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_latin_folds_to_ascii_lower_case() {
        let n = normalize_field("ＡＢＣ１２３专网");
        assert_eq!(n.chars.iter().collect::<String>(), "abc123专网");
        assert_eq!(n.origin, vec![0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(
            query_terms(" ５Ｇ  专网 "),
            vec![vec!['5', 'g'], vec!['专', '网']]
        );
    }

    #[test]
    fn expansions_keep_their_origin() {
        // U+3231 ㈱ expands to three characters under NFKC.
        let n = normalize_field("a㈱b");
        assert_eq!(n.chars.iter().collect::<String>(), "a(株)b");
        assert_eq!(n.origin, vec![0, 1, 1, 1, 2]);
        // A decomposed é keeps its two original chars behind one normalised char.
        let n = normalize_field("e\u{301}x");
        assert_eq!(n.chars, vec!['é', 'x']);
        assert_eq!(n.origin, vec![0, 2]);
    }

    #[test]
    fn long_queries_are_capped() {
        let q = "a".repeat(200);
        assert_eq!(query_terms(&q)[0].len(), MAX_TERM_CHARS);
        let many = "a ".repeat(50);
        assert_eq!(query_terms(&many).len(), MAX_TERMS);
    }

    #[test]
    fn boundaries() {
        let chars: Vec<char> = "5g专网-a".chars().collect();
        assert_eq!(boundary_bonuses(&chars), vec![8, 7, 7, 4, 0, 8]);
    }
}
