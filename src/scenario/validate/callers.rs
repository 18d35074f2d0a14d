//! Caller behaviour: patience before hanging up, redialling, and time in self-service.

use serde_saphyr::Spanned;

use super::Checker;
use super::range::Range;
use super::report::pos;
use crate::scenario::model::{Callers, Redial};
use crate::scenario::raw::RawCallers;

impl Checker<'_> {
    pub(super) fn callers(&mut self, cl: &Spanned<RawCallers>) -> Option<Callers> {
        let r = &cl.value;
        let patience = match &r.patience {
            None => Some(None),
            Some(d) => self.dist("callers.patience", d).map(Some),
        };
        let redial = match &r.redial {
            None => Some(None),
            Some(rd) => {
                let at = pos(rd);
                let probability = self.ranged_req(
                    "callers.redial",
                    "probability",
                    &rd.value.probability,
                    at,
                    Range::SHARE,
                    Some("a probability from 0 to 1"),
                );
                let after = self
                    .required(
                        &rd.value.after,
                        "callers.redial",
                        "after",
                        at,
                        "a distribution of the time before calling again",
                    )
                    .and_then(|d| self.dist("callers.redial.after", d));
                match (probability, after) {
                    (Some(probability), Some(after)) => Some(Some(Redial { probability, after })),
                    _ => None,
                }
            }
        };
        let self_service_time = match &r.self_service_time {
            None => Some(None),
            Some(d) => self.dist("callers.self_service_time", d).map(Some),
        };
        let identified_first = match &r.served_first {
            None => Some(false),
            Some(v) => match v.value.as_str() {
                "identified" => Some(true),
                "in_order" => Some(false),
                _ => {
                    let d = self
                        .diag(
                            "callers.served_first",
                            pos(v),
                            format!("is `{}`", v.value),
                        )
                        .allowed(
                            "`in_order` (first come, first served) or `identified` (callers with a caller id before anonymous ones)",
                        );
                    self.push(d);
                    None
                }
            },
        };
        Some(Callers {
            identified_first: identified_first?,
            patience: patience?,
            redial: redial?,
            self_service_time: self_service_time?,
        })
    }
}
