//! Properties of the interface's text handling: the display filter leaves no
//! ambiguous-width glyph, truncation and wrapping never exceed their width and lose nothing.

use pingshen::tui::text::{display_filter, fit, truncate, width, wrap};
use proptest::prelude::*;
use unicode_width::UnicodeWidthChar;

/// Text mixing Chinese, ASCII, the ambiguous glyphs Chinese documents use, and controls.
fn mixed() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "网", "络", "安", "全", "，", "。", "（", "）", "「", "」", "a", "b", "Z", "1", " ", " ",
        "…", "—", "·", "①", "⑳", "“", "”", "‘", "’", "×", "→", "■", "\t", "\n", "\u{7}", "é",
        "e\u{301}", "😀", "Ⅳ", "°", "≤", "α", "ＡＢ", "\u{3000}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn is_ambiguous(c: char) -> bool {
    c.width_cjk() != c.width()
}

proptest! {
    #[test]
    fn filter_leaves_nothing_ambiguous(s in mixed()) {
        let out = display_filter(&s);
        for c in out.chars() {
            prop_assert!(!is_ambiguous(c), "{c:?} left in {out:?}");
            prop_assert!(c == '\n' || !c.is_control(), "control {c:?} left");
        }
        // Filtering twice changes nothing more.
        let again = display_filter(&out).into_owned();
        prop_assert_eq!(again.as_str(), out.as_ref());
    }

    #[test]
    fn filter_is_identity_on_unambiguous_text(s in "[a-zA-Z0-9 网络安全技术，。（）「」\n]{0,40}") {
        let out = display_filter(&s).into_owned();
        prop_assert_eq!(out.as_str(), s.as_str());
    }

    #[test]
    fn truncate_fits_and_is_a_prefix(s in mixed(), max in 0usize..30) {
        let s = display_filter(&s).replace('\n', " ");
        let t = truncate(&s, max);
        prop_assert!(width(&t) <= max, "{t:?} wider than {max}");
        let body = t.strip_suffix("...").unwrap_or(&t);
        prop_assert!(s.starts_with(body));
        let f = fit(&s, max);
        prop_assert_eq!(width(&f), max);
    }

    #[test]
    fn wrap_fits_and_keeps_every_character(s in mixed(), max in 2usize..40) {
        let s = display_filter(&s).into_owned();
        let lines = wrap(&s, max);
        for l in &lines {
            prop_assert!(width(l) <= max, "{l:?} wider than {max}");
            prop_assert!(!l.starts_with(' '), "{l:?} starts with a space");
        }
        let strip = |x: &str| x.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(strip(&lines.concat()), strip(&s));
    }
}
