//! Student's t distribution for any confidence: the distribution function by the exact
//! finite series for integer degrees of freedom (Abramowitz & Stegun 26.7.3–26.7.4), and
//! its quantile by bisection on it. Used for one-sided confidence bounds of cell figures
//! over replications (`ccplan staff --confidence`).

/// P(T ≤ t) for Student's t with `df ≥ 1` degrees of freedom.
///
/// With θ = atan(t / √ν) and A = P(|T| ≤ |t|):
/// ν odd: A = (2/π)(θ + sin θ (cos θ + (2/3) cos³ θ + … + (2·4⋯(ν−3))/(1·3⋯(ν−2)) cos^(ν−2) θ)),
/// ν even: A = sin θ (1 + (1/2) cos² θ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2)) cos^(ν−2) θ).
pub fn t_cdf(t: f64, df: u32) -> f64 {
    if df == 0 || t.is_nan() {
        return f64::NAN;
    }
    let theta = (t.abs() / f64::from(df).sqrt()).atan();
    let (s, c) = theta.sin_cos();
    let c2 = c * c;
    let a = if df % 2 == 1 {
        // Terms cos θ, (2/3) cos³ θ, …: each the last × (k − 1)/k × cos² θ, k = 3, 5, ….
        let mut sum = 0.0;
        if df > 1 {
            let mut term = c;
            sum = term;
            let mut k = 3;
            while k + 2 <= df {
                term *= f64::from(k - 1) / f64::from(k) * c2;
                sum += term;
                k += 2;
            }
        }
        2.0 / std::f64::consts::PI * (theta + s * sum)
    } else {
        // Terms 1, (1/2) cos² θ, (1·3)/(2·4) cos⁴ θ, …: each × (k − 1)/k × cos² θ, k = 2, 4, ….
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 2;
        while k < df {
            term *= f64::from(k - 1) / f64::from(k) * c2;
            sum += term;
            k += 2;
        }
        s * sum
    };
    let a = a.clamp(0.0, 1.0);
    if t >= 0.0 {
        0.5 + a / 2.0
    } else {
        0.5 - a / 2.0
    }
}

/// The `p` quantile of Student's t with `df ≥ 1` degrees of freedom, `0 < p < 1`, to
/// within 1e-10 (bisection on [`t_cdf`]); NaN outside that domain.
pub fn t_quantile(p: f64, df: u32) -> f64 {
    if df == 0 || !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        return -t_quantile(1.0 - p, df);
    }
    // Bracket: double the upper end until the distribution function passes p.
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while t_cdf(hi, df) < p {
        lo = hi;
        hi *= 2.0;
        if hi > 1e12 {
            return f64::INFINITY;
        }
    }
    while hi - lo > 1e-11 * hi.max(1.0) {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::estimate::t_quantile_975;

    #[test]
    fn quantiles_match_published_tables() {
        // One-sided 95% (R: qt(0.95, df)).
        for (df, q) in [
            (1, 6.313_751_515),
            (2, 2.919_985_580),
            (3, 2.353_363_435),
            (5, 2.015_048_373),
            (9, 1.833_112_933),
            (10, 1.812_461_123),
            (29, 1.699_127_027),
            (99, 1.660_391_156),
        ] {
            assert!((t_quantile(0.95, df) - q).abs() < 1e-8, "df {df}");
        }
        // One-sided 99% and 90%.
        assert!((t_quantile(0.99, 4) - 3.746_947_388).abs() < 1e-8);
        assert!((t_quantile(0.90, 7) - 1.414_923_928).abs() < 1e-8);
        assert!((t_quantile(0.10, 7) + 1.414_923_928).abs() < 1e-8);
        // The two-sided 95% table used for confidence intervals.
        for df in [1, 2, 3, 4, 7, 12, 30, 31, 99, 199] {
            assert!(
                (t_quantile(0.975, df) - t_quantile_975(df)).abs() < 1e-6,
                "df {df}"
            );
        }
        assert_eq!(t_quantile(0.5, 9), 0.0);
        assert!(t_quantile(1.0, 9).is_nan() && t_quantile(0.95, 0).is_nan());
    }

    #[test]
    fn distribution_function_is_cauchy_at_one_degree_and_normal_in_the_limit() {
        for t in [-3.0_f64, -0.5, 0.0, 0.7, 2.0, 40.0] {
            let cauchy = 0.5 + t.atan() / std::f64::consts::PI;
            assert!((t_cdf(t, 1) - cauchy).abs() < 1e-14, "{t}");
        }
        // Φ(1.644854) = 0.95 in the limit.
        assert!((t_cdf(1.644_853_627, 100_000) - 0.95).abs() < 1e-5);
        // Symmetry.
        assert!((t_cdf(-1.3, 8) + t_cdf(1.3, 8) - 1.0).abs() < 1e-15);
    }
}
