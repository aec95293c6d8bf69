//! Calendar dates as the campaign files write them (`2024-02-29`), with no clock behind them.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The same calendar day `years` earlier; 29 February falls back to 28 February.
    pub fn years_before(self, years: u32) -> Date {
        let year = self.year - years as i32;
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }
}

impl Date {
    /// The date `days` after 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// From an Excel serial day number (1900 date system).
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        let days = serial.floor();
        if !(1.0..=2_958_465.0).contains(&days) {
            return None;
        }
        Some(Date::from_unix_days(days as i64 - 25_569))
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date of the form YYYY-MM-DD")]
pub struct DateError(pub String);

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError(s.to_string());
        let t = s.trim();
        // TOML may hand over a full datetime; the date part is what the rules need.
        let t = t.get(..10).filter(|_| t.len() >= 10).ok_or_else(err)?;
        let mut it = t.split('-');
        let (y, m, d) = (it.next(), it.next(), it.next());
        let parse = |p: Option<&str>, n: usize| -> Option<u32> {
            p.filter(|p| p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))?
                .parse()
                .ok()
        };
        let y = parse(y, 4).ok_or_else(err)?;
        let m = parse(m, 2).ok_or_else(err)?;
        let d = parse(d, 2).ok_or_else(err)?;
        Date::new(y as i32, m as u8, d as u8).ok_or_else(err)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2024-02-29")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        v.parse().map_err(E::custom)
    }
    // TOML's native dates arrive as a one-entry map holding their text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let mut text: Option<String> = None;
        while let Some((_, v)) = map.next_entry::<String, String>()? {
            text = Some(v);
        }
        let text = text.ok_or_else(|| de::Error::custom("an empty date"))?;
        text.parse().map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-2-9".parse::<Date>().is_err());
        assert_eq!(d.years_before(1).to_string(), "2023-02-28");
    }

    #[test]
    fn toml_native_and_string_dates() {
        #[derive(Deserialize)]
        struct T {
            a: Date,
            b: Date,
        }
        let t: T = toml::from_str("a = 2024-03-15\nb = \"2024-02-29\"").unwrap();
        assert_eq!(t.a.to_string(), "2024-03-15");
        assert_eq!(t.b.to_string(), "2024-02-29");
    }
}
