//! A small, strict PNG reader for the chart tests: enough of PNG (8-bit RGB, no
//! interlace: what the charts write) and of zlib/DEFLATE (RFC 1950/1951) to get every
//! pixel back, with every chunk CRC and the zlib checksum verified. It keeps the tests
//! free of an image-decoding dependency.

/// A decoded image: `rgb` holds `width × height` pixels, 3 bytes each, row by row.
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// Width and height from the signature and IHDR alone, for a quick check.
pub fn size(bytes: &[u8]) -> Result<(u32, u32), String> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16) != Some(b"IHDR") {
        return Err("no PNG signature and IHDR".into());
    }
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Ok((be(16), be(20)))
}

/// Decodes a whole PNG, checking every chunk CRC and the zlib checksum.
pub fn decode(bytes: &[u8]) -> Result<Image, String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return Err("no PNG signature".into());
    }
    let mut pos = SIGNATURE.len();
    let (mut header, mut idat, mut ended) = (None, vec![], false);
    while pos < bytes.len() {
        let field = |at: usize| -> Result<u32, String> {
            let b = bytes.get(at..at + 4).ok_or("truncated chunk")?;
            Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        };
        let len = field(pos)? as usize;
        let kind = bytes.get(pos + 4..pos + 8).ok_or("truncated chunk")?;
        let data = bytes.get(pos + 8..pos + 8 + len).ok_or("truncated chunk")?;
        if crc32(&bytes[pos + 4..pos + 8 + len]) != field(pos + 8 + len)? {
            return Err(format!("bad CRC in {}", String::from_utf8_lossy(kind)));
        }
        match kind {
            b"IHDR" if pos == SIGNATURE.len() && len == 13 => header = Some(data.to_vec()),
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => {
                ended = true;
                pos += 12 + len;
                break;
            }
            _ => {}
        }
        pos += 12 + len;
    }
    let h = header.ok_or("IHDR is not the first chunk")?;
    if !ended || pos != bytes.len() {
        return Err("IEND missing or not last".into());
    }
    let width = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    let height = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
    if h[8..13] != [8, 2, 0, 0, 0] {
        return Err(format!("not 8-bit RGB without interlace: {:?}", &h[8..13]));
    }
    let raw = zlib_decompress(&idat)?;
    let stride = width as usize * 3;
    if raw.len() != (stride + 1) * height as usize {
        return Err(format!(
            "{} bytes of scanlines for {width}×{height}",
            raw.len()
        ));
    }
    let mut rgb = vec![0u8; stride * height as usize];
    let mut prev = vec![0u8; stride];
    for (y, line) in raw.chunks_exact(stride + 1).enumerate() {
        let (filter, line) = (line[0], &line[1..]);
        let row = &mut rgb[y * stride..(y + 1) * stride];
        for x in 0..stride {
            let a = if x >= 3 { row[x - 3] } else { 0 };
            let b = prev[x];
            let c = if x >= 3 { prev[x - 3] } else { 0 };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                f => return Err(format!("unknown filter {f}")),
            };
            row[x] = line[x].wrapping_add(predicted);
        }
        prev.copy_from_slice(row);
    }
    Ok(Image { width, height, rgb })
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn zlib_decompress(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 6
        || data[0] & 0x0f != 8
        || (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 != 0
    {
        return Err("bad zlib header".into());
    }
    let mut bits = Bits {
        data: &data[2..],
        pos: 0,
        buf: 0,
        n: 0,
    };
    let out = inflate(&mut bits)?;
    let tail = &data[data.len() - 4..];
    let (mut s1, mut s2) = (1u64, 0u64);
    for chunk in out.chunks(4096) {
        for &b in chunk {
            s1 += u64::from(b);
            s2 += s1;
        }
        (s1, s2) = (s1 % 65521, s2 % 65521);
    }
    let (s1, s2) = (s1 as u32, s2 as u32);
    if u32::from_be_bytes([tail[0], tail[1], tail[2], tail[3]]) != (s2 << 16 | s1) {
        return Err("bad Adler-32".into());
    }
    Ok(out)
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u32,
    n: u32,
}

impl Bits<'_> {
    fn bits(&mut self, need: u32) -> Result<u32, String> {
        while self.n < need {
            let byte = *self.data.get(self.pos).ok_or("deflate stream ends early")?;
            self.pos += 1;
            self.buf |= u32::from(byte) << self.n;
            self.n += 8;
        }
        let v = self.buf & ((1u64 << need) - 1) as u32;
        self.buf >>= need;
        self.n -= need;
        Ok(v)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Huffman {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[l as usize] += 1;
        }
        counts[0] = 0;
        let mut offsets = [0u16; 16];
        for l in 1..16 {
            offsets[l] = offsets[l - 1] + counts[l - 1];
        }
        let mut symbols = vec![0; lengths.len()];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[offsets[l as usize] as usize] = s as u16;
                offsets[l as usize] += 1;
            }
        }
        Huffman { counts, symbols }
    }

    fn decode(&self, bits: &mut Bits) -> Result<u16, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= bits.bits(1)? as i32;
            let count = i32::from(self.counts[len]);
            if code - first < count {
                return Ok(self.symbols[(index + code - first) as usize]);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err("bad Huffman code".into())
    }
}

fn inflate(bits: &mut Bits) -> Result<Vec<u8>, String> {
    const LEN_BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEN_EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DIST_BASE: [u16; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DIST_EXTRA: [u32; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    let mut out: Vec<u8> = vec![];
    loop {
        let last = bits.bits(1)? == 1;
        match bits.bits(2)? {
            0 => {
                bits.buf = 0;
                bits.n = 0;
                let at = bits.pos;
                let h = bits.data.get(at..at + 4).ok_or("stored block ends early")?;
                let len = usize::from(u16::from_le_bytes([h[0], h[1]]));
                out.extend_from_slice(
                    bits.data
                        .get(at + 4..at + 4 + len)
                        .ok_or("stored block ends early")?,
                );
                bits.pos = at + 4 + len;
            }
            kind @ (1 | 2) => {
                let (lit, dist) = if kind == 1 {
                    let mut l = [8u8; 288];
                    l[144..256].fill(9);
                    l[256..280].fill(7);
                    (Huffman::new(&l), Huffman::new(&[5u8; 30]))
                } else {
                    let nlen = bits.bits(5)? as usize + 257;
                    let ndist = bits.bits(5)? as usize + 1;
                    let ncode = bits.bits(4)? as usize + 4;
                    const ORDER: [usize; 19] = [
                        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
                    ];
                    let mut cl = [0u8; 19];
                    for &o in &ORDER[..ncode] {
                        cl[o] = bits.bits(3)? as u8;
                    }
                    let code = Huffman::new(&cl);
                    let mut lengths = vec![];
                    while lengths.len() < nlen + ndist {
                        let (value, repeat) = match code.decode(bits)? {
                            s @ 0..=15 => (s as u8, 1),
                            16 => (
                                *lengths.last().ok_or("repeat with no length")?,
                                3 + bits.bits(2)?,
                            ),
                            17 => (0, 3 + bits.bits(3)?),
                            _ => (0, 11 + bits.bits(7)?),
                        };
                        lengths.extend(std::iter::repeat_n(value, repeat as usize));
                    }
                    (
                        Huffman::new(&lengths[..nlen]),
                        Huffman::new(&lengths[nlen..nlen + ndist]),
                    )
                };
                loop {
                    let sym = lit.decode(bits)? as usize;
                    match sym {
                        0..=255 => out.push(sym as u8),
                        256 => break,
                        _ => {
                            let k = sym - 257;
                            let len = *LEN_BASE.get(k).ok_or("bad length code")? as usize
                                + bits.bits(LEN_EXTRA[k])? as usize;
                            let d = dist.decode(bits)? as usize;
                            let back = *DIST_BASE.get(d).ok_or("bad distance code")? as usize
                                + bits.bits(DIST_EXTRA[d])? as usize;
                            let start =
                                out.len().checked_sub(back).ok_or("distance too far back")?;
                            if back >= len {
                                out.extend_from_within(start..start + len);
                            } else {
                                for j in 0..len {
                                    out.push(out[start + j]);
                                }
                            }
                        }
                    }
                }
            }
            _ => return Err("bad block type".into()),
        }
        if last {
            return Ok(out);
        }
    }
}
