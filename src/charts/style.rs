//! What every chart shares: size, palette, text styles, the frame (title, subtitle, legend,
//! note) and the helper that renders one drawing to both PNG and SVG. The palette, the
//! legend, number formats, axes and common series each have a file under `style/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod axes;
mod draw;
mod format;
mod legend;
mod palette;

pub use axes::*;
pub use draw::*;
pub use format::*;
use legend::legend;
pub use legend::{Key, Swatch};
pub use palette::{
    BAND_ALPHA, BLUE, GREEN, GRID_BOLD, INK, MISSING, MUTED, ORANGE, PURPLE, SKY, TARGET,
    VERMILLION, axis_text, bold, line_colour, panel_text, text, tick_text,
};

use super::font::{self, FAMILY};
use crate::atomic;

/// Size of every chart, px (the SVG's user units are the same).
pub const SIZE: (u32, u32) = (1200, 700);

/// What a drawing step returns on a given backend.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart's body: drawn once, on whichever backend [`render`] hands it.
pub trait Body {
    /// Draws the plot(s) into `area`, the space the frame leaves below the legend.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// The frame around a body.
pub struct Frame<'a> {
    /// Bold, top left: what the chart shows, for which line.
    pub title: String,
    /// Under the title, wrapped onto a second line if need be: definitions, the day, the
    /// threshold, the verdict.
    pub subtitle: String,
    /// Keys of the body's series, drawn in a row above the plot.
    pub legend: Vec<Key>,
    /// Small print at the bottom right (the run it came from); empty for none.
    pub note: &'a str,
}

/// Renders `frame` and `body` to `<stem>.png` and `<stem>.svg` in `dir`, each written under
/// a temporary name in `dir` and renamed into place (the SVG first). Returns both paths,
/// PNG first.
pub fn render(dir: &Path, stem: &str, frame: &Frame, body: &impl Body) -> Result<Vec<PathBuf>> {
    font::ensure_registered()?;
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));

    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, SIZE).into_drawing_area();
        draw_all(&root, frame, body)
            .and_then(|()| root.present())
            .map_err(|e| anyhow!("drawing {}: {e}", svg.display()))?;
    }
    atomic::write(&svg, text.as_bytes())?;

    // The bitmap backend encodes through the `image` crate, which picks the format from the
    // file's extension: the temporary name must end in `.png`.
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        ".{stem}.tmp-{}-{}.png",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| -> Result<()> {
        {
            let root = BitMapBackend::new(&tmp, SIZE).into_drawing_area();
            draw_all(&root, frame, body)
                .and_then(|()| root.present())
                .map_err(|e| anyhow!("drawing {}: {e}", png.display()))?;
        }
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing {}", tmp.display()))?;
        fs::rename(&tmp, &png)
            .with_context(|| format!("renaming {} to {}", tmp.display(), png.display()))
    })();
    if result.is_err() {
        // The backend, dropped unpresented, may have saved a partial image: remove it.
        let _ = fs::remove_file(&tmp);
    }
    result?;
    Ok(vec![png, svg])
}

fn draw_all<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    body: &impl Body,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let room = (w - 2 * MARGIN) as u32;
    let title = fit(root, &frame.title, 26.0, room, true)?.color(&INK);
    root.draw_text(&frame.title, &title, (MARGIN, 14))?;
    let subtitle = wrap(root, &frame.subtitle, &text(17.0), room)?;
    let sub = fit(
        root,
        subtitle.last().map_or("", String::as_str),
        17.0,
        room,
        false,
    )?;
    for (i, line) in subtitle.iter().enumerate() {
        root.draw_text(line, &sub.color(&MUTED), (MARGIN, 48 + 22 * i as i32))?;
    }
    if !frame.note.is_empty() {
        let style = text(13.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Right, VPos::Bottom));
        root.draw_text(frame.note, &style, (w - MARGIN, h - 6))?;
    }
    let mut top = 76 + 22 * (subtitle.len() as i32 - 1);
    if !frame.legend.is_empty() {
        let rows = legend(root, &frame.legend, (MARGIN, top + 4), w - MARGIN)?;
        top += 28 * rows;
    }
    let body_area = root.margin(top, 22, 8, MARGIN);
    body.draw(&body_area)
}

/// `line` split at spaces into at most two lines that fit in `room` px in `style` (the
/// second may still be too long; [`fit`] then shrinks it).
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &str,
    style: &TextStyle,
    room: u32,
) -> Result<Vec<String>, DrawingAreaErrorKind<DB::ErrorType>> {
    if area.estimate_text_size(line, style)?.0 <= room {
        return Ok(vec![line.to_owned()]);
    }
    let words: Vec<&str> = line.split(' ').collect();
    let mut first = 0;
    for k in 1..words.len() {
        if area.estimate_text_size(&words[..k].join(" "), style)?.0 > room {
            break;
        }
        first = k;
    }
    if first == 0 {
        return Ok(vec![line.to_owned()]);
    }
    Ok(vec![words[..first].join(" "), words[first..].join(" ")])
}

/// The text style of at most `size` px, shrunk down to 12 px if need be, in which `line`
/// fits in `room` px.
fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &str,
    size: f64,
    room: u32,
    is_bold: bool,
) -> Result<TextStyle<'static>, DrawingAreaErrorKind<DB::ErrorType>> {
    let make = |s: f64| if is_bold { bold(s) } else { text(s) };
    let mut s = size;
    while s > 12.0 && area.estimate_text_size(line, &make(s))?.0 > room {
        s -= 1.0;
    }
    Ok(make(s))
}

/// Left and right margin of the frame's text, px.
const MARGIN: i32 = 20;
