//! Raw values as YAML inputs are read before validation: every value carries its location
//! ([`Opt`], [`List`]), and scalars are read whatever their kind ([`Num`], [`WordOrList`],
//! [`KeyText`], [`KeyedMap`]) so that a value of the wrong kind becomes a located
//! validation error among others rather than the end of parsing.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// An optional value with its location.
pub type Opt<T> = Option<Spanned<T>>;
/// A list whose items carry their locations.
pub type List<T> = Vec<Spanned<T>>;

/// Any scalar where a number is expected; validation decides what is acceptable, so that
/// `share: 0,3` is one error among others rather than the end of parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
    /// Text, including `.nan` / `.inf` (non-finite floats arrive as text: the parser's
    /// options in `crate::yaml`).
    Text(String),
    Bool(bool),
    Null,
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumVisitor;
        impl<'de> Visitor<'de> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Num, E> {
                Ok(Num::Int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Num, E> {
                Ok(i128::try_from(v).map_or_else(|_| Num::Float(v as f64), Num::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Num, E> {
                Ok(Num::Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Num, E> {
                Ok(Num::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Num, E> {
                Ok(Num::Null)
            }
            fn visit_none<E>(self) -> Result<Num, E> {
                Ok(Num::Null)
            }
        }
        deserializer.deserialize_any(NumVisitor)
    }
}

/// A keyword (`PT`, `flat`, …) or a list: `holidays` and `intraday_profile`.
#[derive(Debug, Clone, PartialEq)]
pub enum WordOrList<T> {
    /// Any scalar, as text.
    Word(String),
    List(List<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WordOrList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize_expecting(deserializer, "a keyword or a list")
    }
}

impl<T> WordOrList<T> {
    /// Deserializes one, naming what is expected as `expecting` in type errors.
    pub(crate) fn deserialize_expecting<'de, D>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        struct WordOrListVisitor<T> {
            expecting: &'static str,
            item: PhantomData<T>,
        }
        impl<'de, T: Deserialize<'de>> Visitor<'de> for WordOrListVisitor<T> {
            type Value = WordOrList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.expecting)
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(WordOrList::Word(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<T>>()? {
                    items.push(item);
                }
                Ok(WordOrList::List(items))
            }
        }
        deserializer.deserialize_any(WordOrListVisitor {
            expecting,
            item: PhantomData,
        })
    }
}

/// Any scalar used as a mapping key, as text (`2018-01-22`, `20`, `true`), so that a key
/// of the wrong kind is a validation error at its position rather than a parse error.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyText(pub String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// A mapping whose keys are data (dates, …), in the order written, keys and values with
/// their locations (`agents_by_date`). Repeated keys are refused by the parser.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedMap<T>(pub Vec<(Spanned<KeyText>, Spanned<T>)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for KeyedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = KeyedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
                    let value = map.next_value::<Spanned<T>>()?;
                    entries.push((key, value));
                }
                Ok(KeyedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}
