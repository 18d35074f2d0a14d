//! Headline figures: the few numbers per line that planners, evaluators and CI compare —
//! service level at the target's threshold and definition, abandonment, ASA, P(wait),
//! occupancy, the share of intervals meeting the target, volumes, agent-hours, e-mail.
//!
//! Each is computed per replication from that replication's counts (a ratio of totals
//! over the horizon), so estimates and paired differences are across independent
//! replications (Student t, 95%).

use crate::engine::{self, RunSettings};
use crate::scenario::{LineId, Scenario};
use crate::service_level::SlDefinition;
pub use crate::stats::Bound;
use crate::stats::run::threshold_key;
use crate::stats::{Estimate, ReplicationStats, RunStats, Welford};

/// Which way a figure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither (volumes, occupancy, agent-hours): a change is reported, not judged.
    Neither,
}

impl Better {
    pub fn key(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
            Better::Neither => "neither",
        }
    }
}

/// One headline figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Stable key: `first_line.service_level`, `email.within_target`, …
    pub key: String,
    /// Human label: `1st line: SL 60 s (offered)`.
    pub label: String,
    /// `share`, `s`, `calls/day`, `agent-hours/day`, `e-mails`.
    pub unit: &'static str,
    pub better: Better,
    pub line: Option<LineId>,
    /// The scenario's target on this figure, if any.
    pub target: Option<Bound>,
}

/// Which figures, and how to read them from a replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub figures: Vec<Figure>,
    /// Service-level definition and threshold index counted (the target's, else 60 s
    /// offered).
    pub sl_definition: SlDefinition,
    sl_index: usize,
    /// The service-level target's share, for `intervals_meeting_target`.
    sl_at_least: Option<f64>,
    lines: Vec<LineId>,
    email: bool,
    email_target: bool,
}

/// What each line contributes, in order (`intervals_meeting_target` only with an SL
/// target).
const LINE_FIGURES: [&str; 9] = [
    "service_level",
    "abandonment_rate",
    "asa_s",
    "p_wait",
    "occupancy",
    "intervals_meeting_target",
    "calls_offered_per_day",
    "calls_answered_per_day",
    "agent_hours_per_day",
];

impl Headline {
    pub fn new(sc: &Scenario) -> Self {
        let t = &sc.targets;
        let (thresholds, target_threshold) = engine::thresholds(sc);
        let (sl_definition, sl_index) = match (t.service_level, target_threshold) {
            (Some(sl), Some(k)) => (sl.definition, k),
            _ => (
                SlDefinition::Offered,
                thresholds.iter().position(|&x| x == 60.0).unwrap_or(0),
            ),
        };
        let sl_threshold_s = thresholds[sl_index];
        let sl_at_least = t.service_level.map(|s| s.at_least);
        let lines: Vec<LineId> = LineId::ALL
            .into_iter()
            .filter(|&l| sc.lines.get(l).is_some())
            .collect();
        let mut figures = Vec::new();
        for &line in &lines {
            let name = match line {
                LineId::First => "1st line",
                LineId::Second => "2nd line",
            };
            for what in LINE_FIGURES {
                let (label, unit, better, target) = match what {
                    "service_level" => (
                        format!(
                            "SL {} s ({})",
                            threshold_key(sl_threshold_s),
                            sl_definition.key()
                        ),
                        "share",
                        Better::Higher,
                        t.service_level.map(|s| Bound {
                            at_least: true,
                            limit: s.at_least,
                        }),
                    ),
                    "abandonment_rate" => (
                        "abandonment".to_owned(),
                        "share",
                        Better::Lower,
                        t.abandonment_at_most.map(|m| Bound {
                            at_least: false,
                            limit: m,
                        }),
                    ),
                    "asa_s" => (
                        "ASA".to_owned(),
                        "s",
                        Better::Lower,
                        t.asa_at_most_s.map(|m| Bound {
                            at_least: false,
                            limit: m,
                        }),
                    ),
                    "p_wait" => ("P(wait > 0)".to_owned(), "share", Better::Lower, None),
                    "occupancy" => (
                        "occupancy".to_owned(),
                        "share",
                        Better::Neither,
                        t.occupancy_at_most.map(|m| Bound {
                            at_least: false,
                            limit: m,
                        }),
                    ),
                    "intervals_meeting_target" => {
                        if sl_at_least.is_none() {
                            continue;
                        }
                        (
                            "intervals meeting the SL target".to_owned(),
                            "share",
                            Better::Higher,
                            None,
                        )
                    }
                    "calls_offered_per_day" => (
                        "calls offered per day".to_owned(),
                        "calls/day",
                        Better::Neither,
                        None,
                    ),
                    "calls_answered_per_day" => (
                        "calls answered per day".to_owned(),
                        "calls/day",
                        Better::Neither,
                        None,
                    ),
                    _ => (
                        "agent-hours available per day".to_owned(),
                        "agent-hours/day",
                        Better::Neither,
                        None,
                    ),
                };
                figures.push(Figure {
                    key: format!("{}.{what}", line.key()),
                    label: format!("{name}: {label}"),
                    unit,
                    better,
                    line: Some(line),
                    target,
                });
            }
        }
        let email = sc.email.is_some();
        let email_target = email && t.email.is_some();
        if email_target {
            let e = t.email.expect("checked above");
            figures.push(Figure {
                key: "email.within_target".to_owned(),
                label: format!("e-mail: answered within {} working hours", e.within_h),
                unit: "share",
                better: Better::Higher,
                line: None,
                target: Some(Bound {
                    at_least: true,
                    limit: e.at_least,
                }),
            });
        }
        if email {
            figures.push(Figure {
                key: "email.backlog_end".to_owned(),
                label: "e-mail: backlog at the end".to_owned(),
                unit: "e-mails",
                better: Better::Lower,
                line: None,
                target: None,
            });
        }
        Headline {
            figures,
            sl_definition,
            sl_index,
            sl_at_least,
            lines,
            email,
            email_target,
        }
    }

    pub fn len(&self) -> usize {
        self.figures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    /// Index of the figure with `key`.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.figures.iter().position(|f| f.key == key)
    }

    /// The figures of one replication, in the order of `figures` (NaN where undefined,
    /// e.g. ASA with no call answered).
    pub fn values(&self, r: &ReplicationStats) -> Vec<f64> {
        let days = r.n_days.max(1) as f64;
        let mut out = Vec::with_capacity(self.figures.len());
        for &line in &self.lines {
            let l = line.index();
            let total = r.line_total(l);
            let f = total.figures();
            out.push(total.service_level(self.sl_definition, self.sl_index));
            out.push(f.abandonment_rate);
            out.push(f.asa_s);
            out.push(f.p_wait);
            out.push(f.occupancy);
            if let Some(at_least) = self.sl_at_least {
                out.push(r.intervals_meeting(l, self.sl_definition, self.sl_index, at_least));
            }
            out.push(total.offered as f64 / days);
            out.push(total.answered as f64 / days);
            out.push(total.available_s / 3600.0 / days);
        }
        if self.email_target {
            out.push(if r.email_decided > 0 {
                r.email_within_target as f64 / r.email_decided as f64
            } else {
                f64::NAN
            });
        }
        if self.email {
            out.push(r.email_backlog_end as f64);
        }
        debug_assert_eq!(out.len(), self.figures.len());
        out
    }
}

/// Headline figures of every replication of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    pub headline: Headline,
    /// `per_rep[r][i]`: figure `i` of replication `r`, in replication order.
    pub per_rep: Vec<Vec<f64>>,
}

impl Samples {
    /// The values of figure `i` across replications.
    pub fn column(&self, i: usize) -> Vec<f64> {
        self.per_rep.iter().map(|v| v[i]).collect()
    }

    /// Mean and 95% interval of figure `i` (replications where it is undefined skipped).
    pub fn estimate(&self, i: usize) -> Estimate {
        estimate_of(self.per_rep.iter().map(|v| v[i]))
    }
}

/// Mean and 95% Student-t interval of the defined (non-NaN) values.
pub fn estimate_of(values: impl IntoIterator<Item = f64>) -> Estimate {
    welford(values).estimate()
}

/// Simulates `sc` and returns the usual statistics together with the headline figures
/// of every replication. `progress` is called once per replication.
pub fn simulate(
    sc: &Scenario,
    settings: RunSettings,
    progress: &(dyn Fn() + Sync),
) -> (RunStats, Samples) {
    let headline = Headline::new(sc);
    let mut per_rep = Vec::with_capacity(settings.replications as usize);
    let stats = engine::run_with(sc, settings, progress, |_, r| {
        per_rep.push(headline.values(r))
    });
    (stats, Samples { headline, per_rep })
}

/// The difference `b − a` of figure `i`, replication by replication (paired: both runs
/// used the same seed, so replication `r` of each saw the same random numbers where the
/// scenarios agree). Replications where either value is undefined are skipped.
pub fn paired_difference(a: &[f64], b: &[f64]) -> Estimate {
    estimate_of(
        a.iter()
            .zip(b)
            .filter(|(x, y)| !x.is_nan() && !y.is_nan())
            .map(|(x, y)| y - x),
    )
}

/// The difference `b − a` of two means treated as independent samples (Welch's interval):
/// what the comparison would give without common random numbers.
pub fn unpaired_difference(a: &[f64], b: &[f64]) -> Estimate {
    let wa = welford(a.iter().copied());
    let wb = welford(b.iter().copied());
    let (na, nb) = (wa.count() as f64, wb.count() as f64);
    let mean = wb.mean() - wa.mean();
    if na < 2.0 || nb < 2.0 {
        return Estimate {
            mean,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
        };
    }
    let (va, vb) = (wa.variance() / na, wb.variance() / nb);
    let se2 = va + vb;
    // Welch–Satterthwaite degrees of freedom.
    let df = if se2 > 0.0 {
        se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0))
    } else {
        na + nb - 2.0
    };
    let half = crate::stats::estimate::t_quantile_975(df.max(1.0).round() as u32) * se2.sqrt();
    Estimate {
        mean,
        ci95_low: mean - half,
        ci95_high: mean + half,
    }
}

/// Accumulates the defined values ([`Welford::push`] skips NaN).
fn welford(values: impl IntoIterator<Item = f64>) -> Welford {
    let mut w = Welford::default();
    for x in values {
        w.push(x);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::run::fig;

    fn minimal() -> Scenario {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/minimal.yaml");
        crate::scenario::load(std::path::Path::new(path)).unwrap()
    }

    #[test]
    fn per_replication_figures_agree_with_the_run_estimates() {
        let sc = minimal();
        let settings = RunSettings {
            replications: 6,
            seed: 7,
        };
        let (stats, samples) = simulate(&sc, settings, &|| {});
        let h = &samples.headline;
        assert_eq!(samples.per_rep.len(), 6);
        let line = &stats.lines[0];
        let k = stats.target_threshold.unwrap_or(2);
        let d = SlDefinition::ALL
            .iter()
            .position(|x| *x == h.sl_definition)
            .unwrap();
        // The same replications read two ways: through RunStats' accumulators and
        // through the headline's own reading of each replication.
        let pairs = [
            (
                "first_line.service_level",
                line.service_levels[d][k].estimate(),
            ),
            (
                "first_line.abandonment_rate",
                line.figures.estimate(fig::ABANDONMENT_RATE),
            ),
            ("first_line.asa_s", line.figures.estimate(fig::ASA_S)),
            (
                "first_line.occupancy",
                line.figures.estimate(fig::OCCUPANCY),
            ),
        ];
        for (key, expected) in pairs {
            let got = samples.estimate(h.position(key).unwrap());
            assert!((got.mean - expected.mean).abs() < 1e-12, "{key}");
            assert!((got.ci95_high - expected.ci95_high).abs() < 1e-9, "{key}");
        }
        let offered = samples.estimate(h.position("first_line.calls_offered_per_day").unwrap());
        let total = line.figures.estimate(fig::CALLS_OFFERED).mean / stats.n_days as f64;
        assert!((offered.mean - total).abs() < 1e-9);
        assert!(h.position("second_line.service_level").is_none());
    }

    #[test]
    fn identical_runs_differ_by_exactly_zero_when_paired() {
        let a = [0.8, 0.7, 0.9, 0.85];
        let d = paired_difference(&a, &a);
        assert_eq!((d.mean, d.ci95_low, d.ci95_high), (0.0, 0.0, 0.0));
        // Unpaired, the same samples leave a wide interval around 0.
        let u = unpaired_difference(&a, &a);
        assert_eq!(u.mean, 0.0);
        assert!(u.ci95_low < -0.05 && u.ci95_high > 0.05, "{u:?}");
    }

    #[test]
    fn welch_interval_matches_a_hand_computation() {
        // a: mean 2, variance 1 (n 3); b: mean 5, variance 4 (n 3).
        let a = [1.0, 2.0, 3.0];
        let b = [3.0, 5.0, 7.0];
        let u = unpaired_difference(&a, &b);
        let se2: f64 = 1.0 / 3.0 + 4.0 / 3.0;
        // Welch–Satterthwaite: (5/3)² / ((1/3)²/2 + (4/3)²/2) = 2.94… → 3 degrees of freedom.
        let half = 3.182_446_305_284_263 * se2.sqrt();
        assert!((u.mean - 3.0).abs() < 1e-12);
        assert!((u.ci95_high - (3.0 + half)).abs() < 1e-3, "{u:?}");
        let p = paired_difference(&a, &b);
        // Differences 2, 3, 4: mean 3, sd 1, t(2) = 4.303.
        assert!((p.ci95_high - (3.0 + 4.302_652_729_911_275 / 3f64.sqrt())).abs() < 1e-3);
    }
}
