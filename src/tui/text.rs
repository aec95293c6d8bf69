//! Text as the terminal shows it: the display filter for ambiguous-width glyphs, width-true
//! truncation, and wrapping that breaks Chinese between characters and English between words.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replacements for the ambiguous-width glyphs that Chinese documents use most. Each
/// replacement is ASCII or a wide CJK glyph, so it takes the same cells everywhere.
fn known(c: char) -> Option<&'static str> {
    Some(match c {
        '…' => "...",
        '⋯' => "...",
        '—' | '―' => "--",
        '–' | '‐' | '‑' | '‒' => "-",
        '·' | '•' | '‧' | '∙' => "-",
        '“' | '„' => "「",
        '”' | '‟' => "」",
        '‘' => "『",
        '’' => "』",
        '″' => "\"",
        '′' => "'",
        '×' => "x",
        '÷' => "/",
        '±' => "+/-",
        '°' => " deg",
        '℃' => "摄氏度",
        '≤' => "<=",
        '≥' => ">=",
        '≠' => "!=",
        '≈' => "~=",
        '→' => "->",
        '←' => "<-",
        '↑' => "^",
        '↓' => "v",
        '※' => "*",
        '★' | '☆' => "*",
        '●' | '○' | '◎' | '◆' | '◇' | '■' | '□' | '▲' | '△' | '▪' => "*",
        '§' => "S",
        '√' => "v",
        '∞' => "inf",
        '‰' => "0/00",
        '¥' => "Y",
        '€' => "EUR",
        '\u{00A0}' => " ",
        _ => return None,
    })
}

fn is_ambiguous(c: char) -> bool {
    c.width_cjk() != c.width()
}

/// Maps ambiguous-width characters to unambiguous forms before layout: `…` to `...`, `—`
/// to `--`, `·` to `-`, `①` to `(1)`, curly quotes to 「」『』, and so on; control
/// characters other than a newline become spaces. Anything else ambiguous that has no
/// natural stand-in is written as `[U+XXXX]`, so nothing is silently lost. Pure; the
/// common case (nothing to map) borrows.
pub fn display_filter(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_ambiguous(c) || (c.is_control() && c != '\n'))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push('\n');
        } else if c == '\t' {
            out.push_str("    ");
        } else if c.is_control() {
            out.push(' ');
        } else if !is_ambiguous(c) {
            out.push(c);
        } else if let Some(r) = known(c) {
            out.push_str(r);
        } else if let Some(n) = circled_number(c) {
            out.push_str(&format!("({n})"));
        } else {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        }
    }
    Cow::Owned(out)
}

/// ①..⑳, ⑴..⒇, ⒈..⒛, Ⅰ..Ⅻ and ⅰ..ⅻ as their number.
fn circled_number(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x2474..=0x2487 => Some(u - 0x2474 + 1),
        0x2488..=0x249B => Some(u - 0x2488 + 1),
        0x2160..=0x216B => Some(u - 0x2160 + 1),
        0x2170..=0x217B => Some(u - 0x2170 + 1),
        0x24F5..=0x24FE => Some(u - 0x24F5 + 1),
        0x2776..=0x277F => Some(u - 0x2776 + 1),
        _ => None,
    }
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, ending with `...` when something was cut (or `~` when
/// there is no room for three dots). Never splits a grapheme or a wide character.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let (mark, room) = if max >= 4 {
        ("...", max - 3)
    } else {
        ("", max)
    };
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push_str(mark);
    Cow::Owned(out)
}

/// `s` truncated to `w` cells and padded with spaces to exactly `w`.
pub fn fit(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let pad = w.saturating_sub(width(&t));
    let mut out = t.into_owned();
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Wraps `text` to lines of at most `max` cells. Paragraphs (split on newlines) stay
/// apart; CJK text breaks between any two characters, other text between words, and a
/// word longer than a line is broken by grapheme. A line never begins with a space.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        wrap_paragraph(para, max, &mut lines);
    }
    lines
}

fn wrap_paragraph(para: &str, max: usize, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut used = 0usize;
    let mut space = false;
    let mut word = String::new();
    let mut word_w = 0usize;

    for g in para.graphemes(true) {
        if g.chars().all(char::is_whitespace) {
            if !word.is_empty() {
                place(&word, word_w, space, max, &mut line, &mut used, lines);
                word.clear();
                word_w = 0;
            }
            space = true;
            continue;
        }
        let gw = width(g);
        if gw >= 2 {
            // A wide character stands alone; CJK has no spaces between words.
            if !word.is_empty() {
                place(&word, word_w, space, max, &mut line, &mut used, lines);
                word.clear();
                word_w = 0;
                space = false;
            }
            place(g, gw, space, max, &mut line, &mut used, lines);
            space = false;
        } else {
            word.push_str(g);
            word_w += gw;
        }
    }
    if !word.is_empty() {
        place(&word, word_w, space, max, &mut line, &mut used, lines);
    }
    lines.push(line);
}

fn is_opening(g: &str) -> bool {
    matches!(g, "（" | "「" | "『" | "《" | "【" | "〈" | "(")
}

fn is_closing(g: &str) -> bool {
    matches!(
        g,
        "，" | "。" | "、" | "；" | "：" | "！" | "？" | "）" | "」" | "』" | "》" | "】" | "〉"
    )
}

/// Puts `token` (a word or one wide grapheme) on the line, breaking as needed.
fn place(
    token: &str,
    tw: usize,
    gap: bool,
    max: usize,
    line: &mut String,
    used: &mut usize,
    lines: &mut Vec<String>,
) {
    let gap_w = usize::from(gap && *used > 0);
    if *used + gap_w + tw <= max {
        if gap_w == 1 {
            line.push(' ');
        }
        line.push_str(token);
        *used += gap_w + tw;
        return;
    }
    if tw <= max {
        // Closing punctuation may not begin a line (禁则): take the character before it
        // along to the new line.
        let mut carried = String::new();
        // Nor may opening punctuation end one: it moves down with what it opens.
        let last = line.graphemes(true).next_back().map(str::to_string);
        if let Some(last) =
            last.filter(|l| line.len() > l.len() && is_opening(l) && width(l) + tw <= max)
        {
            line.truncate(line.len() - last.len());
            carried = last;
        } else if is_closing(token) {
            // Carry back the closing marks already at the end (`）` before `。`) and the
            // character they close, so the new line starts with a character.
            let tail: Vec<&str> = line.graphemes(true).rev().collect();
            let closings = tail.iter().take_while(|g| is_closing(g)).count();
            if let Some(&first) = tail.get(closings) {
                let take: Vec<&str> = tail[..=closings].iter().rev().copied().collect();
                let taken = take.concat();
                let word = !is_closing(first) && !first.chars().all(char::is_whitespace);
                if line.len() > taken.len() && word && width(&taken) + tw <= max {
                    line.truncate(line.len() - taken.len());
                    carried = taken;
                    // An opening mark left at the end goes down with what it opens.
                    let open = line.graphemes(true).next_back().map(str::to_string);
                    if let Some(o) = open.filter(|o| {
                        line.len() > o.len()
                            && is_opening(o)
                            && width(o) + width(&carried) + tw <= max
                    }) {
                        line.truncate(line.len() - o.len());
                        carried = format!("{o}{carried}");
                    }
                }
            }
        }
        if *used > 0 {
            lines.push(std::mem::take(line));
        }
        if !carried.is_empty() {
            *used = width(&carried) + tw;
            line.push_str(&carried);
            line.push_str(token);
            return;
        }
        line.push_str(token);
        *used = tw;
        return;
    }
    // A word wider than a line: break it by grapheme, filling the current line first.
    if gap_w == 1 && *used + 1 < max {
        line.push(' ');
        *used += 1;
    }
    for g in token.graphemes(true) {
        let gw = width(g);
        if *used + gw > max && *used > 0 {
            lines.push(std::mem::take(line));
            *used = 0;
        }
        line.push_str(g);
        *used += gw;
    }
}

/// `items` laid out in lines of at most `max` cells, two spaces apart, breaking only
/// between items (an item wider than a line is truncated).
pub fn pack(items: &[&str], max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        let item = truncate(item, max);
        if !line.is_empty() && width(&line) + 2 + width(&item) > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(&item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A file name made of `s`: letters, digits, `-`, `_` and `.` kept, anything else (a
/// path separator above all) turned into `_`.
pub fn safe_file_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A bar of `cells` cells for `value` out of `max`: `#` filled, `.` empty (ASCII, so it
/// shows the same on every terminal and without colour). Rounded down, so a bar is full
/// only at the maximum.
pub fn bar(value: i64, max: i64, cells: usize) -> String {
    let filled = if max <= 0 {
        0
    } else {
        let v = value.clamp(0, max) as i128;
        (v * cells as i128 / max as i128) as usize
    };
    let mut s = "#".repeat(filled);
    s.push_str(&".".repeat(cells - filled));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_file_names() {
        assert_eq!(bar(50, 100, 10), "#####.....");
        assert_eq!(bar(99, 100, 10), "#########.");
        assert_eq!(bar(100, 100, 4), "####");
        assert_eq!(bar(-5, 100, 3), "...");
        assert_eq!(bar(7, 0, 2), "..");
        assert_eq!(safe_file_name("nsta/2023 a.json"), "nsta_2023_a.json");
    }

    #[test]
    fn filter_maps_the_common_glyphs() {
        assert_eq!(
            display_filter("“高精尖”…—·①‘a’"),
            "「高精尖」...---(1)『a』"
        );
        assert!(matches!(display_filter("纯中文 text"), Cow::Borrowed(_)));
        // Greek is narrow in unicode-width 0.2 even for CJK terminals: left alone.
        assert_eq!(display_filter("αβ"), "αβ");
        assert_eq!(display_filter("×→"), "x->");
        assert_eq!(display_filter("a\tb"), "a    b");
    }

    #[test]
    fn pack_breaks_between_items() {
        let lines = pack(&["D 分歧", "I 有效总分不足", "C 剔除回避"], 23);
        assert_eq!(lines, vec!["D 分歧  I 有效总分不足", "C 剔除回避"]);
        assert!(lines.iter().all(|l| width(l) <= 23), "{lines:?}");
        let lines = pack(&["D 分歧", "I 有效总分不足", "C 剔除回避"], 21);
        assert_eq!(lines, vec!["D 分歧", "I 有效总分不足", "C 剔除回避"]);
        assert_eq!(pack(&["abcdef"], 5), vec!["ab..."]);
        assert!(pack(&[], 10).is_empty());
    }

    #[test]
    fn truncate_respects_wide_chars() {
        assert_eq!(truncate("网络安全技术", 7), "网络...");
        assert_eq!(truncate("网络安全技术", 12), "网络安全技术");
        assert_eq!(truncate("abcdef", 3), "abc");
        assert_eq!(fit("网络", 5), "网络 ");
    }

    #[test]
    fn wrap_breaks_cjk_between_characters() {
        let lines = wrap("网络安全技术应用试点示范", 10);
        assert_eq!(lines, vec!["网络安全技", "术应用试点", "示范"]);
        let lines = wrap("the quick brown fox", 10);
        assert_eq!(lines, vec!["the quick", "brown fox"]);
        let lines = wrap("采用SM2签名算法保障安全", 8);
        assert!(lines.iter().all(|l| width(l) <= 8), "{lines:?}");
        assert_eq!(lines.concat(), "采用SM2签名算法保障安全");
        // Closing punctuation never starts a line.
        let lines = wrap("一二三四（五）", 10);
        assert_eq!(lines, vec!["一二三四", "（五）"]);
        let lines = wrap("一二三四五。", 10);
        assert_eq!(lines, vec!["一二三四", "五。"]);
        let lines = wrap("一二三（四）。", 10);
        assert_eq!(lines, vec!["一二三", "（四）。"]);
    }
}
