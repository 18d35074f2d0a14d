//! Properties of the analytic core that must hold for every input, checked on random
//! systems: monotonicity in agents, limits between models, fractional interpolation,
//! staffing minimality and abandonment computed two ways.

use ccplan::erlang::{
    ErlangError, Figures, Model, Target, erlang_b, erlang_b_fractional, erlang_c,
    erlang_c_fractional, required_agents,
};
use ccplan::service_level::SlDefinition;
use proptest::prelude::*;

/// Tolerances, in one place.
mod tol {
    /// Slack for "never rises": a later value may exceed an earlier one by this share.
    pub const MONOTONE: f64 = 1e-12;
    /// Absolute slack for service levels. They are sums of complements 1 − I_x(c, j+1)
    /// of incomplete-beta values built by a forward recursion over the queue, whose
    /// rounding error grows with the queue length (about j × 1e-16): tiny service levels
    /// are accurate in absolute, not relative, terms. The reference tables use the same
    /// absolute tolerance for values below 1e-3.
    pub const SL_ABSOLUTE: f64 = 1e-12;
    /// Differences below this are rounding noise, not a trend.
    pub const NOISE: f64 = 1e-13;
    /// Agreement of two exact computations of the same quantity.
    pub const TWO_WAYS: f64 = 1e-10;
    /// Fractional Erlang at a whole number against the integer recursion.
    pub const AT_INTEGERS: f64 = 1e-12;
}

/// Offered loads spanning one agent to a few thousand [erlangs].
fn load() -> impl Strategy<Value = f64> {
    prop_oneof![0.05..5.0f64, 5.0..200.0f64, 200.0..3000.0f64]
}

/// Handling times [s].
fn aht_s() -> impl Strategy<Value = f64> {
    30.0..900.0f64
}

/// Mean patience [s].
fn patience_s() -> impl Strategy<Value = f64> {
    5.0..2000.0f64
}

fn no_more(later: f64, earlier: f64) -> bool {
    later <= earlier * (1.0 + tol::MONOTONE) + f64::MIN_POSITIVE
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-300
}

/// Every value is finite and every probability in [0, 1].
fn sane(f: &Figures) -> bool {
    let probs = [f.p_wait, f.p_abandon, f.p_block, f.occupancy]
        .into_iter()
        .chain(f.service_level.iter().map(|(_, v)| v));
    let means = [
        f.asa_s,
        f.mean_wait_s,
        f.mean_virtual_wait_s,
        f.mean_queue_length,
    ];
    let mut probs = probs;
    probs.all(|p| (0.0..=1.0).contains(&p)) && means.into_iter().all(|m| m.is_finite() && m >= 0.0)
}

proptest! {
    #[test]
    fn erlang_c_never_worsens_with_more_agents(a in load(), aht in aht_s(), extra in 0u32..60) {
        let model = Model::from_load(a, aht).unwrap();
        let n = a.floor() + 1.0 + f64::from(extra);
        let f0 = model.figures(n, 20.0).unwrap();
        let f1 = model.figures(n + 1.0, 20.0).unwrap();
        prop_assert!(sane(&f0) && sane(&f1));
        prop_assert!(no_more(f1.p_wait, f0.p_wait), "{} > {}", f1.p_wait, f0.p_wait);
        prop_assert!(no_more(f1.asa_s, f0.asa_s));
        prop_assert!(f1.service_level.offered >= f0.service_level.offered - tol::SL_ABSOLUTE);
    }

    #[test]
    fn erlang_a_never_worsens_with_more_agents(
        a in load(), aht in aht_s(), patience in patience_s(), share in 0.3..1.6f64,
    ) {
        // Under- and overloaded alike: Erlang A is defined at any load.
        let model = Model::from_load(a, aht).unwrap().with_patience_s(patience).unwrap();
        let n = (a * share).round().max(1.0);
        let f0 = model.figures(n, 20.0).unwrap();
        let f1 = model.figures(n + 1.0, 20.0).unwrap();
        prop_assert!(sane(&f0) && sane(&f1));
        prop_assert!(no_more(f1.p_wait, f0.p_wait), "{} > {}", f1.p_wait, f0.p_wait);
        prop_assert!(no_more(f1.asa_s, f0.asa_s), "{} > {}", f1.asa_s, f0.asa_s);
        prop_assert!(no_more(f1.p_abandon, f0.p_abandon));
        for d in SlDefinition::ALL {
            let (s0, s1) = (f0.service_level.get(d), f1.service_level.get(d));
            prop_assert!(s1 >= s0 - tol::SL_ABSOLUTE, "{}: {s1} < {s0}", d.key());
        }
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows(
        a in 0.5..500.0f64, aht in aht_s(), rho in 0.3..0.95f64,
    ) {
        let n = (a / rho).ceil();
        let c = Model::from_load(a, aht).unwrap().figures(n, 20.0).unwrap();
        let gap = |patience_factor: f64| {
            let f = Model::from_load(a, aht).unwrap()
                .with_patience_s(aht * patience_factor).unwrap()
                .figures(n, 20.0).unwrap();
            (f.p_wait - c.p_wait).abs() + (f.asa_s - c.asa_s).abs() / aht
                + (f.service_level.offered - c.service_level.offered).abs()
        };
        let (g3, g5, g8) = (gap(1e3), gap(1e5), gap(1e8));
        // The gap closes like 1/patience: 100× more patience, at least 10× closer (the
        // slack allows for the second-order term), down to rounding noise.
        prop_assert!(g5 <= g3 / 10.0 + tol::NOISE, "{g3} → {g5}");
        prop_assert!(g8 <= g5 / 10.0 + tol::NOISE, "{g5} → {g8}");
        prop_assert!(g8 < 1e-4, "gap {g8} at patience 1e8 × AHT");
    }

    #[test]
    fn fractional_agents_interpolate_monotonically(a in load(), extra in 0u32..40) {
        let n = a.floor() + 1.0 + f64::from(extra);
        let whole = n as u32;
        prop_assert!(close(erlang_c_fractional(n, a).unwrap(), erlang_c(whole, a).unwrap(), tol::AT_INTEGERS));
        prop_assert!(close(erlang_b_fractional(n, a).unwrap(), erlang_b(whole, a).unwrap(), tol::AT_INTEGERS));
        let mut previous = (erlang_b_fractional(n, a).unwrap(), erlang_c_fractional(n, a).unwrap());
        for tenth in 1..=10 {
            let x = n + f64::from(tenth) / 10.0;
            let now = (erlang_b_fractional(x, a).unwrap(), erlang_c_fractional(x, a).unwrap());
            prop_assert!(no_more(now.0, previous.0), "B rises at {x}: {} > {}", now.0, previous.0);
            prop_assert!(no_more(now.1, previous.1), "C rises at {x}: {} > {}", now.1, previous.1);
            previous = now;
        }
        // Continuous at the next whole number.
        prop_assert!(close(erlang_c_fractional(n + 1.0 - 1e-12, a).unwrap(), erlang_c(whole + 1, a).unwrap(), 1e-9));
    }

    #[test]
    fn erlang_a_fractional_agents_interpolate_monotonically(
        a in load(), aht in aht_s(), patience in patience_s(), share in 0.3..1.6f64,
    ) {
        let model = Model::from_load(a, aht).unwrap().with_patience_s(patience).unwrap();
        let n = (a * share).round().max(1.0);
        let (lo, hi) = (model.figures(n, 20.0).unwrap(), model.figures(n + 1.0, 20.0).unwrap());
        let key = |f: &Figures| [
            f.p_wait, f.asa_s, f.p_abandon, f.mean_wait_s,
            1.0 - f.service_level.offered, 1.0 - f.service_level.virtual_wait,
        ];
        let mut previous = key(&lo);
        for tenth in 1..=10 {
            let x = n + f64::from(tenth) / 10.0;
            let f = model.figures(x, 20.0).unwrap();
            prop_assert!(sane(&f));
            prop_assert_eq!(f.agents, x);
            let now = key(&f);
            for (i, (later, earlier)) in now.iter().zip(previous).enumerate() {
                prop_assert!(no_more(*later, earlier) || (later - earlier).abs() < tol::NOISE,
                    "figure {i} rises at {x}: {later} > {earlier}");
            }
            previous = now;
        }
        // Continuous at both whole counts, where the figures are the whole-count ones.
        let end = model.figures(n + 1.0 - 1e-12, 20.0).unwrap();
        prop_assert!(close(end.p_wait, hi.p_wait, 1e-9));
        let start = model.figures(n + 1e-12, 20.0).unwrap();
        prop_assert!(close(start.asa_s, lo.asa_s, 1e-9), "{} vs {}", start.asa_s, lo.asa_s);
    }

    #[test]
    fn no_arrivals_give_exact_limits_at_any_staffing(
        aht in aht_s(), patience in proptest::option::of(patience_s()), agents in 1.0..500.0f64,
        t in 0.0..300.0f64, lines in proptest::option::of(1u32..50),
    ) {
        let mut model = Model::new(0.0, aht).unwrap();
        if let Some(p) = patience {
            model = model.with_patience_s(p).unwrap();
        }
        if let Some(k) = lines {
            model = model.with_lines(k).unwrap();
        }
        let f = model.figures(agents, t).unwrap();
        for v in [f.p_wait, f.p_abandon, f.p_block, f.asa_s, f.mean_wait_s,
                  f.mean_virtual_wait_s, f.mean_queue_length, f.occupancy] {
            prop_assert_eq!(v, 0.0);
        }
        for (_, v) in f.service_level.iter() {
            prop_assert_eq!(v, 1.0);
        }
        // And they are the limits of a vanishing load: a trickle of calls is close.
        let trickle = Model::from_load(1e-7, aht).unwrap();
        let trickle = match patience {
            Some(p) => trickle.with_patience_s(p).unwrap(),
            None => trickle,
        };
        let g = trickle.figures(agents.max(1.0), t).unwrap();
        prop_assert!(g.p_wait < 1e-6 && g.occupancy < 1e-6 && g.service_level.offered > 1.0 - 1e-6);
    }

    #[test]
    fn abandonment_two_ways_agree(
        a in load(), aht in aht_s(), patience in patience_s(), share in 0.3..1.6f64,
        lines_extra in proptest::option::of(0u32..50),
    ) {
        let n = (a * share).round().max(1.0);
        let mut model = Model::from_load(a, aht).unwrap().with_patience_s(patience).unwrap();
        if let Some(extra) = lines_extra {
            model = model.with_lines(n as u32 + extra).unwrap();
        }
        let f = model.figures(n, 20.0).unwrap();
        // Every abandonment is a waiting caller's patience running out: rate θ·E[Q],
        // shared among the admitted attempts λ·(1 − P_block).
        let lambda = f.attempts_per_hour / 3600.0;
        let via_queue = f.mean_queue_length / patience / (lambda * (1.0 - f.p_block));
        prop_assert!(close(f.p_abandon, via_queue, tol::TWO_WAYS), "{} vs {via_queue}", f.p_abandon);
        // Little's law for the time in queue of all admitted calls.
        let little = f.mean_queue_length / (lambda * (1.0 - f.p_block));
        prop_assert!(close(f.mean_wait_s, little, tol::TWO_WAYS), "{} vs {little}", f.mean_wait_s);
    }

    #[test]
    fn required_agents_are_the_fewest(
        a in 0.2..800.0f64, aht in aht_s(), patience in proptest::option::of(patience_s()),
        kind in 0usize..5, level in 0.05..0.99f64, t in 0.0..120.0f64, def in 0usize..4,
    ) {
        let mut model = Model::from_load(a, aht).unwrap();
        if let Some(p) = patience {
            model = model.with_patience_s(p).unwrap();
        }
        let sl = Target::ServiceLevel { definition: SlDefinition::ALL[def], threshold_s: t, at_least: level };
        let asa = Target::Asa { at_most_s: aht * (1.0 - level) };
        let abandon = Target::Abandonment { at_most: (1.0 - level) / 4.0 };
        let occupancy = Target::Occupancy { at_most: level.max(0.3) };
        let targets: Vec<Target> = match kind {
            0 => vec![sl],
            1 => vec![asa],
            2 => vec![abandon],
            3 => vec![occupancy],
            _ => vec![sl, asa, abandon, occupancy],
        };
        let need = required_agents(&model, &targets, t).unwrap();
        let meets = |n: u32| -> bool {
            targets.iter().all(|target| {
                match model.figures(f64::from(n), t) {
                    Ok(f) => target.is_met(&f) == Some(true),
                    Err(ErlangError::Unstable { .. }) => false,
                    Err(e) => panic!("{e}"),
                }
            })
        };
        prop_assert!(meets(need.agents), "{} agents miss {targets:?}", need.agents);
        prop_assert!(need.agents == 1 || !meets(need.agents - 1), "{} agents also meet {targets:?}", need.agents - 1);
        prop_assert!(sane(&need.figures));
    }
}

#[test]
fn infeasible_targets_are_errors() {
    let erlang_a = Model::new(1200.0, 300.0)
        .unwrap()
        .with_patience_s(180.0)
        .unwrap();
    let erlang_c = Model::new(1200.0, 300.0).unwrap();
    let cases = [
        (erlang_a, Target::Abandonment { at_most: 0.0 }),
        (
            erlang_c,
            Target::ServiceLevel {
                definition: SlDefinition::Offered,
                threshold_s: 20.0,
                at_least: 1.0,
            },
        ),
        (erlang_a, Target::Occupancy { at_most: 0.0 }),
    ];
    for (model, target) in cases {
        let r = required_agents(&model, &[target], 20.0);
        assert!(
            matches!(r, Err(ErlangError::Infeasible { .. })),
            "{target}: {r:?}"
        );
    }
    // Without arrivals every target is met by a single agent, even caps of 0.
    let idle = Model::new(0.0, 300.0)
        .unwrap()
        .with_patience_s(180.0)
        .unwrap();
    let caps = [
        Target::Abandonment { at_most: 0.0 },
        Target::Occupancy { at_most: 0.0 },
        Target::ServiceLevel {
            definition: SlDefinition::Offered,
            threshold_s: 0.0,
            at_least: 0.99,
        },
    ];
    for model in [idle, Model::new(0.0, 300.0).unwrap()] {
        let need = required_agents(&model, &caps, 0.0).unwrap();
        assert_eq!(need.agents, 1, "{model:?}");
    }
    // Erlang C never loses a call: a cap of 0 is met by the first stable staffing.
    let r = required_agents(&erlang_c, &[Target::Abandonment { at_most: 0.0 }], 20.0).unwrap();
    assert_eq!(r.agents, 101);
}
