//! Small widgets every page uses: coloured banners and badges, section
//! titles, labelled text fields, the three-colour token.

use eframe::egui;

/// What a banner, badge or status message means, and so its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Good,
    Info,
    Warning,
    Bad,
}

impl Tone {
    /// Background and text colours.
    fn colors(self, dark: bool) -> (egui::Color32, egui::Color32) {
        use egui::Color32 as C;
        match (self, dark) {
            (Tone::Good, false) => (C::from_rgb(0xe6, 0xf4, 0xea), C::from_rgb(0x13, 0x73, 0x33)),
            (Tone::Good, true) => (C::from_rgb(0x12, 0x33, 0x1d), C::from_rgb(0x81, 0xd8, 0x96)),
            (Tone::Info, false) => (C::from_rgb(0xe8, 0xf0, 0xfe), C::from_rgb(0x17, 0x4e, 0xa6)),
            (Tone::Info, true) => (C::from_rgb(0x17, 0x2a, 0x45), C::from_rgb(0x8a, 0xb4, 0xf8)),
            (Tone::Warning, false) => {
                (C::from_rgb(0xfe, 0xf7, 0xe0), C::from_rgb(0x8a, 0x55, 0x00))
            }
            (Tone::Warning, true) => (C::from_rgb(0x3d, 0x30, 0x10), C::from_rgb(0xf6, 0xc3, 0x4a)),
            (Tone::Bad, false) => (C::from_rgb(0xfc, 0xe8, 0xe6), C::from_rgb(0xa5, 0x0e, 0x0e)),
            (Tone::Bad, true) => (C::from_rgb(0x45, 0x17, 0x17), C::from_rgb(0xf2, 0x8b, 0x82)),
        }
    }

    /// The colour of plain text in this tone (the status bar).
    pub(crate) fn text_color(self, visuals: &egui::Visuals) -> egui::Color32 {
        match self {
            Tone::Bad => visuals.error_fg_color,
            Tone::Warning => visuals.warn_fg_color,
            Tone::Good | Tone::Info => visuals.text_color(),
        }
    }
}

/// A coloured box with a one-sentence title and optional detail.
pub(crate) fn banner(ui: &mut egui::Ui, tone: Tone, title: &str, detail: Option<&str>) {
    let (fill, text) = tone.colors(ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, text.gamma_multiply(0.5)))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.add(
                egui::Label::new(egui::RichText::new(title).color(text).strong().size(15.0))
                    .selectable(true),
            );
            if let Some(d) = detail {
                ui.add(egui::Label::new(egui::RichText::new(d).color(text)).selectable(true));
            }
        });
    ui.add_space(6.0);
}

/// The height [`banner`] takes (with the space after it) for a one-part
/// banner titled `title` at the current width.
pub(crate) fn banner_height(ui: &egui::Ui, title: &str) -> f32 {
    // Frame margins 2 x 8, stroke 2 x 1, then the item spacing and the 6
    // of space after it.
    let wrap = (ui.available_width() - 2.0 * 12.0 - 2.0).max(10.0);
    let galley = ui.painter().layout(
        title.to_owned(),
        egui::FontId::proportional(15.0),
        egui::Color32::PLACEHOLDER,
        wrap,
    );
    // (+1: rounding, so the estimate is never a hair short.)
    galley.size().y + 2.0 * 8.0 + 2.0 + ui.spacing().item_spacing.y + 6.0 + 1.0
}

/// A message that takes one line, never more: coloured text, cut with `…`
/// when the window is narrow, the whole text (and `more`, if any) on hover.
/// What Generate says under its permissions and expiry, in a slot of
/// [`line_height`] kept whether or not there is something to say.
pub(crate) fn one_line(ui: &mut egui::Ui, tone: Tone, text: &str, more: Option<&str>) {
    let color = tone.text_color(ui.visuals());
    let r = ui.add(
        egui::Label::new(egui::RichText::new(text).color(color))
            .truncate()
            .selectable(true),
    );
    let hover = match more {
        Some(m) => format!("{text}\n{m}"),
        None => text.to_owned(),
    };
    r.on_hover_text(hover);
}

/// The height of one row that may hold a button-sized widget or a line of
/// text, with the spacing after it: what a [`one_line`] slot keeps.
pub(crate) fn row_height(ui: &egui::Ui) -> f32 {
    line_height(ui).max(ui.spacing().interact_size.y + ui.spacing().item_spacing.y)
}

/// The height of one line of body text with the spacing after it.
pub(crate) fn line_height(ui: &egui::Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y
}

/// A small coloured tag.
pub(crate) fn badge(ui: &mut egui::Ui, tone: Tone, text: &str) {
    let (fill, color) = tone.colors(ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(fill)
        .corner_radius(10.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(egui::RichText::new(text).color(color).size(12.5));
        });
}

/// A section title.
pub(crate) fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(egui::RichText::new(title).strong().size(15.0));
    ui.add_space(2.0);
}

/// A labelled single-line text field.
pub(crate) fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
) -> egui::Response {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(260.0),
    )
    .labelled_by(l.id)
}

/// A token in a framed box, in three colours (header, payload,
/// signature), wrapping anywhere and selectable.
pub(crate) fn token_box(ui: &mut egui::Ui, token: &str) {
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(6.0)
        .inner_margin(10)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let job = token_job(ui, token);
            ui.add(egui::Label::new(job).selectable(true));
        });
}

/// The token in three colours (header, payload, signature), wrapping anywhere.
fn token_job(ui: &egui::Ui, token: &str) -> egui::text::LayoutJob {
    let dark = ui.visuals().dark_mode;
    let colors = if dark {
        [
            egui::Color32::from_rgb(0xf2, 0x8b, 0x82),
            egui::Color32::from_rgb(0xc5, 0x8a, 0xf9),
            egui::Color32::from_rgb(0x4e, 0xc9, 0xb0),
        ]
    } else {
        [
            egui::Color32::from_rgb(0xc5, 0x22, 0x1f),
            egui::Color32::from_rgb(0x7b, 0x1f, 0xa2),
            egui::Color32::from_rgb(0x00, 0x79, 0x6b),
        ]
    };
    let font = egui::FontId::monospace(13.0);
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    job.wrap.break_anywhere = true;
    let mut parts = token.splitn(3, '.').peekable();
    let mut i = 0;
    while let Some(part) = parts.next() {
        let color = colors[i.min(2)];
        job.append(part, 0.0, egui::TextFormat::simple(font.clone(), color));
        if parts.peek().is_some() {
            job.append(
                ".",
                0.0,
                egui::TextFormat::simple(font.clone(), ui.visuals().weak_text_color()),
            );
        }
        i += 1;
    }
    job
}

/// Gives `response`'s widget the accessible name `name` (what a screen
/// reader says, and what tests find it by), keeping its visible text: a row
/// of "Edit" buttons becomes "Edit project Staging", "Edit project QA"….
pub(crate) fn accessible_name(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(name);
    });
}

/// Makes a selectable button read as a radio button (one of a group,
/// checked or not) to screen readers.
pub(crate) fn as_radio(ui: &egui::Ui, response: &egui::Response) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::RadioButton);
    });
}

/// Makes a selectable button read as a tab (selected or not).
pub(crate) fn as_tab(ui: &egui::Ui, response: &egui::Response, selected: bool) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Tab);
        node.clear_toggled();
        node.set_selected(selected);
    });
}

/// A message slot that never shrinks: drawn in the space it needed at its
/// tallest (at least `min_height`), so a message appearing or changing
/// below or beside the controls a user is about to click does not move
/// them. Empty, it keeps its space.
pub(crate) fn steady<R>(
    ui: &mut egui::Ui,
    id_salt: &str,
    min_height: f32,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let id = ui.make_persistent_id(("steady", id_salt));
    let width = ui.available_width();
    let remembered = ui.ctx().data(|d| d.get_temp::<f32>(id)).unwrap_or(0.0);
    let reserved = remembered.max(min_height);
    let inner = ui.allocate_ui_with_layout(
        egui::vec2(width, reserved),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_min_size(egui::vec2(width, reserved));
            add_contents(ui)
        },
    );
    let used = inner.response.rect.height();
    if used > reserved {
        ui.ctx().data_mut(|d| d.insert_temp(id, used));
    }
    inner.inner
}

/// A token's lifetime drawn as a line: `iat` → `nbf` → `exp` (the valid
/// span in the good tone), with *now* and *the moment of use* marked. Names
/// go below the line, or above when they would cover the one before; for
/// screen readers it is one sentence ([`Timeline::label`]).
///
/// [`Timeline::label`]: videosdk_token_core::evidence::Timeline::label
pub(crate) fn timeline(
    ui: &mut egui::Ui,
    t: &videosdk_token_core::evidence::Timeline,
    tz: &jiff::tz::TimeZone,
) -> egui::Response {
    let label = t.label(tz);
    let width = ui.available_width().clamp(160.0, 640.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 44.0), egui::Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, ui.is_enabled(), label.clone())
    });
    let response = response.on_hover_text(&label);
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let dark = ui.visuals().dark_mode;
    let points: Vec<i64> = [t.iat, t.nbf, t.exp, Some(t.now), t.used]
        .into_iter()
        .flatten()
        .collect();
    let (Some(&lo), Some(&hi)) = (points.iter().min(), points.iter().max()) else {
        return response;
    };
    // Seconds as f64: claims are held to real dates, but stay safe anyway.
    let span = (hi as f64 - lo as f64).max(1.0);
    let left = rect.left() + 8.0;
    let right = rect.right() - 8.0;
    let x = |s: i64| left + (right - left) * ((s as f64 - lo as f64) / span) as f32;
    let y = rect.top() + 20.0;
    let painter = ui.painter_at(rect);
    let weak = ui.visuals().weak_text_color();
    painter.line_segment([egui::pos2(left, y), egui::pos2(right, y)], (2.0, weak));
    let start = t.nbf.or(t.iat).unwrap_or(lo);
    let end = t.exp.unwrap_or(hi);
    if end > start {
        let (_, good) = Tone::Good.colors(dark);
        painter.line_segment(
            [egui::pos2(x(start), y), egui::pos2(x(end), y)],
            (5.0, good),
        );
    }
    let text = ui.visuals().text_color();
    let (_, info) = Tone::Info.colors(dark);
    let (_, bad) = Tone::Bad.colors(dark);
    let mut marks: Vec<(i64, &str, egui::Color32)> = Vec::new();
    if let Some(s) = t.iat {
        marks.push((s, "issued", text));
    }
    if let Some(s) = t.nbf.filter(|n| Some(*n) != t.iat) {
        marks.push((s, "valid from", text));
    }
    if let Some(s) = t.exp {
        marks.push((s, "expires", text));
    }
    marks.push((t.now, "now", info));
    if let Some(s) = t.used {
        let outside = t.exp.is_some_and(|e| s >= e) || t.nbf.is_some_and(|n| s < n);
        let color = if outside { bad } else { text };
        painter.circle_filled(egui::pos2(x(s), y), 5.0, color);
        marks.push((s, "used", color));
    }
    marks.sort_by_key(|m| m.0);
    let font = egui::FontId::proportional(11.0);
    // The right edge of the last name in each row (below, above).
    let mut ends = [f32::NEG_INFINITY; 2];
    for (s, name, color) in marks {
        let px = x(s);
        painter.line_segment(
            [egui::pos2(px, y - 6.0), egui::pos2(px, y + 6.0)],
            (2.0, color),
        );
        let galley = painter.layout_no_wrap(name.to_owned(), font.clone(), color);
        let w = galley.size().x;
        let gx = (px - w / 2.0).clamp(rect.left(), rect.right() - w);
        let Some(row) = (0..2).find(|&r| gx >= ends[r] + 4.0) else {
            continue; // No room: the hover text and the sentence say it.
        };
        ends[row] = gx + w;
        let gy = if row == 0 {
            y + 8.0
        } else {
            y - 8.0 - galley.size().y
        };
        painter.galley(egui::pos2(gx, gy), galley, color);
    }
    response
}

/// An error message as a sentence for the status bar: first letter upper
/// case, a full stop at the end.
pub(crate) fn as_sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}
