//! Checking the raw claims against the bid's scenario: every value in range, every peak
//! named by the scenario and inside the horizon, all problems reported together.

use serde_saphyr::{Location, Spanned};

use super::raw::{RawClaims, RawStaffing};
use super::{Claims, ReinforcementClaim, Scope, StaffingClaims};
use crate::scenario::{LineId, MAX_CALLS_PER_DAY, Scenario, ServiceLevelTarget};
use crate::service_level::SlDefinition;
use crate::yaml::{Diagnostic, Source, one_of, suggestion};
use crate::yaml::{Num, Opt, WordOrList};

pub(super) struct Checker<'a> {
    pub(super) src: &'a Source<'a>,
    pub(super) sc: &'a Scenario,
    pub(super) errors: Vec<Diagnostic>,
}

fn loc_of<T>(v: &Spanned<T>) -> Location {
    v.referenced
}

impl Checker<'_> {
    fn at(&self, path: &str, loc: Location, message: impl Into<String>) -> Diagnostic {
        self.src.at_loc(path, &loc, message)
    }

    fn report(&mut self, path: &str, loc: Location, message: impl Into<String>, allowed: &str) {
        let d = self.at(path, loc, message).allowed(allowed);
        self.errors.push(d);
    }

    /// A finite number in `[lo, hi]` (`lo_open`: `lo` itself excluded).
    fn number(
        &mut self,
        path: &str,
        v: &Spanned<Num>,
        lo: f64,
        lo_open: bool,
        hi: f64,
        allowed: &str,
    ) -> Option<f64> {
        let x = match &v.value {
            Num::Int(i) => *i as f64,
            Num::Float(x) if x.is_finite() => *x,
            Num::Float(_) => {
                self.report(path, loc_of(v), "must be a finite number", allowed);
                return None;
            }
            Num::Text(t) => {
                let msg = if t.trim().parse::<f64>().is_ok() || t.to_lowercase().contains("nan") {
                    "must be a finite number written bare (no quotes, no `.nan`/`.inf`)"
                } else {
                    "expected a number, found text"
                };
                let mut d = self.at(path, loc_of(v), msg).allowed(allowed);
                if t.contains(',') && t.replace(',', ".").trim().parse::<f64>().is_ok() {
                    d = d.help(format!(
                        "use a dot as the decimal separator: `{}`",
                        t.replace(',', ".").trim()
                    ));
                }
                self.errors.push(d);
                return None;
            }
            Num::Bool(_) => {
                self.report(
                    path,
                    loc_of(v),
                    "expected a number, found a yes/no value",
                    allowed,
                );
                return None;
            }
            Num::Null => {
                self.report(path, loc_of(v), "expected a number, found nothing", allowed);
                return None;
            }
        };
        let above = if lo_open { x > lo } else { x >= lo };
        if !above || x > hi {
            let msg = if !above {
                if lo_open {
                    format!("must be greater than {lo}")
                } else {
                    format!("must be at least {lo}")
                }
            } else {
                format!("must be at most {hi}")
            };
            let mut d = self.at(path, loc_of(v), msg).allowed(allowed);
            if d.value.is_none() {
                d = d.value(x.to_string());
            }
            self.errors.push(d);
            return None;
        }
        Some(x)
    }

    /// A whole number in `[lo, hi]`.
    fn whole(
        &mut self,
        path: &str,
        v: &Spanned<Num>,
        lo: f64,
        hi: f64,
        allowed: &str,
    ) -> Option<u32> {
        let x = self.number(path, v, lo, false, hi, allowed)?;
        if x.fract() != 0.0 {
            self.report(path, loc_of(v), "must be a whole number", allowed);
            return None;
        }
        Some(x as u32)
    }

    fn required<'v, T>(
        &mut self,
        v: &'v Opt<T>,
        parent: &str,
        parent_loc: Location,
        key: &str,
        allowed: &str,
    ) -> Option<&'v Spanned<T>> {
        if v.is_none() {
            let d = self
                .at(
                    &format!("{parent}.{key}"),
                    parent_loc,
                    format!("missing required key `{key}` in `{parent}`"),
                )
                .allowed(allowed);
            self.errors.push(d);
        }
        v.as_ref()
    }

    /// Reports a peak scope with no simulated day: its claims could not be estimated.
    fn in_horizon(&mut self, path: &str, loc: Location, scope: &Scope) {
        let days = &self.sc.calendar.working_days;
        if !days.iter().any(|&d| scope.contains(self.sc, d)) {
            let (first, last) = (days[0], days[days.len() - 1]);
            self.report(
                path,
                loc,
                format!(
                    "no simulated working day ({first} to {last}) falls on {}: its claims \
                     cannot be estimated",
                    scope.describe()
                ),
                "a peak in force on at least one simulated working day",
            );
        }
    }

    /// The index of the scenario's peak called `name`, or an error naming the peaks.
    fn peak(&mut self, path: &str, v: &Spanned<String>) -> Option<usize> {
        let names: Vec<&str> = self
            .sc
            .demand
            .peaks
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        if let Some(i) = names.iter().position(|n| *n == v.value) {
            return Some(i);
        }
        let allowed = if names.is_empty() {
            "none: the scenario defines no peaks (`demand.peaks`)".to_string()
        } else {
            format!("a peak of the scenario: {}", one_of(&names))
        };
        let mut d = self
            .at(
                path,
                loc_of(v),
                format!("no peak `{}` in the scenario", v.value),
            )
            .allowed(allowed);
        if let Some(s) = suggestion(&v.value, names.iter().copied()) {
            d = d.help(s);
        }
        self.errors.push(d);
        None
    }

    pub(super) fn claims(&mut self, raw: &RawClaims) -> Claims {
        let line = match &raw.line {
            None => LineId::First,
            Some(v) => match v.value.as_str() {
                "first" => LineId::First,
                "second" if self.sc.lines.second.is_some() => LineId::Second,
                "second" => {
                    self.report(
                        "line",
                        loc_of(v),
                        "the scenario has no 2nd line",
                        "`first` (the scenario's only line)",
                    );
                    LineId::First
                }
                other => {
                    let d = self
                        .at("line", loc_of(v), format!("unknown line `{other}`"))
                        .allowed("`first` or `second`");
                    let d = match suggestion(other, ["first", "second"]) {
                        Some(s) => d.help(s),
                        None => d,
                    };
                    self.errors.push(d);
                    LineId::First
                }
            },
        };
        let capacity_calls_per_day = raw.capacity.as_ref().and_then(|cap| {
            let v = self.required(
                &cap.value.calls_per_day,
                "capacity",
                loc_of(cap),
                "calls_per_day",
                "calls per day, > 0 and ≤ 10,000,000",
            )?;
            self.number(
                "capacity.calls_per_day",
                v,
                0.0,
                true,
                MAX_CALLS_PER_DAY,
                "calls per day the bid carries, > 0 and ≤ 10,000,000",
            )
        });
        let service_level = raw.service_level.as_ref().and_then(|sl| {
            let (loc, v) = (loc_of(sl), &sl.value);
            let within = self
                .required(
                    &v.within_s,
                    "service_level",
                    loc,
                    "within_s",
                    "seconds, > 0",
                )
                .and_then(|w| {
                    self.number(
                        "service_level.within_s",
                        w,
                        0.0,
                        true,
                        86_400.0,
                        "seconds, > 0 and ≤ 86400",
                    )
                });
            let at_least = self
                .required(
                    &v.at_least,
                    "service_level",
                    loc,
                    "at_least",
                    "a share from 0 to 1",
                )
                .and_then(|a| {
                    self.number(
                        "service_level.at_least",
                        a,
                        0.0,
                        false,
                        1.0,
                        "a share from 0 to 1",
                    )
                });
            let keys: Vec<&str> = SlDefinition::ALL.iter().map(|d| d.key()).collect();
            let definition = match &v.definition {
                None => Some(SlDefinition::Offered),
                Some(d) => SlDefinition::from_key(&d.value).or_else(|| {
                    let mut diag = self
                        .at(
                            "service_level.definition",
                            loc_of(d),
                            format!("unknown service-level definition `{}`", d.value),
                        )
                        .allowed(one_of(&keys));
                    if let Some(s) = suggestion(&d.value, keys.iter().copied()) {
                        diag = diag.help(s);
                    }
                    self.errors.push(diag);
                    None
                }),
            };
            Some(ServiceLevelTarget {
                within_s: within?,
                at_least: at_least?,
                definition: definition?,
            })
        });
        let abandonment_at_most = raw.abandonment.as_ref().and_then(|a| {
            let v = self.required(
                &a.value.at_most,
                "abandonment",
                loc_of(a),
                "at_most",
                "a share from 0 to 1",
            )?;
            self.number(
                "abandonment.at_most",
                v,
                0.0,
                false,
                1.0,
                "a share from 0 to 1",
            )
        });
        let asa_at_most_s = raw.asa.as_ref().and_then(|a| {
            let v = self.required(
                &a.value.at_most_s,
                "asa",
                loc_of(a),
                "at_most_s",
                "seconds, > 0",
            )?;
            self.number(
                "asa.at_most_s",
                v,
                0.0,
                true,
                86_400.0,
                "seconds, > 0 and ≤ 86400",
            )
        });
        let has_call_claims =
            raw.service_level.is_some() || raw.abandonment.is_some() || raw.asa.is_some();
        let mut scopes = vec![Scope::AllDays];
        if let Some(p) = &raw.on_peak_days {
            if !has_call_claims {
                self.report(
                    "on_peak_days",
                    loc_of(p),
                    "`on_peak_days` extends the call claims to peak days, but none is stated",
                    "with at least one of `service_level`, `abandonment`, `asa`",
                );
            }
            match &p.value.0 {
                WordOrList::Word(w) if w == "any" => {
                    if self.sc.demand.peaks.is_empty() {
                        self.report(
                            "on_peak_days",
                            loc_of(p),
                            "the scenario defines no peaks (`demand.peaks`)",
                            "a scenario with peaks",
                        );
                    } else {
                        self.in_horizon("on_peak_days", loc_of(p), &Scope::AnyPeak);
                    }
                    scopes.push(Scope::AnyPeak);
                }
                WordOrList::Word(w) => {
                    let d = self
                        .at("on_peak_days", loc_of(p), format!("unknown value `{w}`"))
                        .allowed("`any` or a list of the scenario's peak names");
                    self.errors.push(d);
                }
                WordOrList::List(names) => {
                    if names.is_empty() {
                        self.report(
                            "on_peak_days",
                            loc_of(p),
                            "the list is empty",
                            "`any` or a non-empty list of the scenario's peak names",
                        );
                    }
                    for (i, n) in names.iter().enumerate() {
                        if let Some(k) = self.peak(&format!("on_peak_days[{i}]"), n) {
                            let s = Scope::Peak(k, n.value.clone());
                            self.in_horizon(&format!("on_peak_days[{i}]"), loc_of(n), &s);
                            if scopes.contains(&s) {
                                self.report(
                                    &format!("on_peak_days[{i}]"),
                                    loc_of(n),
                                    format!("peak `{}` is listed twice", n.value),
                                    "each peak once",
                                );
                            } else {
                                scopes.push(s);
                            }
                        }
                    }
                }
            }
        }
        if let Some(c) = &raw.capacity
            && !has_call_claims
        {
            self.report(
                "capacity",
                loc_of(c),
                "a capacity claim needs the call claims it is carried at",
                "with at least one of `service_level`, `abandonment`, `asa`",
            );
        }
        let staffing = raw.staffing.as_ref().map(|s| self.staffing(s));
        if raw.capacity.is_none() && !has_call_claims && raw.staffing.is_none() {
            let d = self
                .src
                .at(
                    "",
                    self.src.first_content_line(),
                    1,
                    0,
                    "the file states no claim",
                )
                .allowed(
                    "at least one of `capacity`, `service_level`, `abandonment`, `asa`, `staffing`",
                );
            self.errors.push(d);
        }
        Claims {
            file: self.src.file.to_string(),
            bidder: raw.bidder.as_ref().map(|b| b.value.clone()),
            line,
            capacity_calls_per_day,
            service_level,
            abandonment_at_most,
            asa_at_most_s,
            scopes,
            staffing,
        }
    }

    fn staffing(&mut self, s: &Spanned<RawStaffing>) -> StaffingClaims {
        let v = &s.value;
        let mut out = StaffingClaims::default();
        if v.posts.is_none() && v.permanent_share.is_none() && v.reinforcement.is_none() {
            self.report(
                "staffing",
                loc_of(s),
                "`staffing` states nothing",
                "at least one of `posts`, `permanent_share`, `reinforcement`",
            );
        }
        if let Some(p) = &v.posts {
            out.posts = self.whole(
                "staffing.posts",
                p,
                1.0,
                1_000_000.0,
                "a whole number of posts ≥ 1",
            );
        }
        if let Some(ps) = &v.permanent_share
            && let Some(a) = self.required(
                &ps.value.at_least,
                "staffing.permanent_share",
                loc_of(ps),
                "at_least",
                "a share from 0 to 1",
            )
        {
            out.permanent_share_at_least = self.number(
                "staffing.permanent_share.at_least",
                a,
                0.0,
                false,
                1.0,
                "a share from 0 to 1",
            );
        }
        if let Some(list) = &v.reinforcement {
            if list.value.is_empty() {
                self.report(
                    "staffing.reinforcement",
                    loc_of(list),
                    "the list is empty",
                    "a non-empty list of `{during: <peak name>, extra_agents: N}`",
                );
            }
            for (i, r) in list.value.iter().enumerate() {
                let path = format!("staffing.reinforcement[{i}]");
                let peak = self
                    .required(
                        &r.value.during,
                        &path,
                        loc_of(r),
                        "during",
                        "a peak name of the scenario",
                    )
                    .and_then(|d| self.peak(&format!("{path}.during"), d));
                let extra = match &r.value.extra_agents {
                    None => Some(1),
                    Some(e) => self.whole(
                        &format!("{path}.extra_agents"),
                        e,
                        1.0,
                        1_000_000.0,
                        "a whole number of extra agents ≥ 1",
                    ),
                };
                if let (Some(peak), Some(extra_agents)) = (peak, extra) {
                    let name = self.sc.demand.peaks[peak].name.clone();
                    if out.reinforcement.iter().any(|x| x.peak == peak) {
                        self.report(
                            &format!("{path}.during"),
                            loc_of(r.value.during.as_ref().expect("checked above")),
                            format!("peak `{name}` is listed twice"),
                            "each peak once",
                        );
                    } else {
                        out.reinforcement.push(ReinforcementClaim {
                            peak,
                            name,
                            extra_agents,
                        });
                    }
                }
            }
        }
        out
    }
}
