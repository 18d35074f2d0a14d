//! The one font every chart uses: DejaVu Sans, bundled by the `dejavu` crate.
//!
//! Charts never look up system fonts (there may be none, and no fontconfig): the font's
//! bytes are compiled in and registered with plotters' `ab_glyph` text renderer once per
//! process, under [`FAMILY`].

use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use plotters::style::{FontStyle, register_font};

/// The family name charts ask plotters for.
///
/// It is registered under this whole string, which plotters also copies verbatim into
/// each SVG `font-family` attribute: a browser without DejaVu Sans falls back to
/// Bitstream Vera Sans (DejaVu's parent, same metrics), then Verdana (close metrics),
/// then any sans-serif, so SVG labels keep roughly the widths they were laid out for.
pub const FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";

/// Registers the bundled font (regular and bold) with plotters, once per process.
///
/// Every chart calls this before drawing; later calls only return the first outcome.
pub fn ensure_registered() -> Result<()> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let faces = [
                (FontStyle::Normal, dejavu::sans::regular()),
                (FontStyle::Bold, dejavu::sans::bold()),
            ];
            for (style, bytes) in faces {
                register_font(FAMILY, style, bytes).map_err(|_| {
                    format!(
                        "the bundled DejaVu Sans {} is not a valid font",
                        style.as_str()
                    )
                })?;
            }
            Ok(())
        })
        .clone()
        .map_err(|e| anyhow!(e))
}
