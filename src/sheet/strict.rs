//! A reader for canonical sheet files that accepts exactly the bytes `sheet_file_bytes`
//! writes and declines everything else, checking the canonical form as it reads.
//!
//! Verifying a sheet used to mean parsing it with serde and then serialising it again to
//! compare the bytes: at 100 sheets of 8,000 scores, the field-name matching, the copies
//! and the second serialisation were half of `verify`. A canonical sheet has one possible
//! spelling: its keys in a fixed order, no whitespace, integers without leading zeros or
//! signs, and strings escaped only where serde_json escapes them (`"`, `\`, and control
//! characters: `\b \t \n \f \r` short, the rest `\u00xx` in lower case). So it can be read
//! by walking that spelling.
//!
//! The reader only ever accepts: whatever it declines goes to the general path
//! (`verify::verify_sheet_with`), which parses with serde and names what is wrong. Tests
//! hold the two equal: every sheet the writer makes is accepted and read back whole, and a
//! mutated file is accepted only when the general path accepts it too, with the same sheet.

use super::canonical::MAX_SAFE_INTEGER;
use super::{Sheet, SheetBody, SheetDeclaration, SheetPledge, SheetScore, Signature};
use compact_str::CompactString;
use std::borrow::Cow;

/// A canonical sheet, read; `body_end` is the offset of the `,` before `"signature"`, so
/// the signed body is `bytes[..body_end]` followed by `}`.
pub(super) struct Read {
    pub sheet: Sheet,
    pub body_end: usize,
}

/// The sheet, if `bytes` are exactly the canonical file of one; `None` otherwise.
pub(super) fn read(bytes: &[u8]) -> Option<Read> {
    let mut r = Reader { b: bytes, i: 0 };
    r.lit(b"{\"campaign\":")?;
    let campaign = r.string()?.into_owned();
    r.lit(b",\"declarations\":")?;
    let declarations = r.array(|r| {
        r.lit(b"{\"application\":")?;
        let application = r.string()?.into_owned();
        r.lit(b",\"reason\":")?;
        let reason = r.string()?.into_owned();
        r.lit(b"}")?;
        Some(SheetDeclaration {
            application,
            reason,
        })
    })?;
    r.lit(b",\"expert\":")?;
    let expert = r.string()?.into_owned();
    r.lit(b",\"format\":")?;
    let format = u32::try_from(r.unsigned()?).ok()?;
    let pledge = if r.lit(b",\"pledge\":").is_some() {
        r.lit(b"{\"at\":")?;
        let at = r.string()?.into_owned();
        r.lit(b",\"text_sm3\":")?;
        let text_sm3 = r.string()?.into_owned();
        r.lit(b"}")?;
        Some(SheetPledge { at, text_sm3 })
    } else {
        None
    };
    r.lit(b",\"revision\":")?;
    let revision = r.unsigned()?;
    r.lit(b",\"round\":")?;
    let round = u32::try_from(r.unsigned()?).ok()?;
    r.lit(b",\"scores\":")?;
    let scores = r.array(Reader::score)?;
    let body_end = r.i;
    r.lit(b",\"signature\":{\"algorithm\":")?;
    let algorithm = r.string()?.into_owned();
    r.lit(b",\"key\":")?;
    let key = r.string()?.into_owned();
    r.lit(b",\"value\":")?;
    let value = r.string()?.into_owned();
    r.lit(b"}}")?;
    if r.i != bytes.len() {
        return None;
    }
    Some(Read {
        sheet: Sheet {
            body: SheetBody {
                format,
                campaign,
                expert,
                revision,
                round,
                scores,
                declarations,
                pledge,
            },
            signature: Signature {
                algorithm,
                key,
                value,
            },
        },
        body_end,
    })
}

/// What `verify` needs of a canonical sheet that also passes every shape check
/// (`verify::check_shape`): the campaign, the expert, the revision and the signature, and
/// where the body ends. Nothing of the scores is kept.
pub(super) struct Scanned {
    pub campaign: String,
    pub expert: String,
    pub revision: u64,
    pub signature: Signature,
    pub body_end: usize,
}

/// A score's application, criterion and round, as the scan orders them.
type ScoreKey<'a> = (Cow<'a, [u8]>, Cow<'a, [u8]>, u32);

/// [`read`] and `check_shape` in one pass that allocates nothing per score: `Some` only for
/// a file `read` accepts whose sheet `check_shape` accepts, with the same header. Declines
/// everything else, which then takes the full path for its exact verdict.
pub(super) fn scan(bytes: &[u8]) -> Option<Scanned> {
    let owned = |b: Cow<'_, [u8]>| String::from_utf8(b.into_owned()).ok();
    let mut r = Reader { b: bytes, i: 0 };
    r.lit(b"{\"campaign\":")?;
    let campaign = owned(r.raw_string()?)?;
    r.lit(b",\"declarations\":[")?;
    if r.lit(b"]").is_none() {
        let mut prev: Option<Cow<'_, [u8]>> = None;
        loop {
            r.lit(b"{\"application\":")?;
            let application = r.raw_string()?;
            r.lit(b",\"reason\":")?;
            r.raw_string()?;
            r.lit(b"}")?;
            // Sorted by application, none repeated.
            if prev
                .as_ref()
                .is_some_and(|p| order(p, &application).is_ge())
            {
                return None;
            }
            prev = Some(application);
            if !r.next_item()? {
                break;
            }
        }
    }
    r.lit(b",\"expert\":")?;
    let expert = owned(r.raw_string()?)?;
    if expert.is_empty() {
        return None;
    }
    r.lit(b",\"format\":")?;
    if u32::try_from(r.unsigned()?).ok()? != super::SHEET_FORMAT {
        return None;
    }
    if r.lit(b",\"pledge\":").is_some() {
        r.lit(b"{\"at\":")?;
        r.raw_string()?;
        r.lit(b",\"text_sm3\":")?;
        r.raw_string()?;
        r.lit(b"}")?;
    }
    r.lit(b",\"revision\":")?;
    let revision = r.unsigned()?;
    if revision > MAX_SAFE_INTEGER as u64 {
        return None;
    }
    r.lit(b",\"round\":")?;
    let round = u32::try_from(r.unsigned()?).ok()?;
    if round == 0 {
        return None;
    }
    r.lit(b",\"scores\":[")?;
    if r.lit(b"]").is_none() {
        let start = r.i;
        if !r.plain_scores(round)? {
            // An id with an escape: the general loop, from the first score again.
            r.i = start;
            r.scores(round)?;
        }
    }
    let body_end = r.i;
    r.lit(b",\"signature\":{\"algorithm\":")?;
    let algorithm = owned(r.raw_string()?)?;
    r.lit(b",\"key\":")?;
    let key = owned(r.raw_string()?)?;
    r.lit(b",\"value\":")?;
    let value = owned(r.raw_string()?)?;
    r.lit(b"}}")?;
    if r.i != bytes.len() {
        return None;
    }
    Some(Scanned {
        campaign,
        expert,
        revision,
        signature: Signature {
            algorithm,
            key,
            value,
        },
        body_end,
    })
}

/// Where the first byte that ends a run of plain string characters (`"`, `\\` or a control
/// character) is in `b`; and whether the run holds a byte outside ASCII (only then need it
/// be checked as UTF-8). Sixteen bytes at a time with SSE2 (part of every x86_64), so an id
/// (`A00001`, `practicality`) is found in one step; the rest, and other targets, eight at a
/// time ([`plain_run_swar`]).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn plain_run(b: &[u8]) -> Option<(usize, bool)> {
    use std::arch::x86_64::*;
    let mut i = 0;
    let mut high = 0u32;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<16>) {
        // SAFETY: SSE2 is part of the x86_64 baseline, so these instructions exist on every
        // target this compiles for; the unaligned load reads exactly the 16 bytes of `chunk`.
        let (stop, hi) = unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast());
            let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            // Below 0x20 unsigned: flip the top bit and compare signed.
            let control = _mm_cmplt_epi8(
                _mm_xor_si128(x, _mm_set1_epi8(i8::MIN)),
                _mm_set1_epi8((0x20u8 ^ 0x80) as i8),
            );
            let stop = _mm_or_si128(_mm_or_si128(quote, backslash), control);
            (_mm_movemask_epi8(stop) as u32, _mm_movemask_epi8(x) as u32)
        };
        if stop != 0 {
            // Bit k of a mask is byte k of the chunk.
            let at = stop.trailing_zeros();
            high |= hi & ((1 << at) - 1);
            return Some((i + at as usize, high != 0));
        }
        high |= hi;
        i += 16;
    }
    let (at, h) = plain_run_swar(&b[i..])?;
    Some((i + at, h || high != 0))
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn plain_run(b: &[u8]) -> Option<(usize, bool)> {
    plain_run_swar(b)
}

/// [`plain_run`] eight bytes at a time, in plain integer arithmetic.
#[inline]
fn plain_run_swar(b: &[u8]) -> Option<(usize, bool)> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // Whether some byte of `x` is below `n` (n <= 128): a borrow only runs upwards from a
    // byte that is below, so the lowest flagged byte is the first one below.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let mut i = 0;
    let mut high = 0u64;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let stop = below(x ^ (ONES * u64::from(b'"')), 1)
            | below(x ^ (ONES * u64::from(b'\\')), 1)
            | below(x, 0x20);
        if stop != 0 {
            // Little-endian: the lowest flagged byte comes first in `b`.
            let at = stop.trailing_zeros() / 8;
            high |= x & ((1u64 << (at * 8)) - 1);
            return Some((i + at as usize, high & HIGH != 0));
        }
        high |= x;
        i += 8;
    }
    for (at, &c) in b[i..].iter().enumerate() {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return Some((i + at, high & HIGH != 0));
        }
        high |= u64::from(c);
    }
    None
}

/// Whether a score keyed (application, criterion, round) comes after the one before it:
/// a sheet lists its scores sorted by that key, none repeated, ids compared as their bytes
/// (as `CompactString`'s order does).
#[inline(always)]
fn follows(prev: (&[u8], &[u8], u32), next: (&[u8], &[u8], u32)) -> bool {
    order(prev.0, next.0)
        .then_with(|| order(prev.1, next.1))
        .then(prev.2.cmp(&next.2))
        .is_lt()
}

/// Compares two byte strings as `str` (and `CompactString`) order them; short ids compare
/// faster in line than through a call to `memcmp`.
#[inline(always)]
fn order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    /// The scores (after the `[`, through the `]`) when no application or criterion id
    /// holds an escape, the ids borrowed from the file and comments and reasons checked
    /// but not kept; the small readers below are inlined into its loop (half its time was
    /// calls): `Some(true)` past the `]` if they pass, `Some(false)` at the first
    /// escaped id (the caller then reads them with [`Reader::scores`]), `None` for scores
    /// the scan declines. Checks what [`Reader::scores`] checks.
    fn plain_scores(&mut self, round: u32) -> Option<bool> {
        let mut prev: (&'a [u8], &'a [u8], u32) = (&[], &[], 0);
        let mut first = true;
        loop {
            self.lit(b"{\"application\":\"")?;
            let Some(application) = self.plain()? else {
                return Some(false);
            };
            self.lit(b",\"comment\":\"")?;
            self.skip_string()?;
            self.lit(b",\"criterion\":\"")?;
            let Some(criterion) = self.plain()? else {
                return Some(false);
            };
            // An empty reason is not written, so one that is there is never empty.
            if self.lit(b",\"reason\":\"").is_some() && self.skip_string()? {
                return None;
            }
            let score_round = self.round_and_value(round)?;
            if !first && !follows(prev, (application, criterion, score_round)) {
                return None;
            }
            first = false;
            prev = (application, criterion, score_round);
            if !self.next_item()? {
                return Some(true);
            }
        }
    }

    /// The end of a score after its texts, `,"round":N,"value":V}`: its round, if that
    /// round is open (1 to `round`) and the value a safe integer.
    #[inline(always)]
    fn round_and_value(&mut self, round: u32) -> Option<u32> {
        self.lit(b",\"round\":")?;
        let score_round = u32::try_from(self.unsigned()?).ok()?;
        self.lit(b",\"value\":")?;
        let value = self.signed()?;
        self.lit(b"}")?;
        (score_round != 0
            && score_round <= round
            && (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&value))
        .then_some(score_round)
    }

    /// The scores (after the `[`, through the `]`) in general, ids with escapes too.
    fn scores(&mut self, round: u32) -> Option<()> {
        // The previous score's application, criterion and round.
        let mut prev: Option<ScoreKey<'_>> = None;
        loop {
            self.lit(b"{\"application\":")?;
            let application = self.raw_string()?;
            self.lit(b",\"comment\":")?;
            self.raw_string()?;
            self.lit(b",\"criterion\":")?;
            let criterion = self.raw_string()?;
            // An empty reason is not written, so one that is there is never empty.
            if self.lit(b",\"reason\":").is_some() && self.raw_string()?.is_empty() {
                return None;
            }
            let score_round = self.round_and_value(round)?;
            if let Some((pa, pc, pr)) = &prev {
                if !follows((pa, pc, *pr), (&application, &criterion, score_round)) {
                    return None;
                }
            }
            prev = Some((application, criterion, score_round));
            if !self.next_item()? {
                return Some(());
            }
        }
    }

    /// The rest of a string whose opening `"` has been read, when it holds no escape: its
    /// bytes, past the closing `"`. `Some(None)` at an escape (nothing consumed), `None`
    /// for a string serde_json would not write (a raw control character, not UTF-8).
    #[inline(always)]
    fn plain(&mut self) -> Option<Option<&'a [u8]>> {
        let b: &'a [u8] = self.b;
        let start = self.i;
        // Most comments are empty.
        if b.get(start) == Some(&b'"') {
            self.i = start + 1;
            return Some(Some(&[]));
        }
        let (run, high) = plain_run(b.get(start..)?)?;
        let end = start + run;
        match b[end] {
            b'"' => {
                let s = &b[start..end];
                if high {
                    std::str::from_utf8(s).ok()?;
                }
                self.i = end + 1;
                Some(Some(s))
            }
            b'\\' => Some(None),
            _ => None,
        }
    }

    /// Past the rest of a string whose opening `"` has just been read, declining what
    /// [`Reader::raw_string`] declines; whether it is empty. Its content is not kept.
    #[inline(always)]
    fn skip_string(&mut self) -> Option<bool> {
        match self.plain()? {
            Some(s) => Some(s.is_empty()),
            // Escapes, rare: the general reader, from the opening quote.
            None => {
                self.i -= 1;
                Some(self.raw_string()?.is_empty())
            }
        }
    }

    /// Consumes `s` if the input continues with it. Of a fixed length, so the comparison
    /// is a few loads rather than a call to `memcmp`.
    #[inline(always)]
    fn lit<const N: usize>(&mut self, s: &[u8; N]) -> Option<()> {
        let end = self.i.checked_add(N)?;
        if self.b.get(self.i..end)? == s {
            self.i = end;
            Some(())
        } else {
            None
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// `[]` or `[item,item,...]`.
    fn array<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.lit(b"[")?;
        let mut out = Vec::new();
        if self.lit(b"]").is_some() {
            return Some(out);
        }
        loop {
            out.push(item(self)?);
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    /// After an array item: `true` past a `,` (another item follows), `false` past the
    /// closing `]`.
    #[inline(always)]
    fn next_item(&mut self) -> Option<bool> {
        let more = match self.peek()? {
            b',' => true,
            b']' => false,
            _ => return None,
        };
        self.i += 1;
        Some(more)
    }

    /// A string as serde_json writes it, as its UTF-8 bytes: borrowed when it holds no
    /// escape, found by one scan for the bytes that end a run of plain characters. As
    /// [`Reader::string`], declines one that is not UTF-8.
    fn raw_string(&mut self) -> Option<Cow<'a, [u8]>> {
        self.lit(b"\"")?;
        let b: &'a [u8] = self.b;
        let start = self.i;
        let (run, high) = plain_run(b.get(start..)?)?;
        self.i = start + run;
        match b[self.i] {
            b'"' => {
                self.i += 1;
                let s = &b[start..start + run];
                if high {
                    std::str::from_utf8(s).ok()?;
                }
                return Some(Cow::Borrowed(s));
            }
            b'\\' => {}
            // serde_json escapes every control character.
            _ => return None,
        }
        let mut out = b[start..self.i].to_vec();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                // Escapes stand for ASCII characters, so the string is UTF-8 exactly when
                // the bytes between them are.
                b'"' => return std::str::from_utf8(&out).is_ok().then_some(Cow::Owned(out)),
                // Every character serde_json escapes is ASCII.
                b'\\' => out.push(u8::try_from(self.escape()?).ok()?),
                0x00..=0x1f => return None,
                _ => out.push(c),
            }
        }
    }

    fn score(&mut self) -> Option<SheetScore> {
        self.lit(b"{\"application\":")?;
        let application = CompactString::from(self.string()?);
        self.lit(b",\"comment\":")?;
        let comment = self.string()?.into_owned();
        self.lit(b",\"criterion\":")?;
        let criterion = CompactString::from(self.string()?);
        // An empty reason is not written, so one that is there is never empty.
        let reason = if self.lit(b",\"reason\":").is_some() {
            let r = self.string()?.into_owned();
            if r.is_empty() {
                return None;
            }
            r
        } else {
            String::new()
        };
        self.lit(b",\"round\":")?;
        let round = u32::try_from(self.unsigned()?).ok()?;
        self.lit(b",\"value\":")?;
        let value = self.signed()?;
        self.lit(b"}")?;
        Some(SheetScore {
            application,
            criterion,
            round,
            value,
            comment,
            reason,
        })
    }

    /// A string as serde_json writes it: borrowed when it holds no escape.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.lit(b"\"")?;
        let mut owned: Option<String> = None;
        let mut start = self.i;
        // The plain run at once; escapes, rare, a byte at a time.
        self.i += plain_run(self.b.get(start..)?)?.0;
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    let tail = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                    self.i += 1;
                    return Some(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(std::str::from_utf8(&self.b[start..self.i]).ok()?);
                    self.i += 1;
                    s.push(self.escape()?);
                    start = self.i;
                }
                // serde_json escapes every control character.
                0x00..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }

    /// The character an escape stands for, if serde_json writes that character this way.
    fn escape(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        Some(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'u' => {
                let hex = self.b.get(self.i..self.i + 4)?;
                self.i += 4;
                // Only control characters are written as \u00xx, in lower-case hex, and
                // only those without a short escape.
                if &hex[..2] != b"00" {
                    return None;
                }
                let digit = |h: u8| match h {
                    b'0'..=b'9' => Some(h - b'0'),
                    b'a'..=b'f' => Some(h - b'a' + 10),
                    _ => None,
                };
                let v = digit(hex[2])? * 16 + digit(hex[3])?;
                if v >= 0x20 || matches!(v, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d) {
                    return None;
                }
                char::from(v)
            }
            _ => return None,
        })
    }

    /// `0` or a digit string without a leading zero, as itoa writes it.
    #[inline(always)]
    fn unsigned(&mut self) -> Option<u64> {
        let first = self.peek()?;
        if !first.is_ascii_digit() {
            return None;
        }
        self.i += 1;
        let mut v = u64::from(first - b'0');
        if v == 0 {
            return match self.peek() {
                Some(d) if d.is_ascii_digit() => None,
                _ => Some(0),
            };
        }
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.i += 1;
        }
        Some(v)
    }

    /// An `i64` as itoa writes it: a `-` only before a non-zero magnitude.
    #[inline(always)]
    fn signed(&mut self) -> Option<i64> {
        if self.lit(b"-").is_some() {
            let m = self.unsigned()?;
            if m == 0 {
                return None;
            }
            0i64.checked_sub_unsigned(m)
        } else {
            i64::try_from(self.unsigned()?).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::sheet_file_bytes;
    use proptest::prelude::*;

    /// Text with everything that needs care: quotes, backslashes, every control character,
    /// DEL, `/`, CJK, emoji, U+2028, and the look-alikes of escapes.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "A0001",
            "\"",
            "\\",
            "/",
            "\u{7f}",
            "\u{0}",
            "\u{1f}",
            "\u{8}",
            "\t",
            "\n",
            "\u{c}",
            "\r",
            "\u{b}",
            "评审",
            "「引号」",
            "\u{1F600}",
            "\u{2028}",
            "\\u0041",
            " ",
            "u00",
            "-0",
            "01",
        ]);
        prop::collection::vec(pieces, 0..6).prop_map(|v| v.concat())
    }

    fn score() -> impl Strategy<Value = SheetScore> {
        (text(), text(), text(), text(), any::<u32>(), any::<i64>()).prop_map(
            |(a, c, comment, reason, round, value)| SheetScore {
                application: a.into(),
                criterion: c.into(),
                round,
                value,
                comment,
                reason,
            },
        )
    }

    /// `bytes` changed at `i` as `how` says: 0 the byte replaced by `byte`, 1 removed, 2
    /// `byte` inserted before it, 3 doubled, anything else left as it is.
    fn mutate(bytes: &mut Vec<u8>, i: usize, byte: u8, how: u8) {
        match how {
            0 => bytes[i] = byte,
            1 => {
                bytes.remove(i);
            }
            2 => bytes.insert(i, byte),
            3 => {
                let b = bytes[i];
                bytes.insert(i, b);
            }
            _ => {}
        }
    }

    fn sheet() -> impl Strategy<Value = Sheet> {
        (
            (text(), text(), any::<u32>(), any::<u64>(), any::<u32>()),
            prop::collection::vec(score(), 0..5),
            prop::collection::vec((text(), text()), 0..3),
            prop::option::of((text(), text())),
            (text(), text(), text()),
        )
            .prop_map(
                |((campaign, expert, format, revision, round), scores, decl, pledge, sig)| Sheet {
                    body: SheetBody {
                        format,
                        campaign,
                        expert,
                        revision,
                        round,
                        scores,
                        declarations: decl
                            .into_iter()
                            .map(|(application, reason)| SheetDeclaration {
                                application,
                                reason,
                            })
                            .collect(),
                        pledge: pledge.map(|(at, text_sm3)| SheetPledge { at, text_sm3 }),
                    },
                    signature: Signature {
                        algorithm: sig.0,
                        key: sig.1,
                        value: sig.2,
                    },
                },
            )
    }

    /// What the general path makes of `bytes`: the sheet, if serde reads it and writing it
    /// again gives the same bytes.
    fn general(bytes: &[u8]) -> Option<Sheet> {
        let s: Sheet = serde_json::from_slice(bytes).ok()?;
        (sheet_file_bytes(&s) == bytes).then_some(s)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Every file the writer makes is read back whole, and the body ends where the
        /// signature starts.
        #[test]
        fn reads_what_the_writer_writes(s in sheet()) {
            let bytes = sheet_file_bytes(&s);
            let r = read(&bytes).expect("a written sheet is read");
            prop_assert_eq!(&r.sheet, &s);
            let mut body = bytes[..r.body_end].to_vec();
            body.push(b'}');
            prop_assert_eq!(body, s.body.signed_bytes());
        }

        /// A damaged file is accepted only when the general path accepts it, as the same
        /// sheet: the reader can make verification faster, never more lenient.
        #[test]
        fn accepts_nothing_the_general_path_refuses(
            s in sheet(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            how in 0u8..4,
        ) {
            let mut bytes = sheet_file_bytes(&s);
            let i = at.index(bytes.len());
            mutate(&mut bytes, i, byte, how);
            if let Some(r) = read(&bytes) {
                prop_assert_eq!(Some(r.sheet), general(&bytes));
            }
        }
    }

    /// A sheet that passes the shape checks: format 1, rounds and numbers in range, scores
    /// and declarations sorted and none repeated (the damage comes from the mutations).
    fn shaped() -> impl Strategy<Value = Sheet> {
        (sheet(), 1u32..4).prop_map(|(mut s, round)| {
            s.body.format = crate::sheet::SHEET_FORMAT;
            s.body.round = round;
            s.body.revision %= 1 << 53;
            if s.body.expert.is_empty() {
                s.body.expert = "E01".into();
            }
            for sc in &mut s.body.scores {
                sc.round = 1 + sc.round % round;
                sc.value %= 1 << 53;
            }
            s.body.normalise();
            s.body.scores.dedup_by(|a, b| {
                (&a.application, &a.criterion, a.round) == (&b.application, &b.criterion, b.round)
            });
            s.body
                .declarations
                .dedup_by(|a, b| a.application == b.application);
            s
        })
    }

    /// What `verify` keeps of a file by the full path: `read`, then `check_shape`.
    fn full(bytes: &[u8]) -> Option<(String, String, u64, Signature, usize)> {
        let r = read(bytes)?;
        crate::sheet::verify::check_shape(&r.sheet.body).ok()?;
        let b = r.sheet.body;
        Some((
            b.campaign,
            b.expert,
            b.revision,
            r.sheet.signature,
            r.body_end,
        ))
    }

    fn scanned(bytes: &[u8]) -> Option<(String, String, u64, Signature, usize)> {
        let s = scan(bytes)?;
        Some((s.campaign, s.expert, s.revision, s.signature, s.body_end))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The scan accepts exactly the files `read` accepts and `check_shape` passes, with
        /// the same header, signature and body end: on whole sheets, and on sheets with a
        /// byte changed, removed, inserted or repeated.
        #[test]
        fn the_scan_is_read_and_check_shape(
            s in prop_oneof![shaped(), sheet()],
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(vec![b'0', b'1', b'9', b'-', b'"', b'\\', b',', b'A', b'{', b'}', b']', 0x1f, 0x7f, 0xe8, 0xff]),
            how in 0u8..5,
        ) {
            let mut bytes = sheet_file_bytes(&s);
            let i = at.index(bytes.len());
            mutate(&mut bytes, i, byte, how);
            prop_assert_eq!(scanned(&bytes), full(&bytes));
        }

        /// Every well-shaped sheet the writer makes is recognised, header and all.
        #[test]
        fn the_scan_accepts_every_shaped_sheet(s in shaped()) {
            let bytes = sheet_file_bytes(&s);
            let got = scanned(&bytes);
            prop_assert!(got.is_some());
            prop_assert_eq!(got, full(&bytes));
        }
    }

    proptest! {
        /// The sixteen- and eight-bytes-at-a-time searches find the byte a byte-by-byte
        /// search finds, and see the same bytes above 0x7f before it.
        #[test]
        fn plain_run_is_the_first_stop(
            b in prop::collection::vec(
                prop_oneof![
                    // Beside the stops, and the stops with the top bit set.
                    12 => prop::sample::select(vec![b'a', 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0x9f, 0xa0, 0xa2, 0xdc, 0xe8, 0xff]),
                    1 => prop::sample::select(vec![b'"', b'\\', 0, 0x1f]),
                ],
                0..60,
            ),
        ) {
            let naive = b
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .map(|at| (at, b[..at].iter().any(|&c| c >= 0x80)));
            prop_assert_eq!(plain_run(&b), naive);
            // The portable search, which the SSE2 one hands its tail to.
            prop_assert_eq!(plain_run_swar(&b), naive);
        }
    }

    proptest! {
        /// The in-line order is the order of byte slices (and so of `str`).
        #[test]
        fn order_is_the_byte_order(
            a in prop::collection::vec(prop::sample::select(vec![0u8, b'a', b'b', 0xe8]), 0..6),
            b in prop::collection::vec(prop::sample::select(vec![0u8, b'a', b'b', 0xe8]), 0..6),
        ) {
            prop_assert_eq!(order(&a, &b), a.cmp(&b));
        }
    }

    /// A score whose application or criterion holds an escape sends the scan from the fast
    /// loop to the general one, from the first score again: it still accepts exactly what
    /// `read` and `check_shape` accept.
    #[test]
    fn escaped_ids_take_the_general_loop() {
        let score = |application: &str, criterion: &str, value: i64| SheetScore {
            application: application.into(),
            criterion: criterion.into(),
            round: 1,
            value,
            comment: "评审意见".into(),
            reason: String::new(),
        };
        let sheet = |scores: Vec<SheetScore>| Sheet {
            body: SheetBody {
                format: crate::sheet::SHEET_FORMAT,
                campaign: "d".into(),
                expert: "E01".into(),
                revision: 1,
                round: 1,
                scores,
                declarations: vec![],
                pledge: None,
            },
            signature: Signature {
                algorithm: "sm2-sm3".into(),
                key: "E01".into(),
                value: "s".into(),
            },
        };
        for scores in [
            vec![
                score("A1", "c", 1),
                score("A2\"x", "c", 2),
                score("A3", "c", 3),
            ],
            vec![score("A1", "c\\d", 1), score("A1", "d", 2)],
            vec![score("A\n1", "c", 1)],
            // Out of order only once the escapes are read: `A"` sorts before `A\`.
            vec![score("A\\", "c", 1), score("A\"", "c", 2)],
            vec![
                score("A1", "c", 1),
                score("A1", "c\t", 2),
                score("A1", "c\t", 3),
            ],
        ] {
            let bytes = sheet_file_bytes(&sheet(scores));
            assert_eq!(scanned(&bytes), full(&bytes));
        }
        let bytes = sheet_file_bytes(&sheet(vec![score("A1", "c", 1), score("A2\"", "c", 2)]));
        assert!(scanned(&bytes).is_some());
    }

    #[test]
    fn declines_every_other_spelling() {
        let base = r#"{"campaign":"d","declarations":[],"expert":"E","format":1,"revision":1,"round":1,"scores":[{"application":"A","comment":"X","criterion":"c","round":1,"value":5}],"signature":{"algorithm":"sm2-sm3","key":"E","value":"s"}}"#;
        assert!(read(base.as_bytes()).is_some());
        for (from, to) in [
            ("\"X\"", "\"\\/\""),            // an escape serde_json never writes
            ("\"X\"", "\"\\u0041\""),        // a printable character escaped
            ("\"X\"", "\"\\u000A\""),        // upper-case hex
            ("\"X\"", "\"\\u000a\""),        // \u for a character with a short escape
            ("\"X\"", "\"\u{1}\""),          // a raw control character
            ("\"value\":5", "\"value\":-0"), // negative zero
            ("\"value\":5", "\"value\":05"), // a leading zero
            ("\"value\":5", "\"value\":5.0"),
            ("\"value\":5", "\"value\":5e0"),
            ("\"value\":5", "\"value\":+5"),
            ("\"value\":5", "\"value\": 5"), // whitespace
            (
                "\"round\":1,\"value\"",
                "\"reason\":\"\",\"round\":1,\"value\"",
            ), // empty reason written
            ("\"format\":1", "\"format\":1,\"pledge\":null"),
            ("\"format\":1", "\"format\":4294967296"), // beyond u32
            ("\"expert\":\"E\",", "\"expert\":\"E\",\"expert\":\"E\","), // a repeated key
            ("\"declarations\":[]", "\"declarations\":[ ]"),
            ("\"declarations\":[]", "\"extra\":1,\"declarations\":[]"),
        ] {
            assert!(base.contains(from), "{from}");
            let bad = base.replacen(from, to, 1);
            assert!(read(bad.as_bytes()).is_none(), "accepted {bad}");
        }
        assert!(read(format!("{base}\n").as_bytes()).is_none());
        assert!(read(&base.as_bytes()[..base.len() - 1]).is_none());
        // Not UTF-8 inside a string.
        let mut bytes = base.as_bytes().to_vec();
        let x = base.find("\"X\"").expect("X") + 1;
        bytes[x] = 0xff;
        assert!(read(&bytes).is_none());
    }
}
