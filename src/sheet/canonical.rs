//! Canonical JSON per RFC 8785 (JCS) for the values pingshen writes: objects, arrays,
//! strings, integers, booleans and null. Fractional numbers are refused, not rounded.
//!
//! Written here rather than taken from `serde_jcs` or `serde_json_canonicalizer`: both turn
//! on serde_json's `float_roundtrip` for the whole crate, serialise floats we want refused,
//! accept integers beyond 2^53 that JCS cannot represent, and buffer every object member in
//! its own allocation. For integers and strings JCS output is serde_json's compact output
//! (same escapes, lowercase `\u00xx`, no escaping of `/` or non-ASCII), so what is left is
//! the key order by UTF-16 code units.

use serde::Serialize;
use serde_json::Value;
use std::cmp::Ordering;

/// The largest integer an IEEE double holds exactly; JCS numbers are doubles.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error(
        "`{path}` holds the fractional number {value}; pingshen's canonical JSON carries \
         integers only: write it as a string or in hundredths"
    )]
    Fraction { path: String, value: String },
    #[error(
        "`{path}` holds the integer {value}, beyond ±(2^53 - 1), which RFC 8785 cannot \
         represent exactly: write it as a string"
    )]
    Integer { path: String, value: String },
    #[error("the value cannot be written as JSON: {0}")]
    Serialize(String),
}

/// RFC 8785 bytes of `value`.
pub fn canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value =
        serde_json::to_value(value).map_err(|e| CanonicalError::Serialize(e.to_string()))?;
    canonical_value_bytes(&value)
}

/// RFC 8785 bytes of an already parsed JSON value.
pub fn canonical_value_bytes(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::with_capacity(256);
    let mut path = String::from("$");
    write_value(value, &mut out, &mut path)?;
    Ok(out)
}

/// Whether `bytes` are exactly the RFC 8785 form of the JSON they hold (and that JSON has no
/// fractional numbers, no integers beyond 2^53 and no repeated keys).
pub fn is_canonical(bytes: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => canonical_value_bytes(&v).is_ok_and(|c| c == bytes),
        Err(_) => false,
    }
}

/// Order of object keys in RFC 8785: by UTF-16 code units, which differs from UTF-8 byte
/// order only between supplementary-plane characters and U+E000..U+FFFF.
pub fn key_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn write_value(v: &Value, out: &mut Vec<u8>, path: &mut String) -> Result<(), CanonicalError> {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            let in_range = if let Some(i) = n.as_i64() {
                (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i)
            } else if n.as_u64().is_some() {
                false
            } else {
                return Err(CanonicalError::Fraction {
                    path: path.clone(),
                    value: n.to_string(),
                });
            };
            if !in_range {
                return Err(CanonicalError::Integer {
                    path: path.clone(),
                    value: n.to_string(),
                });
            }
            out.extend_from_slice(n.to_string().as_bytes());
        }
        Value::String(s) => write_str(s, out)?,
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                write_value(item, out, path)?;
                path.truncate(len);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| key_order(a.0, b.0));
            out.push(b'{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(k, out)?;
                out.push(b':');
                let len = path.len();
                path.push('.');
                path.push_str(k);
                write_value(item, out, path)?;
                path.truncate(len);
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_str(s: &str, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    serde_json::to_writer(out, s).map_err(|e| CanonicalError::Serialize(e.to_string()))
}

/// An `io::Write` that compares what is written with expected bytes instead of storing it:
/// checking that a file is canonical costs one serialisation and no allocation.
pub(crate) struct Compare<'a> {
    expected: &'a [u8],
    pos: usize,
    mismatch: Option<usize>,
}

impl<'a> Compare<'a> {
    pub(crate) fn new(expected: &'a [u8]) -> Compare<'a> {
        Compare {
            expected,
            pos: 0,
            mismatch: None,
        }
    }

    /// The first byte offset where the written bytes and the expected ones differ.
    pub(crate) fn first_difference(&self) -> Option<usize> {
        match self.mismatch {
            Some(at) => Some(at),
            None if self.pos != self.expected.len() => Some(self.pos.min(self.expected.len())),
            None => None,
        }
    }
}

impl std::io::Write for Compare<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.mismatch.is_none() {
            let rest = &self.expected[self.pos.min(self.expected.len())..];
            if !rest.starts_with(buf) {
                let same = rest.iter().zip(buf).take_while(|(a, b)| a == b).count();
                self.mismatch = Some(self.pos + same);
            }
        }
        self.pos += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
