//! Dates and times as call logs write them: ISO dates, clock times (`H:MM:SS`, hours past
//! 23 allowed, fractional seconds allowed), seconds since midnight as a number, full
//! timestamps, and the strftime-like subset of `--columns` formats (`%Y %y %m %d %H %M %S`).

use jiff::civil::Date;

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// A parsed time value of one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Time {
    /// Seconds since midnight of the row's date (a clock time or a number).
    Clock(f64),
    /// A full timestamp: a date and seconds since its midnight.
    Stamp(Date, f64),
}

/// A date or time layout given as a strftime-like pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    items: Vec<Item>,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Year4,
    Year2,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Literal(char),
}

impl Item {
    fn is_field(self) -> bool {
        !matches!(self, Item::Literal(_))
    }
}

/// Why a pattern given in a column map is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("unknown directive %{0}; allowed: %Y %y %m %d %H %M %S and %%")]
    UnknownDirective(char),
    #[error("the pattern ends with a lone %")]
    TrailingPercent,
    #[error("a date pattern needs %Y or %y, %m and %d, once each, and no time directive")]
    NotADate,
    #[error("a time pattern needs %H, %M and %S, once each, and no date directive")]
    NotATime,
}

impl Pattern {
    /// Parses a date pattern such as `%y%m%d` or `%d/%m/%Y`.
    ///
    /// # Errors
    /// An unknown directive, or not exactly one year, month and day.
    pub fn date(text: &str) -> Result<Pattern, PatternError> {
        let p = Pattern::parse(text)?;
        let count = |f: &dyn Fn(Item) -> bool| p.items.iter().filter(|i| f(**i)).count();
        let ok = count(&|i| matches!(i, Item::Year4 | Item::Year2)) == 1
            && count(&|i| i == Item::Month) == 1
            && count(&|i| i == Item::Day) == 1
            && count(&|i| matches!(i, Item::Hour | Item::Minute | Item::Second)) == 0;
        if ok {
            Ok(p)
        } else {
            Err(PatternError::NotADate)
        }
    }

    /// Parses a time pattern such as `%H:%M:%S` or `%H%M%S`.
    ///
    /// # Errors
    /// An unknown directive, or not exactly one hour, minute and second.
    pub fn time(text: &str) -> Result<Pattern, PatternError> {
        let p = Pattern::parse(text)?;
        let count = |f: &dyn Fn(Item) -> bool| p.items.iter().filter(|i| f(**i)).count();
        let ok = count(&|i| i == Item::Hour) == 1
            && count(&|i| i == Item::Minute) == 1
            && count(&|i| i == Item::Second) == 1
            && count(&|i| matches!(i, Item::Year4 | Item::Year2 | Item::Month | Item::Day)) == 0;
        if ok {
            Ok(p)
        } else {
            Err(PatternError::NotATime)
        }
    }

    fn parse(text: &str) -> Result<Pattern, PatternError> {
        let mut items = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                items.push(Item::Literal(c));
                continue;
            }
            items.push(match chars.next() {
                Some('Y') => Item::Year4,
                Some('y') => Item::Year2,
                Some('m') => Item::Month,
                Some('d') => Item::Day,
                Some('H') => Item::Hour,
                Some('M') => Item::Minute,
                Some('S') => Item::Second,
                Some('%') => Item::Literal('%'),
                Some(other) => return Err(PatternError::UnknownDirective(other)),
                None => return Err(PatternError::TrailingPercent),
            });
        }
        Ok(Pattern {
            items,
            text: text.to_owned(),
        })
    }

    /// The pattern as given (`%y%m%d`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The pattern spelled for people, for error messages (`YYMMDD`, `H:MM:SS`).
    pub fn human(&self) -> String {
        self.items
            .iter()
            .map(|i| match i {
                Item::Year4 => "YYYY".to_owned(),
                Item::Year2 => "YY".to_owned(),
                Item::Month => "MM".to_owned(),
                Item::Day => "DD".to_owned(),
                Item::Hour => "H".to_owned(),
                Item::Minute => "MM".to_owned(),
                Item::Second => "SS".to_owned(),
                Item::Literal(c) => c.to_string(),
            })
            .collect()
    }

    /// Matches `s` against the pattern: the numbers of each directive, seconds possibly
    /// fractional. A directive next to another (`%y%m%d`) takes exactly its width (two
    /// digits, four for `%Y`); one between literals or ends takes one or more digits (so
    /// hours may exceed 23 and `7:02:47` matches `%H:%M:%S`).
    fn fields(&self, s: &str) -> Option<Fields> {
        let b = s.as_bytes();
        let mut pos = 0;
        let mut out = Fields::default();
        for (k, item) in self.items.iter().enumerate() {
            if let Item::Literal(c) = *item {
                let mut buf = [0u8; 4];
                let lit = c.encode_utf8(&mut buf).as_bytes();
                if b.get(pos..pos + lit.len())? != lit {
                    return None;
                }
                pos += lit.len();
                continue;
            }
            let packed = self.items.get(k + 1).is_some_and(|n| n.is_field())
                || k.checked_sub(1)
                    .and_then(|p| self.items.get(p))
                    .is_some_and(|p| p.is_field());
            let width = if *item == Item::Year4 { 4 } else { 2 };
            let digits = b
                .get(pos..)?
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let take = if packed || *item == Item::Year4 {
                if digits < width {
                    return None;
                }
                width
            } else {
                if digits == 0 || digits > 9 {
                    return None;
                }
                // Minutes and seconds are at most two digits even at the end.
                if matches!(item, Item::Minute | Item::Second | Item::Month | Item::Day)
                    && digits > 2
                {
                    return None;
                }
                digits
            };
            let n = digits_value(b.get(pos..pos + take)?);
            pos += take;
            match item {
                Item::Year4 => out.year = Some(n),
                Item::Year2 => out.year = Some(if n >= 69 { 1900 + n } else { 2000 + n }),
                Item::Month => out.month = n,
                Item::Day => out.day = n,
                Item::Hour => out.hour = n,
                Item::Minute => out.minute = n,
                Item::Second => {
                    out.second = n as f64;
                    if b.get(pos) == Some(&b'.') {
                        let frac = fraction(b.get(pos + 1..)?)?;
                        out.second += frac.0;
                        pos += 1 + frac.1;
                    }
                }
                Item::Literal(_) => {}
            }
        }
        (pos == b.len()).then_some(out)
    }

    /// A date in this pattern, or `None`.
    pub fn parse_date(&self, s: &str) -> Option<Date> {
        let f = self.fields(s)?;
        make_date(f.year?, f.month, f.day)
    }

    /// A time of day in this pattern as seconds since midnight, or `None`.
    pub fn parse_time(&self, s: &str) -> Option<f64> {
        let f = self.fields(s)?;
        (f.minute < 60 && f.second < 60.0)
            .then_some(f64::from(f.hour) * 3600.0 + f64::from(f.minute) * 60.0 + f.second)
    }
}

#[derive(Debug, Default)]
struct Fields {
    year: Option<u32>,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: f64,
}

fn digits_value(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |n, c| {
        n.saturating_mul(10).saturating_add(u32::from(c - b'0'))
    })
}

/// The value of the fractional digits at the start of `b` and how many bytes they take;
/// `None` when there is none.
fn fraction(b: &[u8]) -> Option<(f64, usize)> {
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 9 {
        return None;
    }
    let digits = b.get(..n)?;
    Some((f64::from(digits_value(digits)) / 10f64.powi(n as i32), n))
}

fn make_date(year: u32, month: u32, day: u32) -> Option<Date> {
    let y = i16::try_from(year).ok()?;
    let m = i8::try_from(month).ok()?;
    let d = i8::try_from(day).ok()?;
    Date::new(y, m, d).ok()
}

/// An ISO date `YYYY-MM-DD`.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| digits_value(d))
    };
    make_date(num(0..4)?, num(5..7)?, num(8..10)?)
}

/// A clock time `H:MM:SS` or `H:MM:SS.fff` (any number of hour digits, so after-midnight
/// times may be written 24:10:00) as seconds since midnight.
pub fn parse_clock(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let h_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if h_len == 0 || h_len > 6 || b.get(h_len) != Some(&b':') {
        return None;
    }
    let rest = b.get(h_len + 1..)?;
    let m_len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&m_len) || rest.get(m_len) != Some(&b':') {
        return None;
    }
    let rest2 = rest.get(m_len + 1..)?;
    let s_len = rest2.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&s_len) {
        return None;
    }
    let mut second = f64::from(digits_value(rest2.get(..s_len)?));
    match rest2.get(s_len) {
        None => {}
        Some(b'.') => {
            let tail = rest2.get(s_len + 1..)?;
            let (frac, n) = fraction(tail)?;
            if n != tail.len() {
                return None;
            }
            second += frac;
        }
        Some(_) => return None,
    }
    let hour = digits_value(b.get(..h_len)?);
    let minute = digits_value(rest.get(..m_len)?);
    (minute < 60 && second < 60.0)
        .then(|| f64::from(hour) * 3600.0 + f64::from(minute) * 60.0 + second)
}

/// Seconds as a plain non-negative decimal number (`32400`, `32400.125`), rounded
/// correctly (so numbers written from `f64`s read back exactly).
pub fn parse_seconds(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == 0 || int_len > 9 {
        return None;
    }
    match b.get(int_len) {
        None => Some(f64::from(digits_value(b.get(..int_len)?))),
        Some(b'.') => {
            let tail = b.get(int_len + 1..)?;
            if !tail.iter().all(u8::is_ascii_digit) {
                return None;
            }
            s.parse::<f64>().ok()
        }
        Some(_) => None,
    }
}

/// A timestamp `YYYY-MM-DD HH:MM:SS[.fff]` or `YYYY-MM-DDTHH:MM:SS[.fff]`.
pub fn parse_timestamp(s: &str) -> Option<(Date, f64)> {
    let date = parse_iso_date(s.get(..10)?)?;
    let sep = s.as_bytes().get(10)?;
    if *sep != b' ' && *sep != b'T' {
        return None;
    }
    let t = parse_clock(s.get(11..)?)?;
    Some((date, t))
}

/// Days from 1970-01-01 to `d` (negative before).
pub fn epoch_days(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("7:02:47"), Some(7.0 * 3600.0 + 167.0));
        assert_eq!(parse_clock("09:00:01.25"), Some(32_401.25));
        assert_eq!(parse_clock("25:00:00"), Some(90_000.0));
        for bad in [
            "7:6x:00", "7:60:00", "7:00", "", ":00:00", "7:00:00.", "7:00:00x",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_and_stamps() {
        assert_eq!(parse_seconds("32400.125"), Some(32_400.125));
        assert_eq!(parse_seconds("-1"), None);
        assert_eq!(parse_seconds("1e3"), None);
        assert_eq!(
            parse_timestamp("1999-02-01T23:59:59.5"),
            Some((date(1999, 2, 1), 86_399.5))
        );
        assert_eq!(
            parse_timestamp("1999-02-01 7:00:00"),
            Some((date(1999, 2, 1), 25_200.0))
        );
        assert_eq!(parse_timestamp("1999-02-30 07:00:00"), None);
    }

    #[test]
    fn patterns() {
        let p = Pattern::date("%y%m%d").unwrap();
        assert_eq!(p.parse_date("990201"), Some(date(1999, 2, 1)));
        assert_eq!(p.parse_date("050201"), Some(date(2005, 2, 1)));
        assert_eq!(p.parse_date("99021"), None);
        assert_eq!(p.human(), "YYMMDD");
        let p = Pattern::date("%d/%m/%Y").unwrap();
        assert_eq!(p.parse_date("1/2/1999"), Some(date(1999, 2, 1)));
        let t = Pattern::time("%H:%M:%S").unwrap();
        assert_eq!(t.parse_time("7:02:47"), Some(25_367.0));
        assert_eq!(t.parse_time("7:02:47.5"), Some(25_367.5));
        assert_eq!(t.human(), "H:MM:SS");
        let t = Pattern::time("%H%M%S").unwrap();
        assert_eq!(t.parse_time("070247"), Some(25_367.0));
        assert_eq!(Pattern::date("%y%m"), Err(PatternError::NotADate));
        assert_eq!(
            Pattern::time("%H:%q"),
            Err(PatternError::UnknownDirective('q'))
        );
    }

    #[test]
    fn epoch() {
        assert_eq!(epoch_days(date(1970, 1, 1)), 0);
        assert_eq!(epoch_days(date(1999, 2, 1)), 10_623);
        assert_eq!(epoch_days(date(1969, 12, 31)), -1);
    }
}
