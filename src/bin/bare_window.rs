//! A bare eframe window: the baseline for the window's start-up and memory
//! budget (scripts/bench-window.sh).
//!
//! A binary of this package rather than an example, so that it links no
//! dev-dependencies (egui_kittest would pull in wgpu) and shares the app's
//! exact eframe build: same features, renderer and release profile. Gated by
//! the `bench-baseline` feature, so plain builds, `cargo install` and
//! `cargo deb` never see it:
//! `cargo build --release --features bench-baseline --bin bare_window`.

use eframe::egui;

struct Bare;

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Bare eframe window");
            ui.label("The baseline the app's start-up and memory are measured against.");
        });
    }
}

/// The app's renderer: glow, unless only wgpu is compiled in.
fn renderer() -> eframe::Renderer {
    #[cfg(feature = "glow")]
    return eframe::Renderer::Glow;
    #[cfg(not(feature = "glow"))]
    return eframe::Renderer::default();
}

fn main() -> eframe::Result {
    // The same window as the app's (size, renderer, vsync, persistence on),
    // minus everything the app itself adds.
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Bare eframe")
            .with_inner_size([1040.0, 760.0]),
        renderer: renderer(),
        ..Default::default()
    };
    eframe::run_native("Bare eframe", options, Box::new(|_cc| Ok(Box::new(Bare))))
}
