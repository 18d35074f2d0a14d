//! How far predictions fall from what happened: MAE, bias, WAPE and Pearson's r.

use serde::{Deserialize, Serialize};

/// Accuracy of predictions of one figure over `n` (prediction, actual) pairs.
///
/// - `mae`: mean absolute error, in the figure's unit;
/// - `bias`: mean of prediction − actual (positive = the model predicts too high);
/// - `wape`: Σ|prediction − actual| ÷ Σ|actual| (weighted absolute percentage error, as a
///   share; `None` when every actual is 0);
/// - `r`: Pearson's correlation of predictions with actuals (`None` with fewer than 3
///   pairs or when either side is constant).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema, Default)]
pub struct Accuracy {
    pub mae: Option<f64>,
    pub bias: Option<f64>,
    pub wape: Option<f64>,
    pub r: Option<f64>,
    pub n: u32,
}

/// Accuracy over `(prediction, actual)` pairs.
pub fn accuracy(pairs: &[(f64, f64)]) -> Accuracy {
    let n = pairs.len();
    if n == 0 {
        return Accuracy::default();
    }
    let nf = n as f64;
    let abs_err: f64 = pairs.iter().map(|(p, a)| (p - a).abs()).sum();
    let err: f64 = pairs.iter().map(|(p, a)| p - a).sum();
    let abs_actual: f64 = pairs.iter().map(|(_, a)| a.abs()).sum();
    Accuracy {
        mae: Some(abs_err / nf),
        bias: Some(err / nf),
        wape: (abs_actual > 0.0).then(|| abs_err / abs_actual),
        r: pearson(pairs),
        n: n as u32,
    }
}

fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 3 {
        return None;
    }
    let nf = pairs.len() as f64;
    let mp = pairs.iter().map(|(p, _)| p).sum::<f64>() / nf;
    let ma = pairs.iter().map(|(_, a)| a).sum::<f64>() / nf;
    let (mut spa, mut spp, mut saa) = (0.0, 0.0, 0.0);
    for (p, a) in pairs {
        spa += (p - mp) * (a - ma);
        spp += (p - mp).powi(2);
        saa += (a - ma).powi(2);
    }
    (spp > 0.0 && saa > 0.0).then(|| spa / (spp * saa).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        let a = accuracy(&[(1.0, 2.0), (3.0, 2.0), (5.0, 6.0)]);
        assert_eq!(a.n, 3);
        assert!((a.mae.unwrap() - 1.0).abs() < 1e-15);
        assert!((a.bias.unwrap() - (-1.0 / 3.0)).abs() < 1e-15);
        assert!((a.wape.unwrap() - 0.3).abs() < 1e-15);
        // Predictions 1,3,5 (mean 3) and actuals 2,2,6 (mean 10/3): r = 8 / sqrt(8 · 32/3).
        assert!((a.r.unwrap() - 8.0 / (8.0f64 * 32.0 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(accuracy(&[]).mae, None);
        assert_eq!(accuracy(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)]).r, None);
    }
}
