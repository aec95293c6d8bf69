//! Problems found while reading a campaign directory, each naming its file and line, in
//! Chinese and English; and the Chinese for what the TOML and JSON parsers say.

use crate::i18n::Lang;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub zh: String,
    pub en: String,
}

impl LoadError {
    /// `file:line: what is wrong; what to do`, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let what = lang.pick(&self.zh, &self.en);
        match (self.line, lang) {
            (Some(l), _) => format!("{}:{}: {what}", self.file.display(), l),
            (None, Lang::Zh) => format!("{}：{what}", self.file.display()),
            (None, Lang::En) => format!("{}: {what}", self.file.display()),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Every problem of one directory, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl LoadErrors {
    /// One line per problem, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|e| e.message(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for LoadErrors {}

/// The Chinese for what serde (or one of pingshen's own types) says about a value that does
/// not fit: `missing field `name`` and the like. Parsers speak English; a Chinese run
/// should not. What it does not recognise it gives as a plain "does not fit the format".
pub fn serde_zh(msg: &str) -> String {
    // serde_json appends the position; the caller gives the line.
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    };
    let ticked = |rest: &str| -> Option<String> {
        let rest = rest.strip_prefix('`')?;
        rest.find('`').map(|i| rest[..i].to_string())
    };
    if let Some(rest) = msg.strip_prefix("missing field ") {
        if let Some(f) = ticked(rest) {
            return format!("缺少字段 `{f}`");
        }
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        if let Some(f) = ticked(rest) {
            return format!("字段 `{f}` 出现了两次");
        }
    }
    if let Some(rest) = msg.strip_prefix("duplicate key") {
        return match ticked(rest.trim_start_matches(':').trim_start()) {
            Some(k) => format!("键 `{k}` 出现了两次"),
            None => "同一个键出现了两次".into(),
        };
    }
    for (prefix, what) in [("unknown field ", "字段"), ("unknown variant ", "取值")] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some(name) = ticked(rest) {
                let allowed = rest.split_once(", expected ").map(|(_, list)| {
                    list.replace("one of ", "")
                        .replace(", ", "、")
                        .replace(" or ", "、")
                });
                return match allowed {
                    Some(list) => format!("没有名为 `{name}` 的{what}（可用的有：{list}）"),
                    None => format!("没有名为 `{name}` 的{what}"),
                };
            }
        }
    }
    for (prefix, head) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值不对"),
    ] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some((got, want)) = rest.split_once(", expected ") {
                return format!("{head}：这里是{}，应为{}", value_zh(got), kind_zh(want));
            }
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        if let Some((n, want)) = rest.split_once(", expected ") {
            return format!("长度为 {n}，不对，应为{}", kind_zh(want));
        }
    }
    // pingshen's own value types (model::Date, model::Points).
    if let Some(v) = msg.strip_suffix(" is not a date of the form YYYY-MM-DD") {
        return format!("{v} 不是 YYYY-MM-DD 形式的日期");
    }
    if msg == "an empty date" {
        return "日期为空".into();
    }
    if let Some(v) = msg.split_once(" is not a number of points").map(|(v, _)| v) {
        return format!("{v} 不是最多两位小数的分值（如 25、12.5、7.25）");
    }
    if let Some(v) = msg.strip_suffix(" is too large") {
        return format!("{v} 太大");
    }
    "内容不符合格式（见 docs/formats.md）".into()
}

/// serde's description of a value found (`string "x"`, `integer `5``), in Chinese.
fn value_zh(got: &str) -> String {
    let after = |p: &str| got.strip_prefix(p).map(str::to_string);
    if let Some(v) = after("string ") {
        return format!("字符串 {v}");
    }
    if let Some(v) = after("integer ") {
        return format!("整数 {}", v.trim_matches('`'));
    }
    if let Some(v) = after("floating point ") {
        return format!("小数 {}", v.trim_matches('`'));
    }
    if let Some(v) = after("boolean ") {
        return format!("布尔值 {}", v.trim_matches('`'));
    }
    if let Some(v) = after("character ") {
        return format!("字符 {v}");
    }
    kind_zh(got)
}

/// serde's name for an expected kind of value (`a string`, `u8`, `a sequence`), in Chinese.
fn kind_zh(want: &str) -> String {
    let w = want.trim();
    let w = w
        .strip_prefix("an ")
        .or_else(|| w.strip_prefix("a "))
        .unwrap_or(w);
    let integer = [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "integer",
    ];
    if integer.contains(&w) {
        return "整数".into();
    }
    if w.starts_with("date") {
        return "日期（如 2024-02-29）".into();
    }
    if w.starts_with("number of points") {
        return "分值（如 25 或 \"12.5\"）".into();
    }
    match w {
        "string" | "borrowed string" | "str" | "char" | "character" => "字符串".into(),
        "f32" | "f64" | "floating point" => "数".into(),
        "boolean" | "bool" => "布尔值（true 或 false）".into(),
        "sequence" | "array" | "tuple" => "列表".into(),
        "map" | "table" => "表".into(),
        "unit" | "unit value" => "空值".into(),
        _ if w.starts_with("struct ") || w.starts_with("enum ") => "表".into(),
        _ if w.starts_with("option") => "可省略的值".into(),
        _ if w.starts_with('`') => {
            format!("以下之一：{}", w.replace(", ", "、").replace(" or ", "、"))
        }
        _ => "别的类型".into(),
    }
}

/// The Chinese for a TOML or JSON syntax error at `line` of `text`: the parsers' own words
/// are English, so the line itself is shown instead.
pub fn syntax_zh(format: &str, text: &str, line: Option<usize>) -> String {
    let shown = line
        .and_then(|l| text.lines().nth(l.saturating_sub(1)))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let cut: String = l.chars().take(60).collect();
            if cut.len() < l.len() {
                format!("{cut}...")
            } else {
                cut
            }
        });
    match shown {
        Some(l) => format!("不是有效的 {format}：此行语法有误（`{l}`）"),
        None => format!("不是有效的 {format}：语法有误"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_phrases_have_chinese() {
        assert_eq!(serde_zh("missing field `name`"), "缺少字段 `name`");
        assert_eq!(
            serde_zh("unknown field `nmae`, expected one of `id`, `name`"),
            "没有名为 `nmae` 的字段（可用的有：`id`、`name`）"
        );
        assert_eq!(
            serde_zh("invalid type: string \"x\", expected u8"),
            "类型不对：这里是字符串 \"x\"，应为整数"
        );
        assert_eq!(
            serde_zh("invalid type: integer `5`, expected a string at line 3 column 9"),
            "类型不对：这里是整数 5，应为字符串"
        );
        assert_eq!(
            serde_zh("`2024-13-01` is not a date of the form YYYY-MM-DD"),
            "`2024-13-01` 不是 YYYY-MM-DD 形式的日期"
        );
        assert_eq!(
            serde_zh("something new"),
            "内容不符合格式（见 docs/formats.md）"
        );
    }

    #[test]
    fn syntax_shows_the_line() {
        let text = "a = 1\npriority = = 1\n";
        assert_eq!(
            syntax_zh("TOML", text, Some(2)),
            "不是有效的 TOML：此行语法有误（`priority = = 1`）"
        );
    }
}
