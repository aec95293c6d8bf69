//! Finding the line a record or a value stands on, for error messages. Works on TOML and
//! JSON alike by looking for the quoted text, so no format needs a span-aware parser.

/// 1-based line of byte offset `at`.
pub fn line_at(src: &str, at: usize) -> usize {
    src.as_bytes()[..at.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Line of the `n`th (0-based) `[[header]]` line, for records in arrays of tables.
pub fn nth_header(src: &str, header: &str, n: usize) -> Option<usize> {
    let want = format!("[[{header}]]");
    src.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(&want))
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// Line of the `n`th (0-based) occurrence of an `id` key whose value is `id`.
pub fn id_line(src: &str, id: &str, n: usize) -> Option<usize> {
    let quoted = format!("\"{id}\"");
    src.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches('{').trim_start();
            (t.starts_with("id") || t.starts_with("\"id\"")) && l.contains(&quoted)
        })
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// What `id_line` finds, for every id at once: each quoted string on a line whose key is
/// `id`, with the lines it stands on in order. One pass, so locating every record of a large
/// file costs one read of it, not one per record.
pub fn id_lines(src: &str) -> std::collections::HashMap<&str, Vec<usize>> {
    let mut out: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, l) in src.lines().enumerate() {
        let t = l.trim_start().trim_start_matches('{').trim_start();
        if !(t.starts_with("id") || t.starts_with("\"id\"")) {
            continue;
        }
        let mut quoted: Vec<&str> = l.split('"').skip(1).step_by(2).collect();
        quoted.sort_unstable();
        quoted.dedup();
        for q in quoted {
            out.entry(q).or_default().push(i + 1);
        }
    }
    out
}

/// First line at or after `from` (1-based) that holds `"value"`.
pub fn value_line(src: &str, from: usize, value: &str) -> Option<usize> {
    let quoted = format!("\"{value}\"");
    src.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(&quoted))
        .map(|(i, _)| i + 1)
}

/// First line at or after `from` whose key is `key` (`key =` in TOML, `"key":` in JSON).
pub fn key_line(src: &str, from: usize, key: &str) -> Option<usize> {
    let json = format!("\"{key}\"");
    src.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let t = l.trim_start();
            t.starts_with(&json)
                || t.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines() {
        let src = "[[unit]]\nid = \"U1\"\nname = \"a\"\n\n[[unit]]\nid = \"U2\"\nparent = \"U9\"\n";
        assert_eq!(nth_header(src, "unit", 1), Some(5));
        assert_eq!(id_line(src, "U2", 0), Some(6));
        let all = id_lines(src);
        assert_eq!(all.get("U2"), Some(&vec![6]));
        let json = "{\"unit\": [\n  {\n    \"id\": \"U1\",\n  },\n  { \"id\": \"U1\" }\n]}";
        assert_eq!(id_lines(json).get("U1"), Some(&vec![3, 5]));
        assert_eq!(id_line(json, "U1", 1), Some(5));
        assert_eq!(value_line(src, 6, "U9"), Some(7));
        assert_eq!(key_line(src, 5, "parent"), Some(7));
        assert_eq!(line_at(src, 0), 1);
    }
}
