//! A token's QR code in the window, to move the token to a phone: black
//! modules on white with the standard quiet zone (whatever the theme), at
//! least [`MIN_MODULE`] points per module so a phone camera reads it off a
//! laptop screen. Each token is encoded once ([`QrCache`]), not per frame.
//!
//! [`qr_view`] draws any token's code (Generate, scenario tokens…);
//! [`token_qr`] is Generate's "Show QR code" toggle with the code under it.

use std::sync::Arc;

use eframe::egui;
use egui::emath::GuiRounding as _;

use super::widgets::{Tone, banner};
use crate::qr::{self, QrMatrix};

/// What screen readers say for the code, and what tests find it by.
pub const QR_LABEL: &str = "QR code of the token";

/// The toggle's text.
pub const TOGGLE_LABEL: &str = "Show QR code";

/// Points per module at least: about 1.3 mm on a laptop screen, which a
/// phone camera resolves from arm's length.
const MIN_MODULE: f32 = 5.0;
/// Points per module at most, for short tokens.
const MAX_MODULE: f32 = 8.0;
/// The side the code grows to (quiet zone included) within those bounds.
const TARGET_SIDE: f32 = 440.0;
/// Codes kept: Generate's token and a list of scenario tokens.
const CACHE_SIZE: usize = 32;

/// Encoded codes by token, oldest dropped first.
#[derive(Clone, Default)]
pub struct QrCache {
    entries: Vec<(String, Result<Arc<QrMatrix>, String>)>,
}

/// Only the count: the keys are tokens (credentials).
impl std::fmt::Debug for QrCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrCache")
            .field("codes", &self.entries.len())
            .finish()
    }
}

impl QrCache {
    /// The code of `token`, encoded on first use; `Err` is a sentence
    /// saying why there is none.
    pub fn get(&mut self, token: &str) -> Result<Arc<QrMatrix>, String> {
        if let Some((_, code)) = self.entries.iter().find(|(t, _)| t == token) {
            return code.clone();
        }
        let code = qr::encode(token).map(Arc::new).map_err(|e| {
            let s = e.to_string();
            let mut c = s.chars();
            c.next().map_or(s.clone(), |f| {
                format!("{}{}.", f.to_uppercase(), c.as_str())
            })
        });
        if self.entries.len() >= CACHE_SIZE {
            drop(self.entries.remove(0));
        }
        self.entries.push((token.to_owned(), code.clone()));
        code
    }

    /// How many codes are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Points per module for a code `modules` wide (quiet zone included): whole
/// physical pixels, so module edges are sharp, and never under
/// [`MIN_MODULE`].
fn module_size(modules: usize, pixels_per_point: f32) -> f32 {
    let ppp = pixels_per_point.max(0.25);
    let wanted = (TARGET_SIDE / modules.max(1) as f32).clamp(MIN_MODULE, MAX_MODULE);
    let min_px = (MIN_MODULE * ppp).ceil();
    (wanted * ppp).round().max(min_px) / ppp
}

/// Draws `token`'s QR code (or why there is none). `id` names the code for
/// screen readers and must be unique in the window.
pub fn qr_view(
    ui: &mut egui::Ui,
    id: egui::Id,
    token: &str,
    cache: &mut QrCache,
) -> Option<egui::Response> {
    let code = match cache.get(token) {
        Ok(code) => code,
        Err(why) => {
            banner(ui, Tone::Warning, "No QR code for this token.", Some(&why));
            return None;
        }
    };
    let ppp = ui.ctx().pixels_per_point();
    let modules = code.size_with_quiet_zone();
    let module = module_size(modules, ppp);
    let side = module * modules as f32;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    let origin = rect.min.round_to_pixels(ppp);
    let at = |col: usize, row: usize| origin + egui::vec2(col as f32, row as f32) * module;
    // One mesh of plain quads: no anti-aliased seams between modules.
    let mut mesh = egui::Mesh::default();
    mesh.add_colored_rect(
        egui::Rect::from_min_size(origin, egui::vec2(side, side)),
        egui::Color32::WHITE,
    );
    let q = qr::QUIET_ZONE;
    for (row, col, len) in code.dark_runs() {
        let min = at(col + q, row + q);
        let max = at(col + q + len, row + q + 1);
        mesh.add_colored_rect(egui::Rect::from_min_max(min, max), egui::Color32::BLACK);
    }
    ui.painter().add(egui::Shape::mesh(mesh));
    let response = ui
        .interact(rect, id, egui::Sense::hover())
        .on_hover_text("Scan it with a phone camera: it holds the token as text");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, QR_LABEL));
    Some(response)
}

/// Generate's toggle and code: remembered while the window is open (in
/// egui's memory, under `ui`'s id), encoded once per token.
#[derive(Clone, Default)]
struct Toggle {
    on: bool,
    cache: QrCache,
}

/// The "Show QR code" toggle for the token on show, and its code under it
/// when on.
pub fn token_qr(ui: &mut egui::Ui, token: &str) {
    let id = ui.make_persistent_id("token-qr");
    let mut state: Toggle = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ui.checkbox(&mut state.on, TOGGLE_LABEL)
        .on_hover_text("A QR code of the token, to scan with a phone camera");
    if state.on {
        ui.add_space(4.0);
        qr_view(ui, id.with("code"), token, &mut state.cache);
    }
    ui.data_mut(|d| d.insert_temp(id, state));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn each_token_is_encoded_once_and_the_cache_is_bounded() {
        let mut cache = QrCache::default();
        let a = cache.get("token-a").unwrap();
        let again = cache.get("token-a").unwrap();
        assert!(Arc::ptr_eq(&a, &again), "encoded once");
        assert_eq!(cache.len(), 1);
        for i in 0..100 {
            cache.get(&format!("t{i}")).unwrap();
        }
        assert_eq!(cache.len(), CACHE_SIZE);
        assert!(!format!("{cache:?}").contains("t99"), "no token in Debug");
    }

    #[test]
    fn a_token_too_long_is_a_sentence_not_a_panic() {
        let mut cache = QrCache::default();
        let e = cache.get(&"x".repeat(5000)).unwrap_err();
        assert!(e.starts_with("The token is 5000 bytes"), "{e}");
        assert!(e.ends_with("instead."), "{e}");
    }

    #[test]
    fn modules_are_whole_pixels_and_never_under_the_minimum() {
        for ppp in [1.0, 1.25, 1.5, 2.0, 3.0] {
            for modules in [29, 77, 129, 185] {
                let m = module_size(modules, ppp);
                assert!(m >= MIN_MODULE, "{modules} @ {ppp}: {m}");
                let px = m * ppp;
                assert!((px - px.round()).abs() < 1e-3, "{modules} @ {ppp}: {px}");
            }
        }
        // A typical token (77 modules) is drawn about 440 points wide.
        assert_eq!(module_size(77, 1.0), 6.0);
    }
}
