//! videosdk-token: generate, inspect and explain VideoSDK access tokens,
//! offline, with each project's secret kept in the OS keyring.
//!
//! Three crates, each layer kept by the compiler (docs/architecture.md):
//!
//! - [`token`] and [`qr`] (crate `videosdk-token-core`): the pure core, no
//!   I/O, no clock, no egui.
//! - [`app`] (crate `videosdk-token-app`): the use cases (projects, signing,
//!   verification secrets) and, private to it, the storage behind them.
//! - [`cli`] and [`gui`] (this crate): the command line and the desktop
//!   window over those two. Neither can name the storage.

pub use videosdk_token_app as app;
pub use videosdk_token_core::{qr, token};

pub mod cli;
pub mod gui;
