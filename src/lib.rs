//! videosdk-token: generate, inspect and explain VideoSDK access tokens,
//! offline, with each project's secret kept in the OS keyring.
//!
//! - [`token`]: the pure core (no I/O, no clock).
//! - [`store`]: adapters for the projects file and the OS keyring.
//! - [`app`]: the use cases (projects, signing, verification secrets), the
//!   only callers of `store`.
//! - [`cli`]: the command line over that core.
//! - [`gui`]: the desktop window over that core.
//! - [`qr`]: QR codes of a token (terminal text, PNG, modules to draw).

pub mod app;
pub mod cli;
pub mod gui;
pub mod qr;
pub mod store;
pub mod token;
