//! Scores and limits as exact hundredths of a point; no floating point reaches a rank.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// A number of points held as an integer count of hundredths (12.5 points = 1250).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(pub i64);

impl Points {
    pub const fn from_hundredths(h: i64) -> Points {
        Points(h)
    }
    pub const fn whole(p: i64) -> Points {
        Points(p * 100)
    }
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// A score as a person types it, at the command line or in the interface: read after
    /// NFKC normalisation, so the full-width digits and point a Chinese input method gives
    /// (`２２．５`) count as `22.5`, and so does the ideographic full stop that Chinese
    /// punctuation mode types for the point key (`22。5`). Files (campaigns, sheets) are
    /// read strictly, with `str::parse`. The error names the text as typed.
    pub fn parse_typed(s: &str) -> Result<Points, PointsError> {
        if s.is_ascii() {
            return s.parse();
        }
        let normal: String = s.nfkc().map(Points::typed_point).collect();
        normal.parse().map_err(|_| PointsError(s.to_string()))
    }

    /// A character of a typed score after NFKC, with the ideographic full stop (`。`) that
    /// Chinese punctuation mode types for the point key read as the point.
    pub fn typed_point(c: char) -> char {
        if c == '\u{3002}' {
            '.'
        } else {
            c
        }
    }
}

impl fmt::Display for Points {
    /// `25`, `12.5`, `7.25`: the shortest exact decimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (int, frac) = (a / 100, a % 100);
        match frac {
            0 => write!(f, "{sign}{int}"),
            f10 if f10 % 10 == 0 => write!(f, "{sign}{int}.{}", f10 / 10),
            _ => write!(f, "{sign}{int}.{frac:02}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a number of points with at most two decimals (such as 25, 12.5 or 7.25)")]
pub struct PointsError(pub String);

impl FromStr for Points {
    type Err = PointsError;
    fn from_str(s: &str) -> Result<Points, PointsError> {
        let err = || PointsError(s.to_string());
        let t = s.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, f),
            None => (t, ""),
        };
        if int.is_empty()
            || int.len() > 12
            || frac.len() > 2
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (t.contains('.') && frac.is_empty())
        {
            return Err(err());
        }
        let int: i64 = int.parse().map_err(|_| err())?;
        let frac: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<2}").parse().map_err(|_| err())?
        };
        let v = int * 100 + frac;
        Ok(Points(if neg { -v } else { v }))
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

struct PointsVisitor;

impl<'de> Visitor<'de> for PointsVisitor {
    type Value = Points;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number of points such as 25 or \"12.5\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
        v.checked_mul(100)
            .map(Points)
            .ok_or_else(|| E::custom(format!("{v} is too large")))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
        i64::try_from(v)
            .map_err(|_| E::custom(format!("{v} is too large")))
            .and_then(|v| self.visit_i64(v))
    }
    // A float from a hand-edited file goes through its shortest decimal text, never through
    // arithmetic, so 0.1 is exactly 10 hundredths.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
        format!("{v}").parse().map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Points, E> {
        v.parse().map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        d.deserialize_any(PointsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for (s, h) in [
            ("25", 2500),
            ("12.5", 1250),
            ("7.25", 725),
            ("0.05", 5),
            ("-3.5", -350),
        ] {
            let p: Points = s.parse().unwrap();
            assert_eq!(p.0, h);
            assert_eq!(p.to_string(), s);
        }
        for bad in ["", "1.", ".5", "1.234", "a", "1e3", "--1"] {
            assert!(bad.parse::<Points>().is_err(), "{bad}");
        }
    }

    #[test]
    fn typed_scores_take_full_width_digits() {
        for (s, h) in [
            ("２０", 2000),
            ("２２．５", 2250),
            (" 22.5 ", 2250),
            ("１２.２５", 1225),
            ("22。5", 2250),
            ("２２。５", 2250),
            ("７｡２５", 725),
        ] {
            assert_eq!(Points::parse_typed(s), Ok(Points(h)), "{s}");
        }
        for bad in ["", "２２。", "22。5。", "二十", "２２．", "a"] {
            assert!(Points::parse_typed(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Points::parse_typed("２x").unwrap_err(),
            PointsError("２x".into())
        );
        // Files stay strict.
        assert!("２０".parse::<Points>().is_err());
    }

    #[test]
    fn from_toml_numbers() {
        #[derive(Deserialize)]
        struct T {
            a: Points,
            b: Points,
            c: Points,
        }
        let t: T = toml::from_str("a = 25\nb = 0.1\nc = \"2.5\"").unwrap();
        assert_eq!((t.a.0, t.b.0, t.c.0), (2500, 10, 250));
    }
}
