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

/// [`id_lines`] of a text that is valid JSON, found far faster: only the places `"id"`
/// stands are looked at, and the lines are counted between them. In valid JSON a line's
/// first token cannot be a bare `id` and strings do not cross lines, so the lines
/// [`id_lines`] takes are exactly those whose first token, after spaces and a `{`, is the
/// string `"id"`; the strings on each are gathered as [`id_lines`] gathers them.
pub fn json_id_lines(src: &str) -> std::collections::HashMap<&str, Vec<usize>> {
    let bytes = src.as_bytes();
    let mut out: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    // Every byte before `pos` is counted: `pos` is on line `line`, which starts at
    // `line_start`. Each byte is counted once, however long the lines.
    let (mut pos, mut line, mut line_start) = (0, 1, 0);
    // Where the last line taken ends: a line with two `"id"` is taken once.
    let mut taken_to = 0;
    let mut quoted: Vec<&str> = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"\"id\"") {
        if at < taken_to {
            continue;
        }
        let between = &bytes[pos..at];
        if let Some(n) = memchr::memrchr(b'\n', between) {
            line += newlines(between);
            line_start = pos + n + 1;
        }
        pos = at;
        if !first_on_line(&bytes[line_start..at]) {
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
        taken_to = end;
        // As `str::lines`: a `\r` before the `\n` is not part of the line.
        let text = &src[line_start..end];
        let text = match text.strip_suffix('\r') {
            Some(t) if end < bytes.len() => t,
            _ => text,
        };
        quoted.clear();
        quoted.extend(text.split('"').skip(1).step_by(2));
        quoted.sort_unstable();
        quoted.dedup();
        for q in &quoted {
            out.entry(*q).or_default().push(line);
        }
    }
    out
}

/// How many `\n` there are in `b`: counted in bytes, 255 at a time, which the compiler
/// does sixteen or more at once.
fn newlines(b: &[u8]) -> usize {
    b.chunks(255)
        .map(|c| usize::from(c.iter().map(|&x| u8::from(x == b'\n')).sum::<u8>()))
        .sum()
}

/// Whether `prefix`, the start of a line of JSON before a token, is what [`id_lines`] trims:
/// spaces, then `{`s, then spaces (JSON has no other white space between tokens).
fn first_on_line(prefix: &[u8]) -> bool {
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r');
    let rest = &prefix[prefix.iter().take_while(|b| space(b)).count()..];
    let rest = &rest[rest.iter().take_while(|&&b| b == b'{').count()..];
    rest.iter().all(space)
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
    use proptest::prelude::*;
    use serde_json::Value;

    /// `v` as JSON with white space between its tokens taken in turn from `ws`.
    fn spaced(v: &Value, ws: &[&str], turn: &mut usize, out: &mut String) {
        let space = |out: &mut String, turn: &mut usize| {
            if !ws.is_empty() {
                out.push_str(ws[*turn % ws.len()]);
                *turn += 1;
            }
        };
        match v {
            Value::Object(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    space(out, turn);
                    out.push_str(&Value::String(k.clone()).to_string());
                    space(out, turn);
                    out.push(':');
                    space(out, turn);
                    spaced(x, ws, turn, out);
                    space(out, turn);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    space(out, turn);
                    spaced(x, ws, turn, out);
                    space(out, turn);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }

    fn json() -> impl Strategy<Value = String> {
        let text = prop::sample::select(vec![
            "id", "A1", "U2", "U\"2", "x\\y", "评审", "", "id\"", "{", "\"id\"", " id", "\r",
        ]);
        let leaf = prop_oneof![
            text.clone().prop_map(|s| Value::String(s.to_string())),
            any::<i8>().prop_map(Value::from),
            Just(Value::Null),
        ];
        let key = prop::sample::select(vec!["id", "name", "parent", "x", "id\"", "unit"]);
        let value = leaf.prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..5).prop_map(|m| {
                    Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                }),
            ]
        });
        let ws = prop::collection::vec(
            prop::sample::select(vec!["", " ", "\n", "\r\n", "\n  ", "\t", "\n\t ", "\r"]),
            0..6,
        );
        let around = prop::sample::select(vec!["", " ", "\n", "\r", "\r\n", "\t\r"]);
        (value, ws, around.clone(), around).prop_map(|(v, ws, before, after)| {
            let mut out = before.to_string();
            spaced(&v, &ws, &mut 0, &mut out);
            out.push_str(after);
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// On valid JSON, however it is spaced, the fast search finds what the line-by-line
        /// one finds.
        #[test]
        fn json_id_lines_is_id_lines(text in json()) {
            prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "{}", text);
            prop_assert_eq!(json_id_lines(&text), id_lines(&text));
        }
    }

    #[test]
    fn json_id_lines_on_the_pretty_files() {
        let json = "{\"unit\": [\n  {\n    \"id\": \"U1\",\n  },\n  { \"id\": \"U1\" }\n]}";
        let pretty = serde_json::json!({"unit": [
            {"id": "U1", "name": "a \"quoted\" name", "parent": "U2"},
            {"id": "U2", "tags": ["id", "U1"]},
            {"id": "U1"},
        ]});
        for text in [
            serde_json::to_string_pretty(&pretty).unwrap(),
            serde_json::to_string_pretty(&pretty)
                .unwrap()
                .replace('\n', "\r\n"),
            serde_json::to_string(&pretty).unwrap(),
            json.replace(",\n  }", "\n  }"),
            // A last line that ends in `\r` keeps it, as `str::lines` does.
            "{\"id\":\"U\\\"2\"}\r".to_string(),
        ] {
            assert_eq!(json_id_lines(&text), id_lines(&text), "{text}");
        }
    }

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
