//! A bare eframe window with the same eframe features, renderer and profile
//! as the app: the baseline for the start-up and memory budget
//! (scripts/bench-window.sh). `cargo run --release --example bare_window`.

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

/// The app's renderer: glow, unless only wgpu is compiled in. Said
/// explicitly because building examples also builds the dev-dependencies,
/// whose features (egui_kittest's wgpu) would otherwise change the default.
fn renderer() -> eframe::Renderer {
    #[cfg(feature = "glow")]
    return eframe::Renderer::Glow;
    #[cfg(not(feature = "glow"))]
    return eframe::Renderer::default();
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Bare eframe")
            .with_inner_size([1040.0, 760.0]),
        renderer: renderer(),
        ..Default::default()
    };
    eframe::run_native("Bare eframe", options, Box::new(|_cc| Ok(Box::new(Bare))))
}
