//! One replication's statistics ([`ReplicationStats`]) in a part's body, field by field,
//! exactly: what [`RunStats::add`](crate::stats::RunStats::add) reads to merge it, and
//! everything else it holds. Every struct is taken apart with an exhaustive pattern, so a
//! field added to the statistics does not compile until it is encoded here too (and the
//! part format's version is raised, see [`super::part::FORMAT_VERSION`]).

use super::codec::{DecodeError, Reader, Writer};
use crate::stats::cell::BANDS;
use crate::stats::replication::{DayLine, EmailDay, WaitHistograms};
use crate::stats::{Cell, DayResponses, Histogram, ReplicationStats};

/// Bins of [`DayResponses`] (its raw counts' length).
fn day_response_bins() -> usize {
    DayResponses::default().raw().0.len()
}

fn put_cell(w: &mut Writer, c: &Cell) {
    let Cell {
        offered,
        redials,
        self_served,
        blocked,
        answered,
        abandoned,
        waited,
        answered_band,
        abandoned_band,
        abandoned_virtual_band,
        wait_answered_s,
        wait_all_s,
        busy_s,
        email_busy_s,
        available_s,
    } = *c;
    for x in [
        offered,
        redials,
        self_served,
        blocked,
        answered,
        abandoned,
        waited,
    ] {
        w.u64(x);
    }
    for band in [answered_band, abandoned_band, abandoned_virtual_band] {
        band.iter().for_each(|&x| w.u64(x));
    }
    for x in [
        wait_answered_s,
        wait_all_s,
        busy_s,
        email_busy_s,
        available_s,
    ] {
        w.f64(x);
    }
}

fn get_cell(r: &mut Reader) -> Result<Cell, DecodeError> {
    let mut bands = [[0u64; BANDS]; 3];
    let (offered, redials, self_served, blocked, answered, abandoned, waited) = (
        r.u64()?,
        r.u64()?,
        r.u64()?,
        r.u64()?,
        r.u64()?,
        r.u64()?,
        r.u64()?,
    );
    for band in &mut bands {
        for x in band.iter_mut() {
            *x = r.u64()?;
        }
    }
    let [answered_band, abandoned_band, abandoned_virtual_band] = bands;
    Ok(Cell {
        offered,
        redials,
        self_served,
        blocked,
        answered,
        abandoned,
        waited,
        answered_band,
        abandoned_band,
        abandoned_virtual_band,
        wait_answered_s: r.f64()?,
        wait_all_s: r.f64()?,
        busy_s: r.f64()?,
        email_busy_s: r.f64()?,
        available_s: r.f64()?,
    })
}

fn put_histogram(w: &mut Writer, h: &Histogram) {
    let (counts, total, sum) = h.raw();
    w.sparse(counts.iter().copied());
    w.u64(total);
    w.f64(sum);
}

fn get_histogram(r: &mut Reader) -> Result<Histogram, DecodeError> {
    let len = Histogram::new().raw().0.len();
    let counts = r.sparse(len)?;
    let (total, sum) = (r.u64()?, r.f64()?);
    Histogram::from_raw(counts, total, sum)
        .ok_or_else(|| r.error("a histogram whose counts do not add up to its total"))
}

fn put_waits(w: &mut Writer, h: &WaitHistograms) {
    let WaitHistograms {
        answered,
        abandoned,
        abandoned_virtual,
    } = h;
    for h in [answered, abandoned, abandoned_virtual] {
        put_histogram(w, h);
    }
}

fn get_waits(r: &mut Reader) -> Result<WaitHistograms, DecodeError> {
    Ok(WaitHistograms {
        answered: get_histogram(r)?,
        abandoned: get_histogram(r)?,
        abandoned_virtual: get_histogram(r)?,
    })
}

fn put_day_responses(w: &mut Writer, d: &DayResponses) {
    let (counts, total, sum_s) = d.raw();
    w.sparse(counts.iter().map(|&c| u64::from(c)));
    w.u64(u64::from(total));
    w.f64(sum_s);
}

fn get_day_responses(r: &mut Reader) -> Result<DayResponses, DecodeError> {
    let wide = r.sparse(day_response_bins())?;
    let counts = wide
        .iter()
        .map(|&c| u32::try_from(c))
        .collect::<Result<Vec<u32>, _>>()
        .map_err(|_| r.error("a day's response count does not fit 32 bits"))?;
    let (total, sum_s) = (r.u32()?, r.f64()?);
    DayResponses::from_raw(&counts, total, sum_s)
        .ok_or_else(|| r.error("a day's responses do not add up to its total"))
}

/// Appends one replication's statistics.
pub fn put(w: &mut Writer, s: &ReplicationStats) {
    let ReplicationStats {
        n_days,
        n_intervals,
        n_types,
        cells,
        by_type,
        waits,
        days,
        email_days,
        email_response,
        email_response_days,
        email_within_target,
        email_decided,
        email_backlog_end,
        busyness,
    } = s;
    for n in [*n_days, *n_intervals, *n_types] {
        w.usize(n);
    }
    for list in [cells, by_type] {
        w.usize(list.len());
        list.iter().for_each(|c| put_cell(w, c));
    }
    waits.iter().flatten().for_each(|h| put_waits(w, h));
    w.usize(days.len());
    for d in days {
        let DayLine {
            overtime_s,
            queue_area_s,
            last_departure_s,
            redials_after_close,
            away_s,
        } = *d;
        for x in [overtime_s, queue_area_s, last_departure_s, away_s] {
            w.f64(x);
        }
        w.u64(redials_after_close);
    }
    w.usize(email_days.len());
    for d in email_days {
        let EmailDay {
            received,
            handled,
            backlog_at_close,
        } = *d;
        for x in [received, handled, backlog_at_close] {
            w.u64(x);
        }
    }
    put_histogram(w, email_response);
    w.usize(email_response_days.len());
    email_response_days
        .iter()
        .for_each(|d| put_day_responses(w, d));
    for x in [*email_within_target, *email_decided, *email_backlog_end] {
        w.u64(x);
    }
    w.usize(busyness.len());
    busyness.iter().for_each(|&x| w.f64(x));
}

/// Reads one replication's statistics, which must have the shape of `expected` (the
/// dimensions of the scenario being merged).
pub fn get(r: &mut Reader, expected: &ReplicationStats) -> Result<ReplicationStats, DecodeError> {
    let mut s = expected.clone();
    r.exact_len(s.n_days, "days")?;
    r.exact_len(s.n_intervals, "intervals")?;
    r.exact_len(s.n_types, "contact types")?;
    for list in [&mut s.cells, &mut s.by_type] {
        r.exact_len(list.len(), "cells")?;
        for c in list.iter_mut() {
            *c = get_cell(r)?;
        }
    }
    for h in s.waits.iter_mut().flatten() {
        *h = get_waits(r)?;
    }
    r.exact_len(s.days.len(), "day-line records")?;
    for d in &mut s.days {
        let (overtime_s, queue_area_s, last_departure_s, away_s) =
            (r.f64()?, r.f64()?, r.f64()?, r.f64()?);
        *d = DayLine {
            overtime_s,
            queue_area_s,
            last_departure_s,
            redials_after_close: r.u64()?,
            away_s,
        };
    }
    r.exact_len(s.email_days.len(), "e-mail days")?;
    for d in &mut s.email_days {
        *d = EmailDay {
            received: r.u64()?,
            handled: r.u64()?,
            backlog_at_close: r.u64()?,
        };
    }
    s.email_response = get_histogram(r)?;
    r.exact_len(s.email_response_days.len(), "e-mail response days")?;
    for d in &mut s.email_response_days {
        *d = get_day_responses(r)?;
    }
    s.email_within_target = r.u64()?;
    s.email_decided = r.u64()?;
    s.email_backlog_end = r.u64()?;
    r.exact_len(s.busyness.len(), "busyness factors")?;
    for x in &mut s.busyness {
        *x = r.f64()?;
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replication_round_trips_bit_for_bit() {
        let mut s = ReplicationStats::new(2, 3, 2);
        for (i, c) in s.cells.iter_mut().enumerate() {
            c.offered = i as u64 * 1000;
            c.answered_band[BANDS - 1] = 7;
            c.busy_s = i as f64 / 7.0;
            c.available_s = f64::NAN;
        }
        s.by_type[3].abandoned_virtual_band[2] = u64::MAX;
        s.waits[1][0].answered.record(12.5);
        s.waits[0][1].abandoned_virtual.record(0.0);
        s.days[3].redials_after_close = 4;
        s.days[1].queue_area_s = 1e-300;
        s.email_days[1].backlog_at_close = 9;
        s.email_response.record(7200.0);
        s.email_response_days[0].record(100.0);
        s.email_backlog_end = 3;
        s.busyness[1] = 1.0625;

        let mut w = Writer::default();
        put(&mut w, &s);
        let shape = ReplicationStats::new(2, 3, 2);
        let mut r = Reader::new(&w.bytes);
        let back = get(&mut r, &shape).unwrap();
        assert!(r.is_at_end());
        // NaN != NaN: compare the re-encoding, which holds every bit.
        let mut again = Writer::default();
        put(&mut again, &back);
        assert_eq!(again.bytes, w.bytes);
        assert_eq!(back.by_type[3].abandoned_virtual_band[2], u64::MAX);
        assert_eq!(back.waits[1][0].answered, s.waits[1][0].answered);

        // Another shape is refused, as is any truncation.
        let other = ReplicationStats::new(3, 3, 2);
        assert!(get(&mut Reader::new(&w.bytes), &other).is_err());
        for cut in [1, w.bytes.len() / 2, w.bytes.len() - 1] {
            assert!(get(&mut Reader::new(&w.bytes[..cut]), &shape).is_err());
        }
    }
}
