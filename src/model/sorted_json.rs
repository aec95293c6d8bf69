//! The bytes `serde_json::to_vec(&serde_json::to_value(v))` gives, written without building
//! the `Value`: compact JSON with every object's members sorted by key (serde_json's
//! `Value` map is a `BTreeMap`, ordered by the keys' bytes; a repeated key keeps its last
//! value). A campaign's digest is taken over these bytes; at 2,000 applications the
//! `Value` detour (a heap string per key and per value, then freeing them all) was most of
//! the digest's cost.
//!
//! Each object's members are written in the order they come, each remembered by where it
//! starts and ends; at the object's end they are put in key order in place (a copy of the
//! object, once per level of nesting) unless they came in order already.

use serde::ser::{self, Serialize};
use std::io::Write as _;

type Error = serde_json::Error;

/// `serde_json::to_vec(&serde_json::to_value(value)?)`, written directly.
#[cfg(test)]
pub(crate) fn sorted_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    sorted_json_to(value, &mut |b: &[u8]| out.extend_from_slice(b))?;
    Ok(out)
}

/// The bytes of [`sorted_json`], handed to `sink` piece by piece as they are settled: a
/// piece goes out whenever no object is open (between the elements of a top-level array,
/// say) and enough has gathered, so a large value is never held whole. On an error some
/// pieces may have gone out already.
pub(crate) fn sorted_json_to<T: Serialize + ?Sized>(
    value: &T,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<(), Error> {
    let mut w = Writer {
        out: Vec::with_capacity(FLUSH_AT + (1 << 12)),
        members: Vec::new(),
        scratch: Vec::new(),
        open: 0,
        sink,
        orders: Vec::new(),
    };
    value.serialize(&mut w)?;
    (w.sink)(&w.out);
    Ok(())
}

/// How much settled output gathers before it goes to the sink: small enough to stay in
/// the cache, large enough that the sink is called rarely.
const FLUSH_AT: usize = 1 << 15;

struct Writer<'s> {
    out: Vec<u8>,
    /// The members of the objects being written, innermost last.
    members: Vec<Member>,
    /// Where an object's members are copied while they are put in order.
    scratch: Vec<u8>,
    /// Objects opened and not yet closed: while there is one, its members may still be
    /// reordered, so nothing of `out` is settled.
    open: usize,
    sink: &'s mut dyn FnMut(&[u8]),
    /// The key orders of the structs met so far.
    orders: Vec<Order>,
}

/// One member of an object: its key and where `"key":value` lies in the output.
struct Member {
    key: Key,
    start: usize,
    end: usize,
}

enum Key {
    Field(&'static str),
    Owned(String),
}

impl Key {
    fn as_str(&self) -> &str {
        match self {
            Key::Field(k) => k,
            Key::Owned(k) => k,
        }
    }

    /// A struct field's name by its address and length: the same field of the same struct
    /// is always the same `&'static str`.
    fn field(&self) -> Option<(usize, usize)> {
        match self {
            Key::Field(k) => Some((k.as_ptr() as usize, k.len())),
            Key::Owned(_) => None,
        }
    }
}

fn custom(msg: &str) -> Error {
    <Error as ser::Error>::custom(msg)
}

impl<'s> Writer<'s> {
    fn string(&mut self, s: &str) -> Result<(), Error> {
        // Most strings need no escape (serde_json escapes `"`, `\\` and control characters
        // only): then they are copied as they are. Checked without an early exit, which
        // the compiler can do many bytes at a time.
        let plain = !s.bytes().fold(false, |esc, b| {
            esc | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if plain {
            self.out.reserve(s.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
            Ok(())
        } else {
            serde_json::to_writer(&mut self.out, s)
        }
    }

    /// Hands the output to the sink when it is settled (no object open) and large enough.
    fn settle(&mut self) {
        if self.open == 0 && self.out.len() >= FLUSH_AT {
            (self.sink)(&self.out);
            self.out.clear();
        }
    }

    fn display(&mut self, v: impl std::fmt::Display) -> Result<(), Error> {
        write!(self.out, "{v}").map_err(Error::io)
    }

    /// Opens an object; what [`Compound::end`] needs to close it.
    fn object(&mut self) -> Compound<'_, 's> {
        self.out.push(b'{');
        self.open += 1;
        Compound {
            start: self.out.len(),
            base: self.members.len(),
            w: self,
            array: false,
            first: true,
            wrapped: false,
            key: None,
        }
    }

    fn array(&mut self) -> Compound<'_, 's> {
        self.out.push(b'[');
        Compound {
            start: self.out.len(),
            base: self.members.len(),
            w: self,
            array: true,
            first: true,
            wrapped: false,
            key: None,
        }
    }

    /// `{"variant":` before the content of an enum variant with data; closed by `}`.
    fn variant_open(&mut self, variant: &str) -> Result<(), Error> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.push(b':');
        Ok(())
    }

    /// Puts the members of the object whose content starts at `start` in key order and
    /// closes it.
    fn close_object(&mut self, start: usize, base: usize) {
        let members = &self.members[base..];
        // A struct's fields come in one order, so its order is found once: at 2,000
        // applications and 30,000 units, sorting each object's keys was most of the work.
        let cached = self.orders.iter().position(|o| {
            o.came.len() == members.len()
                && o.came
                    .iter()
                    .zip(members)
                    .all(|(c, m)| Some(*c) == m.key.field())
        });
        let found;
        let order = match cached {
            Some(i) => &self.orders[i].order,
            None => {
                found = key_order(members);
                let fields: Option<Vec<_>> = members.iter().map(|m| m.key.field()).collect();
                match fields {
                    Some(came) if self.orders.len() < MAX_ORDERS => {
                        self.orders.push(Order { came, order: found });
                        &self.orders[self.orders.len() - 1].order
                    }
                    _ => &found,
                }
            }
        };
        if let Some(order) = order {
            self.scratch.clear();
            self.scratch.extend_from_slice(&self.out[start..]);
            self.out.truncate(start);
            for (n, &i) in order.iter().enumerate() {
                if n > 0 {
                    self.out.push(b',');
                }
                let m = &self.members[base + i];
                self.out
                    .extend_from_slice(&self.scratch[m.start - start..m.end - start]);
            }
        }
        self.members.truncate(base);
        self.out.push(b'}');
        self.open -= 1;
    }
}

/// How many structs' orders are remembered: more kinds than a campaign has.
const MAX_ORDERS: usize = 64;

/// The order of an object's members as they came (each a struct field's name, by its
/// address and length), and what [`key_order`] made of them.
struct Order {
    came: Vec<(usize, usize)>,
    order: Option<Vec<usize>>,
}

/// `None` when `members` came in key order, none repeated; else which to write, in key
/// order: of members with one key, the last written stands (a map's insert).
fn key_order(members: &[Member]) -> Option<Vec<usize>> {
    let key = |i: usize| members[i].key.as_str();
    if (1..members.len()).all(|i| key(i - 1) < key(i)) {
        return None;
    }
    let mut sorted: Vec<usize> = (0..members.len()).collect();
    // Stable: members with one key stay in the order they were written.
    sorted.sort_by(|&a, &b| key(a).cmp(key(b)));
    Some(
        (0..sorted.len())
            .filter(|&n| {
                sorted
                    .get(n + 1)
                    .is_none_or(|&next| key(next) != key(sorted[n]))
            })
            .map(|n| sorted[n])
            .collect(),
    )
}

struct Compound<'a, 's> {
    w: &'a mut Writer<'s>,
    start: usize,
    base: usize,
    array: bool,
    first: bool,
    /// Inside `{"variant":...}`, closed by one more `}`.
    wrapped: bool,
    /// A map's key, waiting for its value.
    key: Option<String>,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.w)?;
        self.w.settle();
        Ok(())
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: Key, value: &T) -> Result<(), Error> {
        self.comma();
        let start = self.w.out.len();
        self.w.string(key.as_str())?;
        self.w.out.push(b':');
        value.serialize(&mut *self.w)?;
        let end = self.w.out.len();
        self.w.members.push(Member { key, start, end });
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        if self.array {
            self.w.out.push(b']');
        } else {
            self.w.close_object(self.start, self.base);
        }
        if self.wrapped {
            self.w.out.push(b'}');
        }
        Ok(())
    }
}

impl<'a, 's> ser::Serializer for &'a mut Writer<'s> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 's>;
    type SerializeTuple = Compound<'a, 's>;
    type SerializeTupleStruct = Compound<'a, 's>;
    type SerializeTupleVariant = Compound<'a, 's>;
    type SerializeMap = Compound<'a, 's>;
    type SerializeStruct = Compound<'a, 's>;
    type SerializeStructVariant = Compound<'a, 's>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        // A `Value` number holds an i64 or a u64, nothing wider.
        if i64::try_from(v).is_ok() || u64::try_from(v).is_ok() {
            self.display(v)
        } else {
            Err(custom("number out of range"))
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        if u64::try_from(v).is_ok() {
            self.display(v)
        } else {
            Err(custom("number out of range"))
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // A `Value` holds an f32 as the f64 it converts to.
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // Written as serde_json writes a `Value` number; not finite, it is `null`.
        serde_json::to_writer(&mut self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.array();
        for b in v {
            seq.element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_open(variant)?;
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 's>, Error> {
        Ok(self.array())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, 's>, Error> {
        Ok(self.array())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>, Error> {
        Ok(self.array())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>, Error> {
        self.variant_open(variant)?;
        let mut c = self.array();
        c.wrapped = true;
        Ok(c)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 's>, Error> {
        Ok(self.object())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, 's>, Error> {
        Ok(self.object())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>, Error> {
        self.variant_open(variant)?;
        let mut c = self.object();
        c.wrapped = true;
        Ok(c)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(Key::Field(key), value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(Key::Field(key), value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // A `Value` map's keys are strings: what serde_json makes of the key.
        let k = match serde_json::to_value(key)? {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => return Err(custom("key must be a string")),
        };
        self.key = Some(k);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let Some(key) = self.key.take() else {
            return Err(custom("a map value without its key"));
        };
        self.member(Key::Owned(key), value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::{BTreeMap, HashMap};

    fn old<T: Serialize>(v: &T) -> Vec<u8> {
        serde_json::to_vec(&serde_json::to_value(v).unwrap()).unwrap()
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(i8, String),
        Struct { z: u8, a: Option<bool> },
    }

    #[derive(Serialize)]
    struct Inner {
        zeta: Vec<E>,
        alpha: (u8, char),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        mid: HashMap<String, i64>,
    }

    #[derive(Serialize)]
    #[serde(tag = "kind")]
    enum Tagged {
        B { y: u8, b: String },
    }

    #[derive(Serialize)]
    struct Outer {
        z: Inner,
        b: f64,
        nan: f32,
        a: Vec<Inner>,
        t: Tagged,
        n: Option<()>,
        ints: BTreeMap<u32, u128>,
        bytes: serde_bytes_like::Bytes,
        empty: BTreeMap<String, u8>,
        text: &'static str,
    }

    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    fn inner(n: i64) -> Inner {
        Inner {
            zeta: vec![
                E::Unit,
                E::New(3),
                E::Tuple(-1, "t\"\\\u{1}评".into()),
                E::Struct { z: 1, a: None },
            ],
            alpha: (n as u8, 'ü'),
            // Some and none: one struct, two orders of its fields.
            skipped: (n % 2 == 0).then_some(n as u8),
            mid: (0..5)
                .map(|i| (format!("k{}", (i * 7) % 5), i * n))
                .collect(),
        }
    }

    #[test]
    fn writes_what_the_value_detour_writes() {
        let v = Outer {
            z: inner(1),
            b: 0.1,
            nan: f32::NAN,
            a: vec![inner(2), inner(-3)],
            t: Tagged::B {
                y: 9,
                b: "x".into(),
            },
            n: None,
            ints: [(10, 5), (2, u128::from(u64::MAX))].into_iter().collect(),
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            empty: BTreeMap::new(),
            text: "\u{e000}\u{1F600}",
        };
        assert_eq!(
            String::from_utf8(sorted_json(&v).unwrap()).unwrap(),
            String::from_utf8(old(&v)).unwrap()
        );
    }

    /// A value larger than what gathers before it is handed on goes out in pieces, only
    /// between the elements of an array outside every object; the pieces are the same
    /// bytes, also for a large array inside an object, which goes out whole at the end.
    #[test]
    fn hands_on_settled_pieces() {
        let big: Vec<Inner> = (0..3000).map(inner).collect();
        let mut pieces = Vec::new();
        sorted_json_to(&big, &mut |b: &[u8]| pieces.push(b.to_vec())).unwrap();
        assert!(pieces.len() > 2);
        for p in &pieces[..pieces.len() - 1] {
            assert!(p.ends_with(b"}") && p.len() >= FLUSH_AT);
        }
        assert_eq!(pieces.concat(), old(&big));
        let nested = BTreeMap::from([("b", big), ("a", vec![inner(7)])]);
        let mut pieces = Vec::new();
        sorted_json_to(&nested, &mut |b: &[u8]| pieces.push(b.to_vec())).unwrap();
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces.concat(), old(&nested));
    }
}
