//! Targets: service level, abandonment, occupancy, mean wait and the e-mail target.

use serde_saphyr::Spanned;

use super::Checker;
use super::range::Range;
use super::report::pos;
use crate::scenario::model::{EmailTarget, ServiceLevelTarget, Targets};
use crate::scenario::raw::{RawAtMost, RawTargets};
use crate::service_level::SlDefinition;
use crate::yaml::one_of;

/// Service-level thresholds accepted, seconds. Below 1 s a threshold is finer than
/// anything a caller notices, and the wait chart, binned in steps of at least 5 s up to
/// three times the threshold, would have no bin to draw.
const SL_THRESHOLD_S: Range = Range::closed(1.0, 86_400.0);

impl Checker<'_> {
    pub(super) fn targets(&mut self, t: &Spanned<RawTargets>, has_email: bool) -> Option<Targets> {
        let r = &t.value;
        let mut ok = true;
        let service_level = match &r.service_level {
            None => None,
            Some(sl) => {
                let p = "targets.service_level";
                let at = pos(sl);
                let within_s = self.ranged_req(
                    p,
                    "within_s",
                    &sl.value.within_s,
                    at,
                    SL_THRESHOLD_S,
                    Some("a waiting-time threshold in seconds, from 1 to 86,400"),
                );
                let at_least = self.ranged_req(
                    p,
                    "at_least",
                    &sl.value.at_least,
                    at,
                    Range::SHARE,
                    Some("a share of calls from 0 to 1"),
                );
                let keys: Vec<&str> = SlDefinition::ALL.iter().map(|d| d.key()).collect();
                let definition = match &sl.value.definition {
                    None => Some(SlDefinition::Offered),
                    Some(d) => {
                        let found = SlDefinition::from_key(d.value.trim());
                        if found.is_none() {
                            let diag = self
                                .diag(
                                    "targets.service_level.definition",
                                    pos(d),
                                    format!(
                                        "unknown service-level definition `{}`",
                                        d.value.trim()
                                    ),
                                )
                                .allowed(one_of(&keys));
                            self.push_suggesting(diag, d.value.trim(), keys.iter().copied());
                        }
                        found
                    }
                };
                match (within_s, at_least, definition) {
                    (Some(within_s), Some(at_least), Some(definition)) => {
                        Some(ServiceLevelTarget {
                            within_s,
                            at_least,
                            definition,
                        })
                    }
                    _ => {
                        ok = false;
                        None
                    }
                }
            }
        };
        let abandonment_at_most = self.at_most(
            "targets.abandonment",
            r.abandonment.as_ref(),
            Range::SHARE,
            &mut ok,
        );
        let occupancy_at_most = self.at_most(
            "targets.occupancy",
            r.occupancy.as_ref(),
            Range::positive(1.0),
            &mut ok,
        );
        let asa_at_most_s = match &r.asa {
            None => None,
            Some(a) => {
                let x = self.ranged_req(
                    "targets.asa",
                    "at_most_s",
                    &a.value.at_most_s,
                    pos(a),
                    Range::positive(86_400.0),
                    Some("a mean wait in seconds, > 0"),
                );
                ok &= x.is_some();
                x
            }
        };
        let email = match &r.email {
            None => None,
            Some(e) => {
                let p = "targets.email";
                let at = pos(e);
                if !has_email {
                    self.report(
                        p,
                        at,
                        "an e-mail target is set but the scenario has no `email`",
                        "`targets.email` only together with `email`",
                    );
                    ok = false;
                }
                let within_h = self.ranged_req(
                    p,
                    "within_h",
                    &e.value.within_h,
                    at,
                    Range::positive(10_000.0),
                    Some("working hours > 0"),
                );
                let at_least = self.ranged_req(
                    p,
                    "at_least",
                    &e.value.at_least,
                    at,
                    Range::SHARE,
                    Some("a share of e-mails from 0 to 1"),
                );
                match (within_h, at_least) {
                    (Some(within_h), Some(at_least)) => Some(EmailTarget { within_h, at_least }),
                    _ => {
                        ok = false;
                        None
                    }
                }
            }
        };
        ok.then_some(Targets {
            service_level,
            abandonment_at_most,
            asa_at_most_s,
            occupancy_at_most,
            email,
        })
    }

    fn at_most(
        &mut self,
        p: &str,
        v: Option<&Spanned<RawAtMost>>,
        range: Range,
        ok: &mut bool,
    ) -> Option<f64> {
        let v = v?;
        let x = self.ranged_req(p, "at_most", &v.value.at_most, pos(v), range, None);
        *ok &= x.is_some();
        x
    }
}
