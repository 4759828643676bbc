//! The JS API in Node (wasm-bindgen-test-runner's default); the cases are
//! in `wasm_cases`, shared with `wasm_browser.rs`.
#![cfg(target_arch = "wasm32")]

mod wasm_cases;
