//! Leadscore: a lead-scoring engine. Imports leads and their activities,
//! scores them against a versioned MQL model, and explains every point.
//!
//! The modules here are plain Rust; `wasm` is the one WebAssembly boundary.

// .ci/build-pkg (the pinned nightly) passes `--cfg leadscore_speed`: the import's
// and the join's hottest functions are then compiled for speed
// (`#[cfg_attr(leadscore_speed, optimize(speed))]`) in a module otherwise built
// for size, and a few small callees get an inline hint
// (`#[cfg_attr(leadscore_speed, inline)]`: taken by the speed callers only; a
// size-first caller ignores hints). Stable builds (tests, clippy) never see
// either; the benchmarks' module (`.ci/build-pkg --bench`) is built as pkg/ is.
#![cfg_attr(leadscore_speed, feature(optimize_attribute))]

/// Appends (`w!(s, "…", …)`) formatted text to a `String` without a temporary one.
macro_rules! w {
    ($s:expr, $($fmt:tt)*) => {{
        let _ = std::fmt::Write::write_fmt(&mut $s, format_args!($($fmt)*));
    }};
}

pub mod alloc_count;
pub mod calibration;
pub mod compare;
pub mod dataset;
pub mod decay;
pub mod export;
pub mod fields;
pub mod handoff;
pub mod import;
pub mod json;
pub mod leb128;
pub mod lowercase;
pub mod model;
pub mod number;
pub mod outcomes;
pub mod routing;
pub mod sample;
pub mod sql;
pub mod stats;
pub mod texts;
pub mod scoring;
pub mod sla;
pub mod sort;
pub mod time;
pub mod tz;
pub mod workspace;
pub(crate) mod words;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// A seeded xorshift64 stream for the unit tests' random inputs.
#[cfg(test)]
pub(crate) fn test_rng(seed: u64) -> impl FnMut() -> u64 {
    let mut rng = seed;
    move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    }
}

pub use dataset::{Dataset, Field};
pub use model::Model;
pub use time::{format_time, parse_time, Time};
pub use workspace::Workspace;

/// An error a user can act on: what went wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}
