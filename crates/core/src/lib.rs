//! The pure core of videosdk-token: no I/O, no clock, no GUI.
//!
//! - [`token`]: generating, decoding, verifying and diagnosing VideoSDK
//!   access tokens (the caller passes `now` in).
//! - [`qr`]: QR codes of a token (terminal text, PNG bytes, modules to draw).
//!
//! A crate of its own so that the rule is kept by the compiler: nothing here
//! can name the keyring, the projects file, the clipboard or egui.

pub mod evidence;
pub mod qr;
pub mod token;
