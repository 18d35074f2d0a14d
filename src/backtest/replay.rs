//! The trace-driven replay: one date of a log simulated with its own callers and agents.
//!
//! The callers who sought an agent arrive at their recorded instants; agents are present
//! during their recorded presence sessions. Everything else is the model's: each caller's
//! handling time and patience are drawn from the scenario (the handling time, drawn when
//! the caller seeks an agent, is multiplied by the factor of the agent who answers), and
//! while present an agent alternates between available and away spells (the scenario's
//! availability). A single
//! pool serves callers first come, first served; with [`ReplayModel::identified_first`],
//! identified callers (a caller id in the log) are served, first come first served,
//! before any anonymous caller.
//!
//! Abandonment is resolved lazily, which is exact for FIFO queues: a queued caller whose
//! patience runs out leaves at that instant whatever happens later, and nobody behind them
//! is served sooner or later for it; so when an agent frees up, callers at the head whose
//! deadline has passed are counted as abandoned at their deadline and the first one still
//! waiting is served (the identified callers' queue first). Callers still queued when no agent is left abandon at their deadline
//! (an infinitely patient caller is counted as abandoned when the day's trace ends).
//!
//! Nothing is allocated per call: the queue, the event heap and the agent tables live in a
//! [`Scratch`] reused from date to date.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use crate::engine::rng::Stream;
use crate::engine::sampler::Sampler;
use crate::observed::{DayTrace, Tally, TraceCall};

/// Hours of the day a tally covers (a trace may run past midnight).
pub const HOURS: usize = 48;

/// The hour of the day (its index in a tally array) of `t_s`, seconds since midnight.
#[inline]
pub fn hour_of(t_s: f64) -> usize {
    ((t_s / 3600.0).floor().max(0.0) as usize).min(HOURS - 1)
}

/// Handling times for calls of one log type: a mixture of the scenario's contact types.
#[derive(Debug, Clone)]
pub struct HandleMix {
    /// The contact types mixed, with cumulative shares; the last share is 1.
    pub parts: Vec<HandlePart>,
}

/// One contact type's handling time in a [`HandleMix`].
#[derive(Debug, Clone)]
pub struct HandlePart {
    pub cumulative_share: f64,
    pub sampler: Sampler,
    /// Mean of `sampler`, seconds.
    pub mean_s: f64,
    /// Handling-time multiplier by interval of the grid; empty = 1 everywhere.
    pub factor: Vec<f64>,
}

/// Agents' availability while present: alternating exponential spells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Availability {
    /// Mean length of an available spell, seconds.
    pub available_mean_s: f64,
    /// Mean length of an away spell, seconds.
    pub away_mean_s: f64,
}

impl Availability {
    /// Spells giving a long-run available share `share` with away spells of mean
    /// `away_mean_s`; `None` when the share is 1 (always available).
    pub fn from_share(share: f64, away_mean_s: f64) -> Option<Self> {
        (share < 1.0).then(|| Availability {
            available_mean_s: away_mean_s * share / (1.0 - share),
            away_mean_s,
        })
    }
}

/// What the replay takes from the scenario.
#[derive(Debug, Clone)]
pub struct ReplayModel {
    /// Handling mixture per log call type (index = the log's type id).
    pub handle_by_type: Vec<HandleMix>,
    /// Handling mixture for calls whose type is unknown or not in the scenario.
    pub handle_default: HandleMix,
    /// The interval grid of the handling factors: `factor[i]` applies to callers seeking
    /// an agent in `[grid_open_s + i·grid_step_s, …)`; 1 outside the grid.
    pub grid_open_s: f64,
    pub grid_step_s: f64,
    /// Caller patience; `None` = callers never hang up.
    pub patience: Option<Sampler>,
    /// Patience per log call type (index = the log's type id) where the scenario gives
    /// that type its own; `None` (or past the end) = `patience`.
    pub patience_by_type: Vec<Option<Sampler>>,
    /// Identified callers (the log has their caller id) are served before anonymous ones.
    pub identified_first: bool,
    /// Handling-time multiplier per log agent (index = the log's agent id); 1 past the
    /// end (empty = every agent handles at the types' own rates).
    pub agent_factor: Vec<f64>,
    pub availability: Option<Availability>,
    /// Service-level threshold, seconds.
    pub threshold_s: f64,
}

impl ReplayModel {
    /// The multiplier `factor` gives at `t_s`, seconds since midnight.
    #[inline]
    pub fn factor_at(&self, factor: &[f64], t_s: f64) -> f64 {
        let i = ((t_s - self.grid_open_s) / self.grid_step_s).floor();
        if i >= 0.0 && (i as usize) < factor.len() {
            factor[i as usize]
        } else {
            1.0
        }
    }

    /// Expected handling time of a call of log type `ty` seeking an agent at `t_s`, s.
    pub fn expected_handle_s(&self, ty: Option<u16>, t_s: f64) -> f64 {
        let mut prev = 0.0;
        let mut total = 0.0;
        for p in &self.mix(ty).parts {
            total += (p.cumulative_share - prev) * p.mean_s * self.factor_at(&p.factor, t_s);
            prev = p.cumulative_share;
        }
        total
    }

    /// The patience of a caller of log type `ty`; `None` = never hangs up.
    pub fn patience_of(&self, ty: Option<u16>) -> Option<&Sampler> {
        ty.and_then(|t| self.patience_by_type.get(t as usize))
            .and_then(Option::as_ref)
            .or(self.patience.as_ref())
    }

    /// The handling mixture for a call of log type `ty`.
    pub fn mix(&self, ty: Option<u16>) -> &HandleMix {
        ty.and_then(|t| self.handle_by_type.get(t as usize))
            .unwrap_or(&self.handle_default)
    }
}

/// The random streams of one replication of a replay.
#[derive(Debug, Clone)]
pub struct ReplayStreams {
    pub routing: Stream,
    pub handling: Stream,
    pub patience: Stream,
    pub availability: Stream,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Off,
    Idle,
    Busy,
    Away,
}

#[derive(Debug, Clone, Copy)]
struct AgentState {
    state: State,
    /// Position in the idle stack while idle.
    idle_pos: u32,
    /// The session ended while on a call: leave after it.
    leaving: bool,
    /// An away spell fell due while on a call: take it after the call.
    away_due: bool,
    /// Bumped when a session starts or ends, so stale spell events are ignored.
    generation: u32,
    /// This agent's handling-time multiplier.
    factor: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    SessionStart,
    SessionEnd,
    Done,
    AwayStart,
    Back,
}

#[derive(Debug, Clone, Copy)]
struct Ev {
    t: f64,
    seq: u64,
    agent: u32,
    generation: u32,
    kind: Kind,
}

impl PartialEq for Ev {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Ev {}
impl PartialOrd for Ev {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Ev {
    // Earliest first (reversed for the max-heap), ties first in, first out.
    fn cmp(&self, o: &Self) -> Ordering {
        o.t.total_cmp(&self.t).then(o.seq.cmp(&self.seq))
    }
}

#[derive(Debug, Clone, Copy)]
struct Waiting {
    seek_s: f64,
    deadline_s: f64,
    handle_s: f64,
}

/// Buffers reused from date to date.
#[derive(Debug, Default)]
pub struct Scratch {
    heap: BinaryHeap<Ev>,
    queue: VecDeque<Waiting>,
    /// Identified callers when they are served first.
    first: VecDeque<Waiting>,
    agents: Vec<AgentState>,
    idle: Vec<u32>,
    local: Vec<u32>,
}

struct Day<'a> {
    model: &'a ReplayModel,
    s: &'a mut Scratch,
    rng: &'a mut ReplayStreams,
    out: &'a mut [Tally; HOURS],
    seq: u64,
}

/// Replays one date, adding every caller's outcome to `out` by the hour in which they
/// sought an agent.
pub fn replay_day(
    day: &DayTrace,
    model: &ReplayModel,
    rng: &mut ReplayStreams,
    scratch: &mut Scratch,
    out: &mut [Tally; HOURS],
) {
    scratch.heap.clear();
    scratch.queue.clear();
    scratch.first.clear();
    scratch.idle.clear();
    // Agents of the day numbered 0..k in order of first appearance in the sessions.
    scratch.local.clear();
    let mut k = 0u32;
    for s in &day.sessions {
        let a = s.agent as usize;
        if scratch.local.len() <= a {
            scratch.local.resize(a + 1, u32::MAX);
        }
        if scratch.local[a] == u32::MAX {
            scratch.local[a] = k;
            k += 1;
        }
    }
    scratch.agents.clear();
    scratch.agents.resize(
        k as usize,
        AgentState {
            state: State::Off,
            idle_pos: 0,
            leaving: false,
            away_due: false,
            generation: 0,
            factor: 1.0,
        },
    );
    for s in &day.sessions {
        let a = scratch.local[s.agent as usize] as usize;
        scratch.agents[a].factor = model
            .agent_factor
            .get(s.agent as usize)
            .copied()
            .unwrap_or(1.0);
    }
    let mut d = Day {
        model,
        s: scratch,
        rng,
        out,
        seq: 0,
    };
    for s in &day.sessions {
        let a = d.s.local[s.agent as usize];
        d.push(s.start_s, a, 0, Kind::SessionStart);
        d.push(s.end_s, a, 0, Kind::SessionEnd);
    }
    let mut calls = day.calls.iter().peekable();
    loop {
        let next_ev = d.s.heap.peek().map(|e| e.t);
        let next_call = calls.peek().map(|c| c.seek_s);
        match (next_ev, next_call) {
            (None, None) => break,
            (Some(te), Some(tc)) if tc < te => {
                if let Some(c) = calls.next() {
                    d.arrive(c);
                }
            }
            (None, Some(_)) => {
                if let Some(c) = calls.next() {
                    d.arrive(c);
                }
            }
            (Some(_), _) => {
                if let Some(ev) = d.s.heap.pop() {
                    d.handle(ev);
                }
            }
        }
    }
    // Nobody is left to answer: the callers still queued abandon at their deadline.
    while let Some(w) = d.s.first.pop_front().or_else(|| d.s.queue.pop_front()) {
        let wait = if w.deadline_s.is_finite() {
            w.deadline_s - w.seek_s
        } else {
            0.0
        };
        d.record(w.seek_s, false, wait);
    }
}

impl Day<'_> {
    fn push(&mut self, t: f64, agent: u32, generation: u32, kind: Kind) {
        self.seq += 1;
        self.s.heap.push(Ev {
            t,
            seq: self.seq,
            agent,
            generation,
            kind,
        });
    }

    #[inline]
    fn record(&mut self, seek_s: f64, answered: bool, wait_s: f64) {
        self.out[hour_of(seek_s)].add(answered, wait_s, self.model.threshold_s);
    }

    fn draw_handle(&mut self, t: f64, ty: Option<u16>) -> f64 {
        let m = self.model;
        let mix = m.mix(ty);
        let part = if mix.parts.len() == 1 {
            &mix.parts[0]
        } else {
            let u = self.rng.routing.open01();
            let i = mix
                .parts
                .iter()
                .position(|p| u <= p.cumulative_share)
                .unwrap_or(mix.parts.len() - 1);
            &mix.parts[i]
        };
        part.sampler.sample(&mut self.rng.handling) * m.factor_at(&part.factor, t)
    }

    fn arrive(&mut self, c: &TraceCall) {
        let (t, ty) = (c.seek_s, c.call_type);
        let handle_s = self.draw_handle(t, ty);
        let patience_s = match self.model.patience_of(ty) {
            Some(p) => p.sample(&mut self.rng.patience),
            None => f64::INFINITY,
        };
        if let Some(a) = self.s.idle.pop() {
            self.record(t, true, 0.0);
            self.start_call(t, a, handle_s);
        } else {
            let w = Waiting {
                seek_s: t,
                deadline_s: t + patience_s,
                handle_s,
            };
            if c.identified && self.model.identified_first {
                self.s.first.push_back(w);
            } else {
                self.s.queue.push_back(w);
            }
        }
    }

    fn start_call(&mut self, t: f64, a: u32, handle_s: f64) {
        let st = &mut self.s.agents[a as usize];
        st.state = State::Busy;
        let (g, f) = (st.generation, st.factor);
        self.push(t + handle_s * f, a, g, Kind::Done);
    }

    /// Agent `a` is ready for work at `t`: serve the first caller still waiting (the
    /// identified callers' queue first), else idle.
    fn available(&mut self, t: f64, a: u32) {
        while let Some(w) = self
            .s
            .first
            .pop_front()
            .or_else(|| self.s.queue.pop_front())
        {
            if w.deadline_s < t {
                self.record(w.seek_s, false, w.deadline_s - w.seek_s);
                continue;
            }
            self.record(w.seek_s, true, t - w.seek_s);
            self.start_call(t, a, w.handle_s);
            return;
        }
        let st = &mut self.s.agents[a as usize];
        st.state = State::Idle;
        st.idle_pos = self.s.idle.len() as u32;
        self.s.idle.push(a);
    }

    fn remove_idle(&mut self, a: u32) {
        let pos = self.s.agents[a as usize].idle_pos as usize;
        self.s.idle.swap_remove(pos);
        if let Some(&moved) = self.s.idle.get(pos) {
            self.s.agents[moved as usize].idle_pos = pos as u32;
        }
    }

    fn schedule_away(&mut self, t: f64, a: u32) {
        if let Some(av) = self.model.availability {
            let g = self.s.agents[a as usize].generation;
            let dt = -av.available_mean_s * self.rng.availability.open01().ln();
            self.push(t + dt, a, g, Kind::AwayStart);
        }
    }

    fn go_away(&mut self, t: f64, a: u32) {
        if let Some(av) = self.model.availability {
            self.s.agents[a as usize].state = State::Away;
            let g = self.s.agents[a as usize].generation;
            let dt = -av.away_mean_s * self.rng.availability.open01().ln();
            self.push(t + dt, a, g, Kind::Back);
        }
    }

    fn handle(&mut self, ev: Ev) {
        let a = ev.agent;
        let t = ev.t;
        let idx = a as usize;
        match ev.kind {
            Kind::SessionStart => {
                let st = &mut self.s.agents[idx];
                st.generation += 1;
                st.leaving = false;
                st.away_due = false;
                if st.state == State::Off || st.state == State::Away {
                    self.available(t, a);
                }
                self.schedule_away(t, a);
            }
            Kind::SessionEnd => {
                let st = &mut self.s.agents[idx];
                st.generation += 1;
                match st.state {
                    State::Busy => st.leaving = true,
                    State::Idle => {
                        self.remove_idle(a);
                        self.s.agents[idx].state = State::Off;
                    }
                    State::Away | State::Off => st.state = State::Off,
                }
            }
            Kind::Done => {
                let st = &mut self.s.agents[idx];
                if st.leaving {
                    st.leaving = false;
                    st.away_due = false;
                    st.state = State::Off;
                } else if st.away_due {
                    st.away_due = false;
                    self.go_away(t, a);
                } else {
                    self.available(t, a);
                }
            }
            Kind::AwayStart if ev.generation == self.s.agents[idx].generation => {
                match self.s.agents[idx].state {
                    State::Idle => {
                        self.remove_idle(a);
                        self.go_away(t, a);
                    }
                    State::Busy => self.s.agents[idx].away_due = true,
                    State::Away | State::Off => {}
                }
            }
            Kind::Back if ev.generation == self.s.agents[idx].generation => {
                if self.s.agents[idx].state == State::Away {
                    self.available(t, a);
                    self.schedule_away(t, a);
                }
            }
            Kind::AwayStart | Kind::Back => {}
        }
    }
}
