//! The binary encoding of a part's body: unsigned integers as LEB128 varints (counts are
//! small, so most take one byte), floating-point numbers as the 8 little-endian bytes of
//! their IEEE 754 bits (exact, NaN included), sequences as their length then their items.
//! Reading never panics: a short or inconsistent body is an error naming the byte offset.

use thiserror::Error;

/// A body that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("byte {offset} of the body: {what}")]
pub struct DecodeError {
    pub offset: usize,
    pub what: String,
}

/// Appends encoded values to a buffer.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut x: u64) {
        loop {
            let byte = (x & 0x7f) as u8;
            x >>= 7;
            if x == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    pub fn usize(&mut self, x: usize) {
        self.u64(x as u64);
    }

    pub fn f64(&mut self, x: f64) {
        self.bytes.extend_from_slice(&x.to_bits().to_le_bytes());
    }

    /// A sequence of counts, most of them zero: the number of non-zero entries, then for
    /// each the gap since the previous one and the count.
    pub fn sparse(&mut self, counts: impl Iterator<Item = u64> + Clone) {
        self.usize(counts.clone().filter(|&c| c != 0).count());
        let mut last = 0usize;
        for (i, c) in counts.enumerate().filter(|(_, c)| *c != 0) {
            self.usize(i - last);
            self.u64(c);
            last = i;
        }
    }
}

/// Reads encoded values from a body, front to back.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub fn error(&self, what: impl Into<String>) -> DecodeError {
        DecodeError {
            offset: self.pos,
            what: what.into(),
        }
    }

    pub fn is_at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(self.error("the body ends inside a number"));
            };
            self.pos += 1;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(self.error("a number does not fit 64 bits"));
            }
            x |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(self.error("a number does not fit 64 bits"))
    }

    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        let x = self.u64()?;
        u32::try_from(x).map_err(|_| self.error(format!("{x} does not fit 32 bits")))
    }

    /// A length of at most `max` items (the caller's bound, so a corrupt length cannot
    /// ask for an absurd allocation).
    pub fn len(&mut self, max: usize) -> Result<usize, DecodeError> {
        let n = self.u64()?;
        match usize::try_from(n) {
            Ok(n) if n <= max => Ok(n),
            _ => Err(self.error(format!("a length of {n} where at most {max} fit"))),
        }
    }

    /// A length that must be exactly `expected`.
    pub fn exact_len(&mut self, expected: usize, what: &str) -> Result<(), DecodeError> {
        let n = self.u64()?;
        if n == expected as u64 {
            Ok(())
        } else {
            Err(self.error(format!("{n} {what} where the scenario has {expected}")))
        }
    }

    pub fn f64(&mut self) -> Result<f64, DecodeError> {
        let end = self.pos + 8;
        let Some(b) = self.bytes.get(self.pos..end) else {
            return Err(self.error("the body ends inside a number"));
        };
        self.pos = end;
        let mut le = [0u8; 8];
        le.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(le)))
    }

    /// A sequence written by [`Writer::sparse`], `len` entries long.
    pub fn sparse(&mut self, len: usize) -> Result<Vec<u64>, DecodeError> {
        let mut out = vec![0u64; len];
        let n = self.len(len)?;
        let mut at = 0usize;
        for k in 0..n {
            let gap = self.len(len)?;
            if k > 0 && gap == 0 {
                return Err(self.error("a sparse entry repeats its index"));
            }
            at += gap;
            let c = self.u64()?;
            match out.get_mut(at) {
                Some(slot) if c != 0 => *slot = c,
                Some(_) => return Err(self.error("a sparse entry of zero")),
                None => return Err(self.error(format!("index {at} past {len} entries"))),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_exactly() {
        let ints = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let floats = [0.0, -0.0, 1.0 / 3.0, f64::NAN, f64::INFINITY, 5e-324];
        let mut w = Writer::default();
        ints.iter().for_each(|&x| w.u64(x));
        floats.iter().for_each(|&x| w.f64(x));
        w.sparse([0, 0, 5, 0, 1, 7].into_iter());
        let mut r = Reader::new(&w.bytes);
        for &x in &ints {
            assert_eq!(r.u64().unwrap(), x);
        }
        for &x in &floats {
            assert_eq!(r.f64().unwrap().to_bits(), x.to_bits());
        }
        assert_eq!(r.sparse(6).unwrap(), [0, 0, 5, 0, 1, 7]);
        assert!(r.is_at_end());
        assert_eq!(w.bytes[0], 0);
        assert_eq!(&w.bytes[3..5], [0x80, 0x01], "128 takes two bytes");
    }

    #[test]
    fn short_or_corrupt_bodies_are_errors_not_panics() {
        let mut w = Writer::default();
        w.u64(u64::MAX);
        w.f64(2.5);
        for cut in 0..w.bytes.len() {
            let mut r = Reader::new(&w.bytes[..cut]);
            assert!(r.u64().and_then(|_| r.f64()).is_err(), "cut at {cut}");
        }
        assert!(Reader::new(&[0xff; 11]).u64().is_err());
        assert!(Reader::new(&[5]).len(4).is_err());
        // One entry at index 9 of a sequence of 4.
        assert!(Reader::new(&[1, 9, 1]).sparse(4).is_err());
        assert!(Reader::new(&[2, 1, 1, 0, 1]).sparse(4).is_err());
    }
}
