//! Exact fractions for the merge's arithmetic, and the one rounding rule (half to even).

use std::cmp::Ordering;

/// A fraction `num / den` with `den > 0`, kept in lowest terms so equal values compare
/// and print the same.
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
        let (num, den) = match den {
            0 => (num, 1),
            d if d < 0 => (-num, -d),
            d => (num, d),
        };
        let g = gcd(num, den).max(1);
        Rational {
            num: num / g,
            den: den / g,
        }
    }

    pub fn integer(v: i128) -> Rational {
        Rational { num: v, den: 1 }
    }

    pub fn num(self) -> i128 {
        self.num
    }

    pub fn den(self) -> i128 {
        self.den
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

    /// A value held in hundredths (of a point), rounded once to whole hundredths and
    /// written with two decimals: `87.35`.
    pub fn hundredths_string(self) -> String {
        hundredths_string(self.round_half_even())
    }

    /// A fraction of one as a percentage with two decimals, rounded half to even.
    pub fn percent_string(self) -> String {
        Rational::new(self.num * 10_000, self.den).hundredths_string()
    }

    /// `num/den` in lowest terms, or just `num` when the denominator is one.
    pub fn fraction_string(self) -> String {
        if self.den == 1 {
            self.num.to_string()
        } else {
            format!("{}/{}", self.num, self.den)
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

/// An integer count of hundredths written with two decimals: 8735 gives `87.35`.
pub fn hundredths_string(h: i128) -> String {
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
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
        assert_eq!(Rational::new(1, 3).percent_string(), "33.33");
        assert_eq!(Rational::new(6, 4).fraction_string(), "3/2");
        assert_eq!(Rational::new(6, -3).fraction_string(), "-2");
        assert!(Rational::new(1, 3) < Rational::new(34, 100));
        assert_eq!(Rational::new(2, 4), Rational::new(1, 2));
    }
}
