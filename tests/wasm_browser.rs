//! The JS API in headless Chromium (set CHROMEDRIVER); the cases are in
//! `wasm_cases`, shared with `wasm_node.rs`.
#![cfg(target_arch = "wasm32")]

mod wasm_cases;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
