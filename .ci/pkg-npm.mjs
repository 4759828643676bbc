// Makes pkg/ an npm package: writes pkg/package.json, the Node entry
// (pkg/node.js, loads the wasm by itself), and pkg/widget/ (the web
// component, copied from www/ with its imports of ../pkg/ pointed at the
// package root). Run by .ci/build-pkg after wasm-bindgen; after a change to
// www/ alone, `node .ci/pkg-npm.mjs` is enough. Deterministic: the same
// sources give the same bytes.
//
// www/ stays the one source of the widget: pkg/widget/ is build output,
// committed and fresh-checked with the rest of pkg/.
import { readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'pkg');
const WWW = path.join(ROOT, 'www');
const WIDGET = path.join(PKG, 'widget');

function die(message) {
  console.error(`pkg-npm: ${message}`);
  process.exit(1);
}

/** name, version, description, license from Cargo.toml's [package] table. */
function cargoPackage() {
  const toml = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const table = /^\[package\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml);
  if (!table) die('Cargo.toml has no [package] table');
  const out = {};
  for (const key of ['name', 'version', 'description', 'license']) {
    const m = new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(table[1]);
    if (!m) die(`Cargo.toml [package] has no ${key}`);
    out[key] = m[1];
  }
  return out;
}

// Module references a file can hold: static imports and re-exports,
// side-effect imports, dynamic imports of a literal, and assets located
// with new URL('...', import.meta.url) (the worker, the styles, the wasm).
const REFERENCES = [
  /^(\s*(?:import|export)\b[^'"`;]*?\bfrom\s*)(['"])([^'"]+)\2/gm,
  /^(\s*import\s*)(['"])([^'"]+)\2/gm,
  /(\bimport\(\s*)(['"])([^'"]+)\2(?=\s*\))/g,
  /(\bnew URL\(\s*)(['"])([^'"]+)\2(?=\s*,\s*import\.meta\.url\s*\))/g,
];

/**
 * Copies www/<rel> and everything it references into pkg/widget/, rewriting
 * references to pkg/ files so that they resolve inside the package.
 */
function copyWidget(entries) {
  const done = new Set();
  const queue = [...entries];
  while (queue.length) {
    const rel = queue.shift();
    if (done.has(rel)) continue;
    done.add(rel);
    const source = path.join(WWW, rel);
    if (!existsSync(source)) die(`www/${rel} is referenced but missing`);
    const dest = path.join(WIDGET, rel);
    let text = readFileSync(source, 'utf8');
    if (/\.(m?js|ts)$/.test(rel)) {
      for (const re of REFERENCES) {
        text = text.replace(re, (all, head, quote, spec) => {
          if (!spec.startsWith('./') && !spec.startsWith('../')) {
            die(`www/${rel}: '${spec}' is not a relative reference; the widget must stay dependency-free`);
          }
          const target = path.resolve(path.dirname(source), spec);
          if (target.startsWith(WWW + path.sep)) {
            queue.push(path.relative(WWW, target));
            return all;
          }
          if (target.startsWith(PKG + path.sep)) {
            let moved = path.relative(path.dirname(dest), target).split(path.sep).join('/');
            if (!moved.startsWith('.')) moved = `./${moved}`;
            return `${head}${quote}${moved}${quote}`;
          }
          die(`www/${rel}: '${spec}' points outside www/ and pkg/`);
        });
      }
    }
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, text);
  }
  return [...done].sort();
}

// The Node entry: instantiates the wasm from the file beside it, once, when
// imported. `init()` is still exported (it returns at once), so code written
// for the browser entry runs unchanged.
const NODE_JS = `// Node entry of the leadscore package: the wasm is loaded when this module
// is imported, so \`new Workspace()\` works straight away.
import { readFileSync } from 'node:fs';
import { initSync } from './leadscore.js';

initSync({ module: readFileSync(new URL('./leadscore_bg.wasm', import.meta.url)) });

export * from './leadscore.js';
export { default } from './leadscore.js';
`;

const NODE_DTS = `// Node entry of the leadscore package: the wasm is already loaded on import;
// \`init()\` and \`initSync()\` may still be called and return at once.
export * from './leadscore.js';
export { default } from './leadscore.js';
`;

/** The wasm-bindgen raw-export signatures type externref values as \`any\`; they are \`unknown\`. */
function noAnyInRawExports(file) {
  const p = path.join(PKG, file);
  if (!existsSync(p)) die(`pkg/${file} missing: run .ci/build-pkg`);
  const before = readFileSync(p, 'utf8');
  const after = before.replace(/^(\s*(?:readonly|export const) \w+: \(.*)$/gm,
    (line) => line.replace(/\bany\b/g, 'unknown'));
  if (after !== before) writeFileSync(p, after);
}

const cargo = cargoPackage();
for (const f of ['leadscore.js', 'leadscore.d.ts', 'leadscore_bg.wasm']) {
  if (!existsSync(path.join(PKG, f))) die(`pkg/${f} missing: run .ci/build-pkg`);
}
noAnyInRawExports('leadscore.d.ts');
noAnyInRawExports('leadscore_bg.wasm.d.ts');

rmSync(WIDGET, { recursive: true, force: true });
const widgetFiles = copyWidget(['widget.js', 'widget.d.ts']);
writeFileSync(path.join(PKG, 'node.js'), NODE_JS);
writeFileSync(path.join(PKG, 'node.d.ts'), NODE_DTS);

const pkg = {
  name: cargo.name,
  version: cargo.version,
  description: cargo.description,
  license: cargo.license,
  type: 'module',
  main: './leadscore.js',
  types: './leadscore.d.ts',
  exports: {
    '.': {
      // Bundlers for the browser (Vite, webpack) set "browser"; Node sets
      // "node" and gets the entry that needs no init().
      browser: { types: './leadscore.d.ts', default: './leadscore.js' },
      node: { types: './node.d.ts', default: './node.js' },
      types: './leadscore.d.ts',
      default: './leadscore.js',
    },
    './node': { types: './node.d.ts', default: './node.js' },
    './web': { types: './leadscore.d.ts', default: './leadscore.js' },
    './widget': { types: './widget/widget.d.ts', default: './widget/widget.js' },
    './widget.css': './widget/widget.css',
    './leadscore_bg.wasm': './leadscore_bg.wasm',
    './package.json': './package.json',
  },
  files: [
    'leadscore.js',
    'leadscore.d.ts',
    'leadscore_bg.wasm',
    'leadscore_bg.wasm.d.ts',
    'node.js',
    'node.d.ts',
    'widget/',
  ],
  // node.js instantiates the wasm and widget/widget.js defines the element:
  // a bundler must keep both when they are imported.
  sideEffects: ['./node.js', './widget/widget.js'],
  engines: { node: '>=20' },
};
writeFileSync(path.join(PKG, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`pkg-npm: pkg/package.json ${pkg.name}@${pkg.version}; pkg/node.js; pkg/widget/ (${widgetFiles.length} files from www/)`);
