//! The one-screen summary `ccplan validate` prints for a valid scenario: what will be
//! simulated, the demand it implies, and the staffing at the busiest interval.
//!
//! Every figure comes from the checked scenario and `plan.rs`, so it matches what the
//! engine and `ccplan erlang --scenario` use.

use std::fmt::Write;

use jiff::civil::Date;

use super::model::{Calendar, HolidayRule, LineId, Scenario, SkipReason, Staffing};
use super::validate::{fmt_num, hhmm};

/// Holidays listed by name before the rest are counted.
const MAX_HOLIDAYS_LISTED: usize = 12;

/// The busiest moment of the horizon: the working day with the most expected calls and
/// its interval with the most expected calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Busiest {
    pub date: Date,
    /// Index of the interval within the day.
    pub interval: usize,
    /// Expected calls reaching the line that day, before self-service.
    pub calls: f64,
}

/// Finds the busiest working day and interval (the first one on ties).
///
/// Offered load is the interval's expected calls × a per-line constant, so the same day
/// and interval are the busiest for every line.
pub fn busiest(scenario: &Scenario) -> Busiest {
    let mut best = Busiest {
        date: scenario.calendar.working_days[0],
        interval: 0,
        calls: f64::NEG_INFINITY,
    };
    for &date in &scenario.calendar.working_days {
        let calls = scenario.expected_calls(date);
        if calls > best.calls {
            best.date = date;
            best.calls = calls;
        }
    }
    let curve = scenario.expected_curve(best.date);
    best.interval = (0..curve.len()).fold(0, |b, i| if curve[i] > curve[b] { i } else { b });
    best
}

/// Splits text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// `12345.6` → `12,346`.
fn thousands(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn pct(x: f64) -> String {
    let s = format!("{:.1}", x * 100.0);
    format!("{}%", s.trim_end_matches(".0"))
}

fn day(date: Date) -> String {
    format!("{} {date}", &date.strftime("%a").to_string())
}

/// The working week, consecutive weekdays with the same hours grouped:
/// `Mon–Thu 07:00–24:00, Fri 07:00–14:00, Sun 07:00–24:00`.
fn week_text(week: &[Option<(u32, u32)>; 7]) -> String {
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut groups: Vec<(usize, usize, (u32, u32))> = Vec::new();
    for (i, hours) in week.iter().enumerate() {
        let Some(h) = *hours else { continue };
        match groups.last_mut() {
            Some((_, last, g)) if *last + 1 == i && *g == h => *last = i,
            _ => groups.push((i, i, h)),
        }
    }
    let group = |&(first, last, (open, close)): &(usize, usize, (u32, u32))| {
        let days = if first == last {
            NAMES[first].to_string()
        } else {
            format!("{}–{}", NAMES[first], NAMES[last])
        };
        format!("{days} {}–{}", hhmm(open), hhmm(close))
    };
    groups.iter().map(group).collect::<Vec<_>>().join(", ")
}

/// Renders the summary of `scenario`, read from `file`.
pub fn render(scenario: &Scenario, file: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_summary(&mut out, scenario, file);
    out
}

fn write_summary(out: &mut String, s: &Scenario, file: &str) -> std::fmt::Result {
    let cal = &s.calendar;
    writeln!(out, "{} ({file}): ok", s.name)?;
    if let Some(d) = &s.description {
        for line in wrap(d, 88) {
            writeln!(out, "  {line}")?;
        }
    }

    // Calendar.
    let first = cal.working_days[0];
    let last = *cal.working_days.last().unwrap_or(&first);
    writeln!(
        out,
        "calendar     {} working days, {} to {}; open {}–{} in {} intervals of {} min",
        cal.days,
        day(first),
        day(last),
        hhmm(cal.open_s),
        hhmm(cal.close_s),
        cal.intervals_per_day(),
        cal.interval_s / 60
    )?;
    let standard_week = cal.week == Calendar::monday_to_friday(cal.open_s, cal.close_s);
    if !standard_week {
        writeln!(out, "  week       {}", week_text(&cal.week))?;
    }
    let rule = match &cal.holidays {
        HolidayRule::None => "holidays: none".to_string(),
        HolidayRule::Portugal => "Portugal's national holidays".to_string(),
        HolidayRule::Dates(d) => format!("{} listed holidays", d.len()),
    };
    let weekends = cal
        .skipped
        .iter()
        .filter(|(_, r)| *r == SkipReason::Weekend)
        .count();
    let holidays: Vec<String> = cal
        .skipped
        .iter()
        .filter_map(|(d, r)| match r {
            SkipReason::Holiday(name) => Some(format!("{} {name}", day(*d))),
            SkipReason::Weekend => None,
        })
        .collect();
    let closed = if standard_week {
        "weekend days"
    } else {
        "closed weekdays"
    };
    write!(out, "  skipped    {weekends} {closed}")?;
    if holidays.is_empty() {
        writeln!(out, ", no holidays ({rule})")?;
    } else {
        let plural = if holidays.len() == 1 { "" } else { "s" };
        writeln!(out, ", {} holiday{plural} ({rule}):", holidays.len())?;
        for h in holidays.iter().take(MAX_HOLIDAYS_LISTED) {
            writeln!(out, "             {h}")?;
        }
        if holidays.len() > MAX_HOLIDAYS_LISTED {
            writeln!(
                out,
                "             … and {} more",
                holidays.len() - MAX_HOLIDAYS_LISTED
            )?;
        }
    }

    // Demand.
    let self_service = s.self_service_share();
    let after = 1.0 - self_service;
    let mean_calls = cal
        .working_days
        .iter()
        .map(|d| s.expected_calls(*d))
        .sum::<f64>()
        / cal.working_days.len() as f64;
    let b = busiest(s);
    writeln!(
        out,
        "demand       {} calls on an average working day; {} answered by self-service",
        thousands(s.demand.calls_per_day),
        pct(self_service)
    )?;
    writeln!(
        out,
        "  offered    mean {} a day over the horizon, {} after self-service",
        thousands(mean_calls),
        thousands(mean_calls * after)
    )?;
    let peaks: Vec<String> = s
        .peaks_on(b.date)
        .map(|i| {
            format!(
                "{} ×{}",
                s.demand.peaks[i].name,
                fmt_num(s.demand.peaks[i].factor)
            )
        })
        .collect();
    let dow = s.demand.day_of_week[super::plan::weekday_index(b.date)];
    let why = if s.demand.by_date.contains_key(&b.date) {
        "its own curve in demand.by_date".to_string()
    } else {
        format!(
            "day of week ×{}{}{}",
            fmt_num(dow),
            if peaks.is_empty() { ", no peak" } else { ", " },
            peaks.join(", ")
        )
    };
    writeln!(
        out,
        "  busiest    {}: {} calls, {} after self-service ({why})",
        day(b.date),
        thousands(b.calls),
        thousands(b.calls * after),
    )?;
    if !s.demand.by_date.is_empty() {
        let n = s.demand.by_date.len();
        writeln!(
            out,
            "  by date    {n} date{} with their own curve (demand.by_date)",
            if n == 1 { "" } else { "s" }
        )?;
    }
    if s.demand.day_to_day_cv > 0.0 {
        writeln!(
            out,
            "  variation  random day-to-day busyness, cv {}",
            fmt_num(s.demand.day_to_day_cv)
        )?;
    }

    // Lines at the busiest interval.
    let t = cal.interval_start_s(b.interval);
    writeln!(
        out,
        "busiest interval {} {}–{}:",
        day(b.date),
        hhmm(t),
        hhmm(t + cal.interval_s)
    )?;
    for id in LineId::ALL {
        let Some(line) = s.lines.get(id) else {
            continue;
        };
        let load = s.offered_load_erlangs(b.date, id, b.interval);
        let agents = s.agents_available(id, b.date, t);
        let name = match id {
            LineId::First => "1st line",
            LineId::Second => "2nd line",
        };
        write!(
            out,
            "  {name}   {load:.1} erlangs offered, {agents} agents available"
        )?;
        if agents > 0 {
            write!(out, " (load/agents {})", pct(load / f64::from(agents)))?;
        }
        if load >= f64::from(agents) {
            write!(out, "  ← load reaches the agents: the queue can only grow")?;
        }
        writeln!(out)?;
        if line.label != name {
            writeln!(out, "             {}", line.label)?;
        }
        let rostered = s.rostered_agents(id);
        let staffing = match &line.staffing {
            Staffing::Shifts(v) => {
                let with_breaks = v.iter().filter(|s| !s.breaks.is_empty()).count();
                let some_days = v.iter().filter(|s| s.days.is_some()).count();
                let notes: Vec<String> = [
                    (with_breaks > 0).then(|| format!("{with_breaks} with breaks")),
                    (some_days > 0).then(|| format!("{some_days} on some days only")),
                ]
                .into_iter()
                .flatten()
                .collect();
                let breaks = if notes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", notes.join(", "))
                };
                format!(
                    "{} shift{}{breaks}, {rostered} agents rostered",
                    v.len(),
                    if v.len() == 1 { "" } else { "s" }
                )
            }
            Staffing::ByInterval { by_date, .. } if by_date.is_empty() => {
                format!("agents by interval, at most {rostered}")
            }
            Staffing::ByInterval { by_date, .. } => format!(
                "agents by interval ({} date{} with their own counts), at most {rostered}",
                by_date.len(),
                if by_date.len() == 1 { "" } else { "s" }
            ),
        };
        let posts = match line.posts {
            Some(p) => format!("{p} posts, {} permanent", pct(line.permanent_share)),
            None => "posts not stated".to_string(),
        };
        write!(
            out,
            "             {staffing}; {posts}; shrinkage {}",
            pct(line.shrinkage)
        )?;
        if line.temporary_handle_factor != 1.0 {
            write!(
                out,
                "; temporary agents ×{} handling time",
                fmt_num(line.temporary_handle_factor)
            )?;
        }
        writeln!(out)?;
        for r in &line.reinforcement {
            writeln!(
                out,
                "             +{} temporary agents during {}",
                r.extra_agents, s.demand.peaks[r.peak].name
            )?;
        }
    }
    if let Some(e) = &s.email {
        writeln!(
            out,
            "email        {} a day to the {} line, mean handling {} s, reserve {} idle agents",
            thousands(e.per_day),
            match e.line {
                LineId::First => "1st",
                LineId::Second => "2nd",
            },
            fmt_num(e.handle.mean_s()),
            e.reserve_idle_agents
        )?;
    }
    match s.trunks {
        Some(n) => writeln!(out, "trunks       {n} simultaneous calls")?,
        None => writeln!(out, "trunks       unlimited")?,
    }

    // Targets.
    let tg = &s.targets;
    let mut targets = Vec::new();
    if let Some(sl) = &tg.service_level {
        targets.push(format!(
            "service level ≥ {} within {} s ({})",
            pct(sl.at_least),
            fmt_num(sl.within_s),
            sl.definition.key()
        ));
    }
    if let Some(a) = tg.abandonment_at_most {
        targets.push(format!("abandonment ≤ {}", pct(a)));
    }
    if let Some(a) = tg.asa_at_most_s {
        targets.push(format!("mean wait ≤ {} s", fmt_num(a)));
    }
    if let Some(o) = tg.occupancy_at_most {
        targets.push(format!("occupancy ≤ {}", pct(o)));
    }
    if let Some(e) = &tg.email {
        targets.push(format!(
            "e-mail ≥ {} within {} working h",
            pct(e.at_least),
            fmt_num(e.within_h)
        ));
    }
    if targets.is_empty() {
        writeln!(out, "targets      none")?;
    } else {
        writeln!(out, "targets      {}", targets.join("; "))?;
    }
    writeln!(
        out,
        "simulation   {} replications, seed {}",
        s.simulation.replications, s.simulation.seed
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn weeks_group_consecutive_days_with_the_same_hours() {
        let long = Some((7 * 3600, 24 * 3600));
        let short = Some((7 * 3600, 14 * 3600));
        let week = [long, long, long, long, short, None, long];
        assert_eq!(
            super::week_text(&week),
            "Mon–Thu 07:00–24:00, Fri 07:00–14:00, Sun 07:00–24:00"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(12000.0), "12,000");
        assert_eq!(thousands(1234567.0), "1,234,567");
    }
}
