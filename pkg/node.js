// Node entry of the leadscore package: the wasm is loaded when this module
// is imported, so `new Workspace()` works straight away.
import { readFileSync } from 'node:fs';
import { initSync } from './leadscore.js';

initSync({ module: readFileSync(new URL('./leadscore_bg.wasm', import.meta.url)) });

export * from './leadscore.js';
export { default } from './leadscore.js';
