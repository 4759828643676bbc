// Node entry of the leadscore package: the wasm is already loaded on import;
// `init()` and `initSync()` may still be called and return at once.
export * from './leadscore.js';
export { default } from './leadscore.js';
