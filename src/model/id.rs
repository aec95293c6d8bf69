//! The one rule for ids: what a campaign's records, keys and the command line may use.
//!
//! Ids become file names (`applications/A001.toml`, `EXP01.key`, `0002-override-C1-A012.json`,
//! a sheet's `nsta-2023-EXP01-r1.json`), so they are kept to what every file system takes
//! and no path can be built from: ASCII letters, digits, `-` and `_`, at most 64 of them.

/// The most characters an id may have.
pub const MAX_ID_CHARS: usize = 64;

/// Whether `id` may name a record, a key or a file.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Why `id` is refused, in Chinese and English; `what` names what it would be the id of
/// (`("专家", "expert")`).
pub fn id_problem(id: &str, what: (&str, &str)) -> Option<(String, String)> {
    if is_valid_id(id) {
        return None;
    }
    let article = crate::i18n::a_or_an(what.1);
    Some((
        format!(
            "`{id}` 不能作为{}编号：编号只能由英文字母、数字、- 和 _ 组成，最多 {MAX_ID_CHARS} 个字符",
            what.0
        ),
        format!(
            "`{id}` cannot be {article} {} id: an id is 1 to {MAX_ID_CHARS} letters, digits, `-` and `_`",
            what.1
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        for ok in [
            "A001",
            "EXP01",
            "nsta-2023",
            "rec-caac-hd",
            "regional_advantage",
            "P1",
        ] {
            assert!(is_valid_id(ok), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in [
            "",
            "../evil",
            "a/b",
            "a b",
            "专家1",
            "x.key",
            "a\\b",
            long.as_str(),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn one_sentence_each_language() {
        let (zh, en) = id_problem("../evil", ("专家", "expert")).unwrap();
        assert!(zh.starts_with("`../evil` 不能作为专家编号"), "{zh}");
        assert!(en.starts_with("`../evil` cannot be an expert id"), "{en}");
        let (_, en) = id_problem("a b", ("密钥", "key")).unwrap();
        assert!(en.starts_with("`a b` cannot be a key id"), "{en}");
    }
}
