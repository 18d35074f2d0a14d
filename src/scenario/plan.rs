//! Quantities derived from a checked scenario: demand per interval, expected offered load
//! and the roster of agents per line and day. Pure functions; the engine, `validate`,
//! `erlang --scenario` and the reports all read demand and staffing through here so that
//! they agree.

use std::borrow::Cow;

use jiff::civil::{Date, Weekday};

use super::model::{ContactType, Line, LineId, Scenario, ShiftBreak, Staffing};

/// A group of identical agents present from `start_s` to `end_s` (seconds since
/// midnight), after shrinkage, who all leave for each of `breaks` (their shift's; empty
/// for per-interval counts and reinforcement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentBlock {
    pub start_s: u32,
    pub end_s: u32,
    pub permanent: u32,
    pub temporary: u32,
    pub breaks: Vec<ShiftBreak>,
}

impl AgentBlock {
    pub fn agents(&self) -> u32 {
        self.permanent + self.temporary
    }

    /// The block cut to `open_s`..`close_s`, its breaks to the part of each inside the
    /// cut block (a break wholly outside it is dropped).
    pub fn clamped(mut self, open_s: u32, close_s: u32) -> Self {
        self.start_s = self.start_s.max(open_s);
        self.end_s = self.end_s.min(close_s);
        let (from, to) = (self.start_s, self.end_s);
        self.breaks.retain_mut(|b| {
            let (start, end) = (b.start_s.max(from), b.end_s().min(to));
            *b = ShiftBreak {
                start_s: start,
                length_s: end.saturating_sub(start),
            };
            end > start
        });
        self
    }
}

/// The weekdays' keys in scenarios, Monday first (indexed by [`weekday_index`]).
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Index of a weekday into `Demand::day_of_week` (Monday = 0).
pub fn weekday_index(date: Date) -> usize {
    match date.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

/// Rounds a non-negative count after shrinkage to the nearest whole agent.
fn shrunk(count: u32, shrinkage: f64) -> u32 {
    (count as f64 * (1.0 - shrinkage)).round() as u32
}

impl Scenario {
    /// Indices of the peaks in force on `date`.
    pub fn peaks_on(&self, date: Date) -> impl Iterator<Item = usize> + '_ {
        self.demand
            .peaks
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.applies(date))
            .map(|(i, _)| i)
    }

    /// Day-of-week factor times every peak factor in force (no random busyness).
    pub fn day_factor(&self, date: Date) -> f64 {
        let dow = self.demand.day_of_week[weekday_index(date)];
        self.peaks_on(date)
            .fold(dow, |f, i| f * self.demand.peaks[i].factor)
    }

    /// Expected calls reaching the line on `date`, before self-service: the sum of the
    /// date's own curve if `demand.by_date` gives one, else `calls_per_day` × day of week
    /// × peaks.
    pub fn expected_calls(&self, date: Date) -> f64 {
        match self.demand.by_date.get(&date) {
            Some(curve) => curve.iter().sum(),
            None => self.demand.calls_per_day * self.day_factor(date),
        }
    }

    /// Share of `date`'s calls in each interval of the grid: the profile restricted to
    /// the day's opening hours and renormalised (the profile itself on a day open for the
    /// whole grid; all 0 on a date that is not a working day).
    pub fn day_shares(&self, date: Date) -> Cow<'_, [f64]> {
        let profile = &self.demand.profile;
        let open = self.calendar.open_intervals(date);
        if open == (0..profile.len()) {
            return Cow::Borrowed(profile);
        }
        let sum: f64 = profile[open.clone()].iter().sum();
        let share = |i: usize| {
            if open.contains(&i) && sum > 0.0 {
                profile[i] / sum
            } else {
                0.0
            }
        };
        Cow::Owned((0..profile.len()).map(share).collect())
    }

    /// Expected calls (before self-service, without random busyness) in each interval of
    /// `date`: the date's own curve, or its expected calls spread by [`Self::day_shares`].
    pub fn expected_curve(&self, date: Date) -> Vec<f64> {
        if let Some(curve) = self.demand.by_date.get(&date) {
            return curve.clone();
        }
        let expected = self.expected_calls(date);
        self.day_shares(date).iter().map(|w| expected * w).collect()
    }

    /// Expected calls (before self-service, without random busyness) in interval `i` of
    /// `date`; one entry of [`Self::expected_curve`].
    pub fn expected_in(&self, date: Date, i: usize) -> f64 {
        if let Some(curve) = self.demand.by_date.get(&date) {
            return curve[i];
        }
        let open = self.calendar.open_intervals(date);
        if open == (0..self.demand.profile.len()) {
            self.expected_calls(date) * self.demand.profile[i]
        } else {
            self.expected_calls(date) * self.day_shares(date)[i]
        }
    }

    /// Arrival rate (calls per second, before self-service) of every interval of `date`,
    /// for a day whose random busyness factor is `busyness`. Writes into `out`.
    pub fn arrival_rates_per_s(&self, date: Date, busyness: f64, out: &mut Vec<f64>) {
        let interval_s = self.calendar.interval_s as f64;
        out.clear();
        if let Some(curve) = self.demand.by_date.get(&date) {
            out.extend(curve.iter().map(|c| c * busyness / interval_s));
            return;
        }
        let per_day = self.expected_calls(date) * busyness;
        out.extend(
            self.day_shares(date)
                .iter()
                .map(|w| per_day * w / interval_s),
        );
    }

    /// Share of calls answered by self-service, weighted by contact-type share.
    pub fn self_service_share(&self) -> f64 {
        self.contact_types
            .iter()
            .map(|c| c.share * c.self_service)
            .sum()
    }

    /// Expected calls per call reaching the line that need `line`'s agents, and their mean
    /// handling time at permanent-agent speed: `(calls per call, mean handle seconds)`,
    /// without the contact types' factors by interval (see [`Self::line_workload_at`]).
    pub fn line_workload(&self, line: LineId) -> (f64, f64) {
        self.workload_with(line, |_| 1.0)
    }

    /// [`Self::line_workload`] for callers who first arrived in interval `i` of the day:
    /// each contact type's mean handling time times its `handle_factor_by_interval`.
    pub fn line_workload_at(&self, line: LineId, i: usize) -> (f64, f64) {
        self.workload_with(line, |c| c.handle_factor(line, i))
    }

    fn workload_with(&self, line: LineId, factor: impl Fn(&ContactType) -> f64) -> (f64, f64) {
        let weight = |c: &ContactType| match line {
            LineId::First => c.share * (1.0 - c.self_service),
            LineId::Second => c.share * (1.0 - c.self_service) * c.to_second_line,
        };
        let handle = |c: &ContactType| match line {
            LineId::First => c.first_line_handle.mean_s(),
            LineId::Second => c.second_line_handle.as_ref().map_or(0.0, |d| d.mean_s()),
        };
        let calls: f64 = self.contact_types.iter().map(weight).sum();
        if calls == 0.0 {
            return (0.0, 0.0);
        }
        let work: f64 = self
            .contact_types
            .iter()
            .map(|c| weight(c) * handle(c) * factor(c))
            .sum();
        (calls, work / calls)
    }

    /// Expected offered load (erlangs) of calls on `line` in interval `i` of `date`, at
    /// permanent-agent speed (with the interval's handling-time factors), ignoring
    /// abandonment and the lag of transfers.
    pub fn offered_load_erlangs(&self, date: Date, line: LineId, i: usize) -> f64 {
        let (calls, handle_s) = self.line_workload_at(line, i);
        let rate = self.expected_in(date, i) / self.calendar.interval_s as f64;
        rate * calls * handle_s
    }

    /// The agents of `line` present on `date`, after shrinkage, as blocks.
    ///
    /// Roster order decides contracts: the first `posts × permanent_share` agents rostered
    /// that day (shift by shift, in the order written, among the shifts working that day,
    /// the `temporary` shifts left out) are permanent, the rest temporary.
    /// Reinforcement agents are temporary and present from open to close on every day a
    /// peak they name is in force. Shrinkage removes `round(n × shrinkage)` agents of each
    /// shift, in proportion between permanent and temporary. Blocks are clamped to the
    /// day's opening hours (a shift of the week's envelope is cut short on a short day).
    pub fn roster(&self, line_id: LineId, date: Date) -> Vec<AgentBlock> {
        let Some(line) = self.lines.get(line_id) else {
            return Vec::new();
        };
        let mut blocks = match &line.staffing {
            Staffing::Shifts(shifts) => {
                let mut permanent_left = line.permanent_agents().unwrap_or(u32::MAX);
                shifts
                    .iter()
                    .filter(|s| s.works_on(date))
                    .map(|s| {
                        let permanent = if s.temporary {
                            0
                        } else {
                            s.agents.min(permanent_left)
                        };
                        permanent_left -= permanent;
                        let mut b =
                            split_block(line, s.start_s, s.end_s, permanent, s.agents - permanent);
                        b.breaks = s.breaks.clone();
                        b
                    })
                    .collect()
            }
            Staffing::ByInterval { every_day, by_date } => {
                let counts = by_date.get(&date).unwrap_or(every_day);
                self.blocks_by_interval(line, counts)
            }
        };
        let (open_s, close_s) = self
            .calendar
            .hours_on(date)
            .unwrap_or((self.calendar.open_s, self.calendar.close_s));
        for r in &line.reinforcement {
            if self.demand.peaks[r.peak].applies(date) {
                blocks.push(split_block(line, open_s, close_s, 0, r.extra_agents));
            }
        }
        blocks
            .into_iter()
            .map(|b| b.clamped(open_s, close_s))
            .filter(|b| b.agents() > 0 && b.end_s > b.start_s)
            .collect()
    }

    /// Decomposes per-interval counts into blocks: agent number `k` (1-based) is present
    /// in every maximal run of intervals whose count is at least `k`; the first
    /// `permanent_agents` numbers are permanent. Counts are taken after shrinkage.
    fn blocks_by_interval(&self, line: &Line, counts: &[u32]) -> Vec<AgentBlock> {
        let shrunk_counts: Vec<u32> = counts.iter().map(|&c| shrunk(c, line.shrinkage)).collect();
        let permanent = line
            .permanent_agents()
            .map_or(u32::MAX, |p| shrunk(p, line.shrinkage));
        let max = shrunk_counts.iter().copied().max().unwrap_or(0);
        let mut blocks = Vec::new();
        // Levels with the same run structure merge into one block, so the loop walks the
        // distinct count values rather than every agent.
        let mut levels: Vec<u32> = shrunk_counts.clone();
        levels.push(0);
        levels.sort_unstable();
        levels.dedup();
        let mut lower = 0u32;
        for &upper in levels.iter().filter(|&&l| l > 0 && l <= max) {
            // Agents numbered lower+1 ..= upper share their presence pattern.
            let mut run_start: Option<usize> = None;
            for i in 0..=shrunk_counts.len() {
                let present = i < shrunk_counts.len() && shrunk_counts[i] >= upper;
                match (present, run_start) {
                    (true, None) => run_start = Some(i),
                    (false, Some(s)) => {
                        let n = upper - lower;
                        let perm = permanent.saturating_sub(lower).min(n);
                        blocks.push(AgentBlock {
                            start_s: self.calendar.interval_start_s(s),
                            end_s: self.calendar.interval_start_s(i),
                            permanent: perm,
                            temporary: n - perm,
                            breaks: Vec::new(),
                        });
                        run_start = None;
                    }
                    _ => {}
                }
            }
            lower = upper;
        }
        blocks
    }

    /// Agents of `line` present at `t_s` (seconds since midnight) on `date`, after
    /// shrinkage, less those whose shift has a break then (as rostered: the engine's
    /// agents finish the call in hand first).
    pub fn agents_available(&self, line: LineId, date: Date, t_s: u32) -> u32 {
        self.roster(line, date)
            .iter()
            .filter(|b| b.start_s <= t_s && t_s < b.end_s)
            .filter(|b| !b.breaks.iter().any(|k| k.start_s <= t_s && t_s < k.end_s()))
            .map(AgentBlock::agents)
            .sum()
    }

    /// Agents rostered on `line` over the whole day, before shrinkage and without
    /// reinforcement (the posts the roster fills); with per-date counts or shifts that
    /// work on some days only, the most of any day.
    pub fn rostered_agents(&self, line: LineId) -> u32 {
        match self.lines.get(line).map(|l| &l.staffing) {
            Some(Staffing::Shifts(shifts)) if shifts.iter().all(|s| s.days.is_none()) => {
                shifts.iter().map(|s| s.agents).sum()
            }
            Some(Staffing::Shifts(shifts)) => self
                .calendar
                .working_days
                .iter()
                .map(|&d| {
                    shifts
                        .iter()
                        .filter(|s| s.works_on(d))
                        .map(|s| s.agents)
                        .sum()
                })
                .max()
                .unwrap_or(0),
            Some(Staffing::ByInterval { every_day, by_date }) => every_day
                .iter()
                .chain(by_date.values().flatten())
                .copied()
                .max()
                .unwrap_or(0),
            None => 0,
        }
    }
}

/// A block of `permanent + temporary` rostered agents after shrinkage.
fn split_block(
    line: &Line,
    start_s: u32,
    end_s: u32,
    permanent: u32,
    temporary: u32,
) -> AgentBlock {
    let total = shrunk(permanent + temporary, line.shrinkage);
    let perm = shrunk(permanent, line.shrinkage).min(total);
    AgentBlock {
        start_s,
        end_s,
        permanent: perm,
        temporary: total - perm,
        breaks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brk(start_h: f64, minutes: u32) -> ShiftBreak {
        ShiftBreak {
            start_s: (start_h * 3600.0) as u32,
            length_s: minutes * 60,
        }
    }

    #[test]
    fn a_cut_block_keeps_the_part_of_each_break_inside_it() {
        let block = AgentBlock {
            start_s: 8 * 3600,
            end_s: 18 * 3600,
            permanent: 3,
            temporary: 1,
            breaks: vec![brk(8.25, 15), brk(12.0, 60), brk(15.5, 60), brk(17.0, 30)],
        };
        // Opened at 08:30, closed at 16:00: the first break is outside, the third cut to
        // 15:30–16:00, the last outside.
        let cut = block.clamped(8 * 3600 + 1800, 16 * 3600);
        assert_eq!((cut.start_s, cut.end_s), (8 * 3600 + 1800, 16 * 3600));
        assert_eq!(cut.breaks, vec![brk(12.0, 60), brk(15.5, 30)]);
    }

    #[test]
    fn agents_on_break_are_not_available() {
        let yaml = r#"
name: t
calendar: {start: 2024-01-08, days: 1, holidays: none, open: "08:00", close: "18:00", interval_min: 30}
demand: {calls_per_day: 100}
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
lines:
  first:
    shifts:
      - {start: "08:00", end: "18:00", agents: 10, breaks: [{start: "12:00", minutes: 45}]}
      - {start: "08:00", end: "18:00", agents: 4}
"#;
        let sc = crate::scenario::parse_str(yaml, "t.yaml").unwrap();
        let day = sc.calendar.working_days[0];
        let at = |h: f64| sc.agents_available(LineId::First, day, (h * 3600.0) as u32);
        assert_eq!(at(11.99), 14);
        assert_eq!(at(12.0), 4);
        assert_eq!(at(12.7), 4);
        assert_eq!(at(12.75), 14);
    }

    #[test]
    fn shifts_work_on_their_days_and_permanence_counts_that_days_agents_but_temporary_ones() {
        // Mon 2024-01-08 … Fri 2024-01-12; 10 posts, 80% permanent: 8 permanent a day.
        let yaml = r#"
name: t
calendar: {start: 2024-01-08, days: 5, holidays: none, open: "08:00", close: "18:00", interval_min: 30}
demand: {calls_per_day: 100}
contact_types: [{name: all, share: 1.0, first_line: {handle: {dist: exponential, mean_s: 300}}}]
lines:
  first:
    posts: 10
    permanent_share: 0.8
    shifts:
      - {start: "08:00", end: "18:00", agents: 6, days: [mon, 2024-01-10]}
      - {start: "08:00", end: "13:00", agents: 4, days: [tue]}
      - {start: "13:00", end: "18:00", agents: 5}
      - {start: "08:00", end: "10:00", agents: 2, days: [thu], temporary: true}
"#;
        let sc = crate::scenario::parse_str(yaml, "t.yaml").unwrap();
        let on = |d: usize| {
            let date = sc.calendar.working_days[d];
            sc.roster(LineId::First, date)
                .iter()
                .map(|b| (b.start_s / 3600, b.permanent, b.temporary))
                .collect::<Vec<_>>()
        };
        assert_eq!(on(0), vec![(8, 6, 0), (13, 2, 3)]); // Monday
        assert_eq!(on(1), vec![(8, 4, 0), (13, 4, 1)]); // Tuesday
        assert_eq!(on(2), on(0)); // Wednesday, by date
        // Thursday: the every-day shift, and a temporary one though permanent places are
        // left.
        assert_eq!(on(3), vec![(13, 5, 0), (8, 0, 2)]);
        assert_eq!(on(4), vec![(13, 5, 0)]); // Friday: the every-day shift alone
        assert_eq!(sc.rostered_agents(LineId::First), 11);
    }
}
