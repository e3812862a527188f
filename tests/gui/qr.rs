//! The QR code under a generated token: off until toggled, named for screen
//! readers, black on white in both themes, and what the window draws
//! decodes (zbarimg) to exactly the token.
//!
//! The page's own token has a random `jti`, so the snapshots
//! (`generate_qr_light/dark`) draw Generate's QR toggle and code (the same
//! `token_qr` the page calls) for a fixed token; the decoding test uses the
//! real page and its real token.

use std::path::Path;
use std::process::Command as Process;

use videosdk_token::gui::qr::{QR_LABEL, TOGGLE_LABEL, token_qr};

use super::*;

/// A rendered frame: width, height, RGBA bytes.
struct Shot {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Shot {
    fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        self.rgba[i..i + 4].try_into().unwrap()
    }

    fn write_png(&self, path: &Path) {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, self.width, self.height);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        let mut w = e.write_header().unwrap();
        w.write_image_data(&self.rgba).unwrap();
        w.finish().unwrap();
        std::fs::write(path, out).unwrap();
    }
}

/// Renders the harness (Vulkan needed: skips without one, fails in CI).
fn rendered<S>(h: &mut Harness<'_, S>) -> Option<Shot> {
    if !common::require(
        vulkan(),
        "a Vulkan adapter (Mesa lavapipe: apt-get install mesa-vulkan-drivers libvulkan1)",
    ) {
        return None;
    }
    let img = h.render().expect("render");
    Some(Shot {
        width: img.width(),
        height: img.height(),
        rgba: img.into_raw(),
    })
}

/// What zbarimg reads in `path`; `None` (SKIPPED) without zbarimg.
fn zbar(path: &Path) -> Option<String> {
    let available = match Process::new("zbarimg").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!("zbarimg --version exited {}", o.status)),
        Err(e) => Err(format!("zbarimg: {e}")),
    };
    if !common::require(available, "zbarimg (apt-get install zbar-tools)") {
        return None;
    }
    let out = Process::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zbarimg found no code in {}",
        path.display()
    );
    let text = String::from_utf8(out.stdout).unwrap();
    Some(text.strip_suffix('\n').unwrap_or(&text).to_owned())
}

/// The real Generate page with a token and its QR code on show.
fn page_with_qr(w: &World, theme: ThemeChoice) -> (Harness<'static, App>, String) {
    let mut h = w.app(theme, Tab::Generate);
    click(&mut h, "Generate token");
    let token = h.state().generated_token().unwrap().to_owned();
    assert!(!has_exact(&h, QR_LABEL), "no QR code until asked for");
    click(&mut h, TOGGLE_LABEL);
    h.get_by_label(QR_LABEL).scroll_to_me();
    h.run();
    (h, token)
}

#[test]
fn the_window_qr_code_scans_as_the_generated_token() {
    let w = World::with_project();
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        let (mut h, token) = page_with_qr(&w, theme);
        // An image, for screen readers, with its name.
        let rect = h
            .get_by_role_and_label(egui::accesskit::Role::Image, QR_LABEL)
            .rect();
        // At least 5 points per module: 33+ modules with the quiet zone.
        assert!(rect.width() >= 5.0 * 33.0, "{rect:?}");
        assert!(
            (rect.width() - rect.height()).abs() < 0.5,
            "square: {rect:?}"
        );
        let Some(shot) = rendered(&mut h) else {
            return;
        };
        // Black on white whatever the theme: the quiet zone's corner is white.
        let ppp = h.ctx.pixels_per_point();
        let px = |x: f32, y: f32| shot.pixel((x * ppp) as u32, (y * ppp) as u32);
        assert_eq!(px(rect.min.x + 2.0, rect.min.y + 2.0), [255, 255, 255, 255]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("window.png");
        shot.write_png(&path);
        if let Some(read) = zbar(&path) {
            assert_eq!(read, token, "{theme:?}: the window's QR scans as the token");
        }
        // Off again: gone.
        click(&mut h, TOGGLE_LABEL);
        assert!(!has_exact(&h, QR_LABEL));
    }
}

/// A fixed token (fixed jti), so the images are stable.
fn fixed_token() -> String {
    hand_token(&valid_claims(), SECRET)
}

fn qr_screen(theme: egui::Theme, name: &str) {
    let token = fixed_token();
    let mut h = Harness::builder()
        .with_size([500.0, 520.0])
        .with_theme(theme)
        .with_render_cursor(false)
        .build_ui(move |ui| {
            egui::Frame::central_panel(ui.style()).show(ui, |ui| {
                ui.set_min_size(ui.available_size());
                token_qr(ui, &token);
            });
        });
    h.run();
    h.get_by_label(TOGGLE_LABEL).click();
    h.run();
    assert!(has_exact_ui(&h, QR_LABEL));
    if let Some(shot) = rendered(&mut h) {
        if let Err(e) = h.try_snapshot(name) {
            panic!("{}", crate::common::snapshot_failure(name, &e));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qr.png");
        shot.write_png(&path);
        if let Some(read) = zbar(&path) {
            assert_eq!(read, fixed_token());
        }
    }
}

fn has_exact_ui(h: &Harness<'_>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

both_themes! {
    screen_generate_qr => "generate_qr", |theme, name| qr_screen(
        if theme == ThemeChoice::Dark { egui::Theme::Dark } else { egui::Theme::Light },
        name,
    );
}
