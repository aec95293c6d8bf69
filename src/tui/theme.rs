//! Every colour and modifier the interface uses, in three themes: `default`,
//! `high-contrast` and `mono`. Only the 16 ANSI colours, and selection and focus also carry
//! REVERSED or BOLD, so they still show under `NO_COLOR` and on a 16-colour console.

use ratatui::style::{Color, Modifier, Style};

/// The theme names `config.toml` accepts (the config module checks them against its own
/// list; a test keeps the two equal).
pub const NAMES: [&str; 3] = ["default", "high-contrast", "mono"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// Calm colours on the terminal's own background.
    Default,
    /// Bright colours, white text, bold where the default is plain: for projectors and
    /// washed-out screens.
    HighContrast,
    /// No colour at all: modifiers only (`NO_COLOR`).
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub palette: Palette,
}

impl Theme {
    /// The theme called `name` (see [`NAMES`]); `None` for an unknown name.
    pub fn named(name: &str) -> Option<Theme> {
        let palette = match name {
            "default" => Palette::Default,
            "high-contrast" => Palette::HighContrast,
            "mono" => Palette::Mono,
            _ => return None,
        };
        Some(Theme { palette })
    }

    /// The configured theme, except that a non-empty `NO_COLOR` (no-color.org) means mono
    /// when the configuration did not choose a theme itself (the config module decides
    /// that and reports `mono` then).
    pub fn from_config(config: &crate::config::Config) -> Theme {
        Theme::named(&config.theme.value).unwrap_or_else(Theme::from_env)
    }

    /// Colours unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color {
            Theme::monochrome()
        } else {
            Theme::colored()
        }
    }

    pub fn colored() -> Theme {
        Theme {
            palette: Palette::Default,
        }
    }

    pub fn high_contrast() -> Theme {
        Theme {
            palette: Palette::HighContrast,
        }
    }

    pub fn monochrome() -> Theme {
        Theme {
            palette: Palette::Mono,
        }
    }

    fn hc(&self) -> bool {
        self.palette == Palette::HighContrast
    }

    /// A foreground colour, its bright form in high contrast, none in mono.
    fn fg(&self, normal: Color, bright: Color) -> Style {
        match self.palette {
            Palette::Default => Style::new().fg(normal),
            Palette::HighContrast => Style::new().fg(bright).add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new(),
        }
    }

    pub fn text(&self) -> Style {
        if self.hc() {
            Style::new().fg(Color::White)
        } else {
            Style::new()
        }
    }
    pub fn dim(&self) -> Style {
        match self.palette {
            Palette::Default => Style::new().fg(Color::DarkGray),
            // Dim text washes out on a projector: plain grey instead.
            Palette::HighContrast => Style::new().fg(Color::Gray),
            Palette::Mono => Style::new().add_modifier(Modifier::DIM),
        }
    }
    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan, Color::LightCyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        if self.hc() {
            Style::new().fg(Color::Gray)
        } else {
            self.dim()
        }
    }
    pub fn border_focused(&self) -> Style {
        self.fg(Color::Cyan, Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn title(&self) -> Style {
        self.text().add_modifier(Modifier::BOLD)
    }
    /// The selected row of a list: reversed, so it shows without colour.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// The selected row when its pane does not have focus.
    pub fn selected_unfocused(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn status_bar(&self) -> Style {
        match self.palette {
            Palette::Default => Style::new().fg(Color::Black).bg(Color::Gray),
            Palette::HighContrast => Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new().add_modifier(Modifier::REVERSED),
        }
    }
    pub fn tab(&self) -> Style {
        self.dim()
    }
    pub fn tab_active(&self) -> Style {
        self.fg(Color::Cyan, Color::LightYellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
    /// A blocking conflict: the application is locked.
    pub fn conflict(&self) -> Style {
        self.fg(Color::Red, Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow, Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn scored(&self) -> Style {
        self.fg(Color::Green, Color::LightGreen)
    }
    pub fn partial(&self) -> Style {
        self.fg(Color::Yellow, Color::LightYellow)
    }
    pub fn unscored(&self) -> Style {
        self.text()
    }
    pub fn saved(&self) -> Style {
        match self.palette {
            Palette::Default => Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD),
            Palette::HighContrast => Style::new()
                .fg(Color::Black)
                .bg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new().add_modifier(Modifier::BOLD),
        }
    }
    pub fn saving(&self) -> Style {
        match self.palette {
            Palette::Default => Style::new().fg(Color::Black).bg(Color::Yellow),
            Palette::HighContrast => Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new().add_modifier(Modifier::ITALIC),
        }
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red, Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }
    pub fn info(&self) -> Style {
        self.fg(Color::Cyan, Color::LightCyan)
    }
    pub fn input(&self) -> Style {
        self.text().add_modifier(Modifier::BOLD)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow, Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn score_value(&self) -> Style {
        self.fg(Color::Green, Color::LightGreen)
            .add_modifier(Modifier::BOLD)
    }
    pub fn pending_value(&self) -> Style {
        self.fg(Color::Yellow, Color::LightYellow)
            .add_modifier(Modifier::ITALIC)
    }
    /// The filled part of a spread bar (`#`): the characters carry it without colour.
    pub fn bar(&self) -> Style {
        self.fg(Color::Blue, Color::LightBlue)
    }
    /// A spread bar of a divergent application.
    pub fn bar_divergent(&self) -> Style {
        self.fg(Color::Magenta, Color::LightMagenta)
            .add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_config_list() {
        assert_eq!(NAMES, crate::config::THEMES);
        for n in NAMES {
            assert!(Theme::named(n).is_some(), "{n}");
        }
        assert!(Theme::named("solarized").is_none());
    }

    #[test]
    fn mono_has_no_colour_and_keeps_the_marks() {
        let m = Theme::monochrome();
        for st in [m.conflict(), m.heading(), m.saved(), m.key(), m.bar()] {
            assert_eq!(st.fg, None);
            assert_eq!(st.bg, None);
        }
        assert!(m.conflict().add_modifier.contains(Modifier::BOLD));
        assert!(m.selected().add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn the_configured_theme_is_used() {
        use crate::config::{Config, Setting, Source};
        let config = |theme: &str, source: Source| Config {
            file: None,
            db: Setting {
                value: "db".into(),
                source: Source::Default,
            },
            lang: Setting {
                value: "zh".into(),
                source: Source::Default,
            },
            theme: Setting {
                value: theme.into(),
                source,
            },
            keys: Default::default(),
        };
        let hc = Theme::from_config(&config("high-contrast", Source::Default));
        assert_eq!(hc.palette, Palette::HighContrast);
        // The config module turns a non-empty NO_COLOR into `mono` when no file chose.
        let mono = Theme::from_config(&config("mono", Source::Env("NO_COLOR")));
        assert_eq!(mono.palette, Palette::Mono);
        assert_eq!(
            Theme::from_config(&config("default", Source::Default)).palette,
            Palette::Default
        );
    }

    #[test]
    fn high_contrast_is_brighter_than_default() {
        let d = Theme::colored();
        let h = Theme::high_contrast();
        assert_eq!(d.conflict().fg, Some(Color::Red));
        assert_eq!(h.conflict().fg, Some(Color::LightRed));
        assert_ne!(d.status_bar(), h.status_bar());
        assert!(h.scored().add_modifier.contains(Modifier::BOLD));
    }
}
