//! Where one line's entry sits in the flat arrays that hold an entry per line: per day or
//! per contact type (`[row][line]`), and per day and interval (`[day][interval][line]`).
//! The line is always innermost, so both lines of one cell sit side by side. Every such
//! array is sized and indexed through here rather than by `* 2 + line` arithmetic.

use crate::scenario::LineId;

/// Lines a centre has (1st and 2nd); the innermost extent of every per-line array.
pub const LINES: usize = LineId::ALL.len();

/// Index of `line`'s entry for `row` (a day or a contact type) in a `[row][line]` array.
#[inline]
pub const fn by_line(row: usize, line: usize) -> usize {
    row * LINES + line
}

/// The shape of a `[day][interval][line]` array: `intervals` entries per day (a day's
/// planning intervals, plus one for after close where a caller needs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineGrid {
    intervals: usize,
}

impl LineGrid {
    pub const fn new(intervals: usize) -> Self {
        LineGrid { intervals }
    }

    /// Index of (day, interval, line).
    #[inline]
    pub const fn index(self, day: usize, interval: usize, line: usize) -> usize {
        by_line(day * self.intervals + interval, line)
    }

    /// Entries in an array of `days` days.
    pub const fn len(self, days: usize) -> usize {
        days * self.intervals * LINES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_has_its_own_index_and_the_array_has_no_gap() {
        let grid = LineGrid::new(3);
        let mut seen = Vec::new();
        for d in 0..4 {
            for i in 0..3 {
                for l in 0..LINES {
                    seen.push(grid.index(d, i, l));
                }
            }
        }
        assert_eq!(seen, (0..grid.len(4)).collect::<Vec<_>>());
        assert_eq!(
            (0..5)
                .flat_map(|r| (0..LINES).map(move |l| by_line(r, l)))
                .collect::<Vec<_>>(),
            (0..5 * LINES).collect::<Vec<_>>()
        );
    }
}
