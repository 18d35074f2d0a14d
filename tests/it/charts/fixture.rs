//! Chart data built by hand, shaped like a tender-sized run: 36 quarter-hour intervals
//! (09:00–18:00), 20 working days from Mon 8 Jan 2024 with a renewal peak on the first
//! three days and payment days in the middle, two lines and e-mail. Deterministic: smooth
//! curves plus a fixed pseudo-random wobble, no RNG.

use ccplan::charts::*;

pub const INTERVALS: usize = 36;
pub const DAYS: usize = 20;
pub const FIRST: &str = "1.ª linha — atendimento";
pub const SECOND: &str = "2.ª linha — especialistas";

/// A fixed wobble in [-1, 1] for (a, b).
fn wobble(a: usize, b: usize) -> f64 {
    let x = ((a * 7919 + b * 104_729) % 1000) as f64 / 1000.0;
    2.0 * x - 1.0
}

pub fn intervals() -> Vec<String> {
    (0..INTERVALS)
        .map(|i| format!("{:02}:{:02}", 9 + i / 4, (i % 4) * 15))
        .collect()
}

pub fn days() -> Vec<String> {
    const WEEKDAYS: [&str; 5] = ["Mon", "Tue", "Wed", "Thu", "Fri"];
    (0..DAYS)
        .map(|d| {
            let date = 8 + (d / 5) * 7 + d % 5;
            let (day, month) = if date > 31 {
                (date - 31, "Feb")
            } else {
                (date, "Jan")
            };
            format!("{} {day:02} {month}", WEEKDAYS[d % 5])
        })
        .collect()
}

/// Demand multiplier of working day `d`: renewals on days 0–2, payment days 9–11.
fn day_factor(d: usize) -> f64 {
    match d {
        0..=2 => 1.35,
        9..=11 => 1.2,
        _ => 1.0 + 0.05 * wobble(d, 3),
    }
}

/// Share of the day's calls in interval `i`: a morning and an early-afternoon hump.
fn profile(i: usize) -> f64 {
    let shape = |i: f64| {
        1.0 + 1.1 * (-((i - 5.0) / 4.0).powi(2)).exp() + 0.8 * (-((i - 21.0) / 5.0).powi(2)).exp()
    };
    let total: f64 = (0..INTERVALS).map(|i| shape(i as f64)).sum();
    shape(i as f64) / total
}

struct LineModel {
    label: &'static str,
    calls_per_day: f64,
    aht_s: f64,
    agents: f64,
    lunch_dip: f64,
}

impl LineModel {
    fn offered(&self, d: usize, i: usize) -> f64 {
        self.calls_per_day * day_factor(d) * profile(i) * (1.0 + 0.04 * wobble(d, i))
    }
    fn load(&self, d: usize, i: usize) -> f64 {
        self.offered(d, i) * self.aht_s / 900.0
    }
    fn available(&self, i: usize) -> f64 {
        let lunch = if (12..20).contains(&i) {
            self.lunch_dip
        } else {
            0.0
        };
        let ramp = if i < 2 { 0.85 } else { 1.0 };
        (self.agents * ramp - lunch).round()
    }
    fn required(&self, d: usize, i: usize) -> f64 {
        let a = self.load(d, i);
        (a + 1.4 * a.sqrt()).ceil()
    }
    fn service_level(&self, d: usize, i: usize) -> f64 {
        let a = self.load(d, i);
        let gap = (self.available(i) - a) / a.sqrt().max(1.0);
        (1.0 / (1.0 + (-(1.2 * gap - 0.6)).exp())).clamp(0.0, 1.0)
    }
}

fn estimates(values: impl Iterator<Item = Option<f64>>, half: f64) -> Estimates {
    let mean: Vec<Option<f64>> = values.collect();
    Estimates {
        low: mean
            .iter()
            .map(|m| m.map(|m| (m - half).max(0.0)))
            .collect(),
        high: mean
            .iter()
            .map(|m| m.map(|m| (m + half).min(1.0)))
            .collect(),
        mean,
    }
}

/// Waits: `at_once` answered without waiting, the rest exponential with mean `mean_s`.
fn histogram(at_once: f64, mean_s: f64) -> WaitHistogram {
    let cdf = |t: f64| 1.0 - (-t / mean_s).exp();
    let bins: Vec<Bin> = (0..18)
        .map(|k| {
            let (from_s, to_s) = (k as f64 * 10.0, (k + 1) as f64 * 10.0);
            Bin {
                from_s,
                to_s,
                share: (1.0 - at_once) * (cdf(to_s) - cdf(from_s)),
            }
        })
        .collect();
    let overflow = (1.0 - at_once) * (1.0 - cdf(180.0));
    WaitHistogram {
        at_once,
        bins,
        overflow,
        intervals: 72,
    }
}

fn line_charts(m: &LineModel, peak: (f64, f64), normal: (f64, f64)) -> LineCharts {
    let intervals = intervals();
    let busiest = 0;
    let avg = |f: &dyn Fn(usize) -> f64| (0..DAYS).map(f).sum::<f64>() / DAYS as f64;
    LineCharts {
        waits: WaitDistribution {
            line: m.label.to_owned(),
            threshold_s: 60.0,
            target: Some(0.8),
            peak: histogram(peak.0, peak.1),
            normal: histogram(normal.0, normal.1),
        },
        service_level: ServiceLevelByInterval {
            line: m.label.to_owned(),
            intervals: intervals.clone(),
            threshold_s: 60.0,
            definition: "calls answered within 60 s / calls reaching the queue (offered)"
                .to_owned(),
            target: Some(0.8),
            busiest: ServiceLevelDay {
                label: format!("Busiest day — {}", days()[busiest]),
                service_level: estimates(
                    (0..INTERVALS).map(|i| Some(m.service_level(busiest, i))),
                    0.05,
                ),
            },
            average: ServiceLevelDay {
                label: "Average day (20 working days)".to_owned(),
                service_level: estimates(
                    (0..INTERVALS).map(|i| Some(avg(&|d| m.service_level(d, i)))),
                    0.02,
                ),
            },
        },
        calls: CallsByInterval {
            line: m.label.to_owned(),
            day: "average working day".to_owned(),
            intervals: intervals.clone(),
            offered: (0..INTERVALS).map(|i| avg(&|d| m.offered(d, i))).collect(),
            answered: (0..INTERVALS)
                .map(|i| {
                    avg(&|d| 0.69 * m.offered(d, i) * (0.98 - 0.25 * (1.0 - m.service_level(d, i))))
                })
                .collect(),
            abandoned: (0..INTERVALS)
                .map(|i| {
                    avg(&|d| 0.69 * m.offered(d, i) * (0.02 + 0.25 * (1.0 - m.service_level(d, i))))
                })
                .collect(),
            self_served: (0..INTERVALS)
                .map(|i| avg(&|d| m.offered(d, i) * 0.3))
                .collect(),
            blocked: (0..INTERVALS)
                .map(|i| avg(&|d| m.offered(d, i) * 0.01))
                .collect(),
        },
        staffing: StaffingByInterval {
            line: m.label.to_owned(),
            day: format!("busiest day — {}", days()[busiest]),
            requirement: "Erlang A for 80% within 60 s".to_owned(),
            intervals: intervals.clone(),
            available: (0..INTERVALS).map(|i| m.available(i)).collect(),
            required: (0..INTERVALS).map(|i| m.required(busiest, i)).collect(),
        },
        heatmap: ServiceLevelHeatmap {
            line: m.label.to_owned(),
            days: days(),
            intervals,
            threshold_s: 60.0,
            target: Some(0.8),
            values: (0..DAYS)
                .map(|d| {
                    (0..INTERVALS)
                        // One interval without calls, drawn grey.
                        .map(|i| (d != 7 || i != 35).then(|| m.service_level(d, i)))
                        .collect()
                })
                .collect(),
        },
    }
}

const FIRST_LINE: LineModel = LineModel {
    label: FIRST,
    calls_per_day: 9000.0,
    aht_s: 290.0,
    agents: 140.0,
    lunch_dip: 12.0,
};

const SECOND_LINE: LineModel = LineModel {
    label: SECOND,
    calls_per_day: 1500.0,
    aht_s: 480.0,
    agents: 42.0,
    lunch_dip: 5.0,
};

fn occupancy(m: &LineModel) -> LineOccupancy {
    LineOccupancy {
        line: m.label.to_owned(),
        occupancy: estimates(
            (0..INTERVALS).map(|i| {
                let load = (0..DAYS).map(|d| m.load(d, i)).sum::<f64>() / DAYS as f64;
                Some((load / m.available(i)).min(0.97))
            }),
            0.015,
        ),
    }
}

fn email() -> EmailBacklog {
    let received: Vec<f64> = (0..DAYS)
        .map(|d| if d % 5 == 0 { 2600.0 } else { 1250.0 } * (1.0 + 0.05 * wobble(d, 1)))
        .collect();
    let capacity: Vec<f64> = (0..DAYS)
        .map(|d| if day_factor(d) > 1.1 { 700.0 } else { 1500.0 })
        .collect();
    let mut backlog = 300.0;
    let mut mean = vec![];
    let mut handled = vec![];
    for d in 0..DAYS {
        let h = capacity[d].min(backlog + received[d]);
        backlog += received[d] - h;
        handled.push(h);
        mean.push(Some(backlog));
    }
    EmailBacklog {
        days: days(),
        backlog_at_close: Estimates {
            low: mean.iter().map(|m| m.map(|m| m * 0.9)).collect(),
            high: mean.iter().map(|m| m.map(|m| m * 1.1)).collect(),
            mean,
        },
        received,
        handled,
    }
}

/// The whole set: two lines and e-mail.
pub fn chart_set() -> ChartSet {
    ChartSet {
        note: "ccplan · seguranca-social-2017 · 100 replications · seed 1".to_owned(),
        first_line: line_charts(&FIRST_LINE, (0.22, 55.0), (0.52, 22.0)),
        second_line: Some(line_charts(&SECOND_LINE, (0.15, 90.0), (0.35, 45.0))),
        occupancy: OccupancyByInterval {
            day: "average working day".to_owned(),
            intervals: intervals(),
            lines: vec![occupancy(&FIRST_LINE), occupancy(&SECOND_LINE)],
            max_target: Some(0.9),
        },
        email: Some(email()),
    }
}
