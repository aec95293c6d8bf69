//! Exact fractions for the merge's arithmetic, the one rounding rule (half to even), and
//! the rounded figures the output carries.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// A fraction `num / den` with `den > 0`. Not kept in lowest terms: comparison is by
/// cross-multiplication, and reducing (a 128-bit gcd) in the fragility loop would cost
/// more than the whole ranking; only `fraction_string` reduces.
#[derive(Debug, Clone, Copy)]
pub struct Rational {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Rational {
    /// `num / den`; a zero denominator is read as one, because every caller divides by a
    /// count it has already checked is positive and a panic in a merge helps nobody.
    pub fn new(num: i128, den: i128) -> Rational {
        match den {
            0 => Rational { num, den: 1 },
            d if d < 0 => Rational { num: -num, den: -d },
            den => Rational { num, den },
        }
    }

    fn reduced(self) -> Rational {
        let g = gcd(self.num, self.den).max(1);
        Rational {
            num: self.num / g,
            den: self.den / g,
        }
    }

    pub fn integer(v: i128) -> Rational {
        Rational { num: v, den: 1 }
    }

    /// Numerator in lowest terms.
    pub fn num(self) -> i128 {
        self.reduced().num
    }

    /// Denominator in lowest terms.
    pub fn den(self) -> i128 {
        self.reduced().den
    }

    /// The nearest integer, ties to the even one.
    pub fn round_half_even(self) -> i128 {
        let q = self.num.div_euclid(self.den);
        let r = self.num.rem_euclid(self.den);
        match (2 * r).cmp(&self.den) {
            Ordering::Less => q,
            Ordering::Greater => q + 1,
            Ordering::Equal if q % 2 == 0 => q,
            Ordering::Equal => q + 1,
        }
    }

    /// A value held in hundredths (of a point), rounded once to whole hundredths.
    pub fn hundredths(self) -> Decimal {
        Decimal::saturating(self.round_half_even())
    }

    /// A fraction of one as a percentage, rounded once to hundredths of a percent.
    pub fn percent(self) -> Decimal {
        Rational::new(self.num * 10_000, self.den).hundredths()
    }

    /// `hundredths()` written out: `87.35`.
    pub fn hundredths_string(self) -> String {
        self.hundredths().to_string()
    }

    /// `percent()` written out: `33.33`.
    pub fn percent_string(self) -> String {
        self.percent().to_string()
    }

    /// `num/den` in lowest terms, or just `num` when the denominator is one.
    pub fn fraction_string(self) -> String {
        let r = self.reduced();
        if r.den == 1 {
            r.num.to_string()
        } else {
            format!("{}/{}", r.num, r.den)
        }
    }
}

impl PartialEq for Rational {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Rational {}

impl PartialOrd for Rational {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Rational {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

/// A rounded figure: an integer count of hundredths, written (and serialised, as a JSON
/// string) with exactly two decimals: 8735 is `"87.35"`. Holding the integer rather than
/// the text keeps the 800,000 scores of a large merge out of the allocator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal(pub i64);

impl Decimal {
    fn saturating(h: i128) -> Decimal {
        Decimal(i64::try_from(h).unwrap_or(if h < 0 { i64::MIN } else { i64::MAX }))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// A figure equals its written form: `Decimal(8735) == "87.35"`.
impl PartialEq<&str> for Decimal {
    fn eq(&self, o: &&str) -> bool {
        // The written form always has exactly two decimals.
        o.len() >= 4
            && o.as_bytes()[o.len() - 3] == b'.'
            && o.parse::<crate::model::Points>()
                .is_ok_and(|p| p.0 == self.0)
    }
}

impl Decimal {
    /// The written form, `87.35`, put together in `buf`: a large merge writes a million of
    /// these, and the formatting machinery costs several times the digits.
    fn write_into(self, buf: &mut [u8; 24]) -> &str {
        let a = self.0.unsigned_abs();
        let (mut whole, cents) = (a / 100, a % 100);
        let mut at = buf.len() - 3;
        buf[at] = b'.';
        buf[at + 1] = b'0' + (cents / 10) as u8;
        buf[at + 2] = b'0' + (cents % 10) as u8;
        loop {
            at -= 1;
            buf[at] = b'0' + (whole % 10) as u8;
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if self.0 < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        // ASCII digits, a point and a sign: always UTF-8.
        std::str::from_utf8(&buf[at..]).unwrap_or_default()
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 24];
        s.serialize_str(self.write_into(&mut buf))
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<crate::model::Points>()
            .map(|p| Decimal(p.0))
            .map_err(de::Error::custom)
    }
}

/// An integer count of hundredths written with two decimals: 8735 gives `87.35`.
pub fn hundredths_string(h: i64) -> String {
    Decimal(h).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_to_even() {
        assert_eq!(Rational::new(5, 2).round_half_even(), 2);
        assert_eq!(Rational::new(7, 2).round_half_even(), 4);
        assert_eq!(Rational::new(-5, 2).round_half_even(), -2);
        assert_eq!(Rational::new(-7, 2).round_half_even(), -4);
        assert_eq!(Rational::new(26, 10).round_half_even(), 3);
        assert_eq!(Rational::new(24, 10).round_half_even(), 2);
        assert_eq!(Rational::new(8, 3).round_half_even(), 3);
    }

    #[test]
    fn strings() {
        assert_eq!(Rational::new(17469, 2).hundredths_string(), "87.34");
        assert_eq!(Rational::new(17471, 2).hundredths_string(), "87.36");
        assert_eq!(Rational::new(-5, 1).hundredths_string(), "-0.05");
        assert_eq!(Rational::new(-1234, 1).hundredths_string(), "-12.34");
        assert_eq!(Decimal(5).to_string(), "0.05");
        assert!(Decimal(8730) == "87.30" && Decimal(8730) != "87.3" && Decimal(-5) == "-0.05");
        assert_eq!(serde_json::to_string(&Decimal(8735)).unwrap(), "\"87.35\"");
        assert_eq!(
            serde_json::from_str::<Decimal>("\"87.35\"").unwrap(),
            Decimal(8735)
        );
        for v in [
            0,
            5,
            -5,
            99,
            100,
            -100,
            8735,
            -1234,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            assert_eq!(
                serde_json::to_string(&Decimal(v)).unwrap(),
                format!("\"{}\"", Decimal(v)),
                "{v}"
            );
        }
        assert_eq!(Rational::new(1, 3).percent_string(), "33.33");
        assert_eq!(Rational::new(6, 4).fraction_string(), "3/2");
        assert_eq!(Rational::new(6, -3).fraction_string(), "-2");
        assert!(Rational::new(1, 3) < Rational::new(34, 100));
        assert_eq!(Rational::new(2, 4), Rational::new(1, 2));
    }
}
