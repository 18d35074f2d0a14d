//! The charts' palette and text styles: Okabe–Ito colours, distinguishable with the
//! common colour-vision deficiencies, and greys for text and grid.

use super::*;

/// Text.
pub const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Subtitles, notes, secondary text.
pub const MUTED: RGBColor = RGBColor(0x5a, 0x5a, 0x5a);
/// Grid lines (at the ticks; charts draw no minor grid).
pub const GRID_BOLD: RGBColor = RGBColor(0xd4, 0xd4, 0xd4);
/// Blue: the main series (normal periods, mean service level, agents available, 1st line).
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// Vermillion: peaks, abandoned calls, shortfalls.
pub const VERMILLION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// Bluish green: answered calls.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
/// Orange: e-mails received.
pub const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
/// Reddish purple: the 2nd line.
pub const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
/// Targets and thresholds.
pub const TARGET: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Cells or points without a value.
pub const MISSING: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);
/// Sky blue: the sixth sweep series.
pub const SKY: RGBColor = RGBColor(0x56, 0xb4, 0xe9);

/// Colour of the `i`-th line (1st line blue, 2nd purple).
pub fn line_colour(i: usize) -> RGBColor {
    [BLUE, PURPLE, GREEN, ORANGE][i % 4]
}

/// Opacity of confidence bands.
pub const BAND_ALPHA: f64 = 0.22;

/// Regular text of `size` px in the bundled font.
pub fn text(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal).into()
}

/// Bold text of `size` px in the bundled font.
pub fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Bold).into()
}

/// Tick labels.
pub fn tick_text() -> TextStyle<'static> {
    text(15.0).color(&INK)
}

/// Axis titles.
pub fn axis_text() -> TextStyle<'static> {
    text(16.0).color(&INK)
}

/// A panel title, above a plot.
pub fn panel_text() -> TextStyle<'static> {
    bold(18.0).color(&INK)
}
