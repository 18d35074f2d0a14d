//! Exact analytic queueing formulas (Erlang B, C, A, X) and staffing solvers for one
//! stationary interval. Pure functions: no I/O, no randomness.
//!
//! * [`erlang_b`], [`erlang_b_fractional`]: blocking without a queue, by the stable
//!   recursion (and Jagerman's continuation to fractional agents).
//! * [`erlang_c`], [`erlang_c_fractional`], [`erlang_c_asa_s`], [`erlang_c_service_level`]:
//!   an unlimited queue and callers who never hang up; an error, never a negative or
//!   infinite wait, when the load reaches the agents.
//! * [`Model`]: one interval's arrivals, handling time and, optionally, exponential
//!   patience (Erlang A), a line limit and redials (Erlang X). [`Model::figures`] gives
//!   every figure at a number of agents as a [`Figures`], with the service level under
//!   each [`SlDefinition`](crate::service_level::SlDefinition) in a [`ServiceLevels`].
//!   Fractional agents are allowed under every model (at least 1 under Erlang A and X;
//!   see [`Model::figures`]), and an interval without arrivals gives the exact limits
//!   (nobody waits; service levels 1). Far above the agents, Erlang A sums only the
//!   queue states around the mode, with a checked bound on what it leaves out.
//! * [`required_agents`]: the fewest agents meeting one or more [`Target`]s.
//!
//! Everything is exact (to rounding) from 1 to 100,000 agents and beyond: recursions run
//! on reciprocals or with exact power-of-two rescaling, never on factorials or powers,
//! so nothing overflows and no NaN appears.
//!
//! Units: rates per hour or per second as named, times in seconds (`_s`), loads in
//! erlangs, probabilities in [0, 1].
//!
//! Under Erlang X the attempt rate includes redials and solves
//! λ = λ₀ + r·λ·(P_block + P_abandon per attempt); `p_block` is per attempt, every other
//! figure per admitted call (one that found a free line).
//!
//! Accuracy: against 50-digit references, P(wait), ASA and the service levels agree to
//! about 1e-14 relative. Service levels are sums of complements 1 − I of incomplete-beta
//! values built along the queue, so very small service levels (overloaded systems) are
//! accurate to about 1e-13 absolute rather than relative.
//!
//! # Example
//!
//! 1,200 calls an hour, 5-minute calls (100 erlangs), 105 agents, callers who hang up
//! after 3 minutes on average:
//!
//! ```
//! use ccplan::erlang::{Model, Target, erlang_c, required_agents};
//! use ccplan::service_level::SlDefinition;
//!
//! // Erlang C: with 105 agents at 100 erlangs, about half the calls queue.
//! let p_wait = erlang_c(105, 100.0)?;
//! assert!((p_wait - 0.5157).abs() < 1e-4);
//!
//! // Erlang A: impatient callers shorten the queue for those who stay.
//! let model = Model::new(1200.0, 300.0)?.with_patience_s(180.0)?;
//! let figures = model.figures(105.0, 20.0)?;
//! assert!(figures.p_wait < p_wait);
//! assert!(figures.service_level.answered > figures.service_level.offered);
//!
//! // Agents needed for 80% answered within 20 s, abandoned calls counted as misses.
//! let target = Target::ServiceLevel {
//!     definition: SlDefinition::Offered,
//!     threshold_s: 20.0,
//!     at_least: 0.8,
//! };
//! let need = required_agents(&model, &[target], 20.0)?;
//! assert!(need.figures.service_level.offered >= 0.8);
//! assert!(model.figures(f64::from(need.agents - 1), 20.0)?.service_level.offered < 0.8);
//! # Ok::<(), ccplan::erlang::ErlangError>(())
//! ```

mod a;
mod b;
mod c;
mod error;
mod figures;
pub(crate) mod gamma;
pub mod json;
mod model;
mod root;
mod scaled;
mod staffing;
mod sum;
mod x;

pub use b::{erlang_b, erlang_b_fractional, ln_erlang_b};
pub use c::{erlang_c, erlang_c_asa_s, erlang_c_fractional, erlang_c_service_level, ln_erlang_c};
pub use error::ErlangError;
pub use figures::{Figures, ModelKind, ServiceLevels};
pub use model::{MIN_LOAD_ERLANGS, Model};
pub use staffing::{Requirement, Target, required_agents, square_root_staffing};
