//! The one-line text input: a score, a comment, a reason, a search. It reads key events
//! itself (the only place besides the key map that does), so Chinese typed through an
//! input method arrives as ordinary characters.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// What the text is for, and what it applies to once committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Score {
        app: String,
        criterion: String,
    },
    /// The reason for changing a round-1 score in a later round.
    Reason {
        app: String,
        criterion: String,
        value: String,
    },
    Comment {
        app: String,
        criterion: String,
    },
    Declare {
        app: String,
    },
    Search,
    Triage {
        app: String,
        verdict: crate::model::TriageVerdict,
    },
}

/// What a key did to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to tell (the cursor moved, a key was refused).
    Idle,
    Changed,
    Submit,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    pub purpose: Purpose,
    pub text: String,
    /// Cursor position in characters.
    pub cursor: usize,
    /// Accept only digits and one `.` (a score).
    pub numeric: bool,
}

/// The ASCII digit or point that `c` is after NFKC (`２` is `2`, `．` is `.`), if any; the
/// ideographic full stop that Chinese punctuation mode types for the point key (`。`) is a
/// point too, as [`crate::model::Points::parse_typed`] reads it.
pub fn score_char(c: char) -> Option<char> {
    let mut n = std::iter::once(c)
        .nfkc()
        .map(crate::model::Points::typed_point);
    match (n.next(), n.next()) {
        (Some(d), None) if d.is_ascii_digit() || d == '.' => Some(d),
        _ => None,
    }
}

impl TextInput {
    pub fn new(purpose: Purpose, text: &str) -> TextInput {
        let numeric = matches!(purpose, Purpose::Score { .. });
        TextInput {
            purpose,
            cursor: text.chars().count(),
            text: text.to_string(),
            numeric,
        }
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }

    fn accepts(&self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        if self.numeric {
            // Full-width digits and point, as a Chinese input method types them, are
            // taken as typed; the score's parser reads them after NFKC.
            return match score_char(c) {
                Some('.') => !self.text.chars().any(|t| score_char(t) == Some('.')),
                Some(_) => true,
                None => false,
            };
        }
        true
    }

    pub fn insert_str(&mut self, s: &str) -> Outcome {
        let mut changed = false;
        for c in s.chars() {
            let c = if c == '\n' || c == '\t' { ' ' } else { c };
            if self.accepts(c) {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                changed = true;
            }
        }
        if changed {
            Outcome::Changed
        } else {
            Outcome::Idle
        }
    }

    pub fn handle_key(&mut self, ev: &KeyEvent) -> Outcome {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Enter => Outcome::Submit,
            KeyCode::Esc => Outcome::Cancel,
            KeyCode::Backspace => {
                if self.cursor == 0 {
                    return Outcome::Idle;
                }
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                Outcome::Changed
            }
            KeyCode::Delete => {
                if self.cursor >= self.text.chars().count() {
                    return Outcome::Idle;
                }
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                Outcome::Changed
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Idle
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.text.chars().count());
                Outcome::Idle
            }
            KeyCode::Home => {
                self.cursor = 0;
                Outcome::Idle
            }
            KeyCode::End => {
                self.cursor = self.text.chars().count();
                Outcome::Idle
            }
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
                Outcome::Changed
            }
            KeyCode::Char(c) if !ctrl => {
                let mut buf = [0u8; 4];
                self.insert_str(c.encode_utf8(&mut buf))
            }
            _ => Outcome::Idle,
        }
    }

    /// Cells from the start of the text to the cursor.
    pub fn cursor_cells(&self) -> usize {
        self.text
            .chars()
            .take(self.cursor)
            .map(|c| c.width().unwrap_or(0))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(i: &mut TextInput, code: KeyCode) -> Outcome {
        i.handle_key(&KeyEvent::new_with_kind(
            code,
            KeyModifiers::NONE,
            KeyEventKind::Press,
        ))
    }

    #[test]
    fn score_input_takes_digits_and_one_point() {
        let mut i = TextInput::new(
            Purpose::Score {
                app: "A".into(),
                criterion: "c".into(),
            },
            "2",
        );
        for c in ['2', 'x', '.', '5', '.', '中'] {
            press(&mut i, KeyCode::Char(c));
        }
        assert_eq!(i.text, "22.5");
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text, "22.");
        // Full-width, as a Chinese input method types: digits taken, a second point not.
        let mut i = TextInput::new(
            Purpose::Score {
                app: "A".into(),
                criterion: "c".into(),
            },
            "",
        );
        for c in "２２．５．。".chars() {
            press(&mut i, KeyCode::Char(c));
        }
        assert_eq!(i.text, "２２．５");
        // Chinese punctuation mode's full stop is the point.
        let mut i = TextInput::new(
            Purpose::Score {
                app: "A".into(),
                criterion: "c".into(),
            },
            "",
        );
        for c in "22。5。".chars() {
            press(&mut i, KeyCode::Char(c));
        }
        assert_eq!(i.text, "22。5");
    }

    #[test]
    fn text_input_takes_chinese_and_edits_mid_text() {
        let mut i = TextInput::new(Purpose::Search, "");
        for c in "创新突出".chars() {
            press(&mut i, KeyCode::Char(c));
        }
        press(&mut i, KeyCode::Left);
        press(&mut i, KeyCode::Left);
        press(&mut i, KeyCode::Char('很'));
        assert_eq!(i.text, "创新很突出");
        assert_eq!(i.cursor_cells(), 6);
        assert_eq!(press(&mut i, KeyCode::Enter), Outcome::Submit);
    }
}
