//! videosdk-token: generate, inspect and explain VideoSDK access tokens,
//! offline, with each project's secret kept in the OS keyring.
//!
//! - [`token`]: the pure core (no I/O, no clock).
//! - [`cli`]: the command line over that core.
//! - [`gui`]: the desktop window over that core.

pub mod cli;
pub mod gui;
pub mod store;
pub mod token;
