#!/usr/bin/env bash
# The npm package (SPEC §7.4), from a finished build (scripts/build.sh calls this last):
# target/npm/package/ and the tarball `npm pack` makes of it, target/npm/readycheck-<v>.tgz.
#   .                 the element's entry module (registers <ready-check>), readycheck.d.ts
#   ./engine          the JS module of §7.2 (pkg/readycheck.js), engine.d.ts
#   ./readycheck.css  the element's stylesheet
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
out=target/npm/package
rm -rf "$out" && mkdir -p "$out"
cp www/readycheck.js www/store.js www/drafts.js www/outbox.js www/service.js www/fieldkit.js www/readycheck.d.ts www/engine.d.ts "$out/"
cp -r www/pkg "$out/pkg"
rm -f "$out/pkg/files.json" "$out/pkg/.gitignore"
cp "$out/pkg/readycheck.css" "$out/readycheck.css"
# readycheck/precache (SPEC §7.5): every file the element may load, lazily imported modules
# included, relative to the package; a page (or its service worker) that caches these works
# offline.
(cd "$out" && find . -type f ! -name '*.d.ts' ! -name package.json ! -name README.md ! -name precache.js ! -path ./readycheck.css | sed 's|^\./||' | sort) \
  | node -e 'const l = require("fs").readFileSync(0, "utf8").trim().split("\n"); process.stdout.write(`// Every file the element may load, relative to the package (SPEC §7.5).\nexport default ${JSON.stringify(l, null, 2)};\n`)' > "$out/precache.js"
printf '%s\n' '/** Every file the element may load, relative to the package root (SPEC §7.5). */' 'declare const files: string[];' 'export default files;' > "$out/precache.d.ts"
cp www/react.d.ts www/vue.d.ts "$out/"
node - "$out" "$version" <<'JS'
const [out, version] = process.argv.slice(2);
const fs = require('fs');
const pkg = {
  name: 'readycheck',
  version,
  description: 'Checklist engine for epidemic-prevention readiness checks: the <ready-check> element and its WebAssembly engine',
  license: 'MIT OR Apache-2.0',
  type: 'module',
  main: './readycheck.js',
  types: './readycheck.d.ts',
  exports: {
    '.': { types: './readycheck.d.ts', default: './readycheck.js' },
    './engine': { types: './engine.d.ts', default: './pkg/readycheck.js' },
    './readycheck.css': './readycheck.css',
    './precache': { types: './precache.d.ts', default: './precache.js' },
    // Types only: JSX for React 18 and 19, GlobalComponents for Vue 3 (SPEC §7.5).
    './react': { types: './react.d.ts' },
    './vue': { types: './vue.d.ts' },
    './pkg/*': './pkg/*',
    './package.json': './package.json',
  },
  files: ['readycheck.js', 'store.js', 'drafts.js', 'outbox.js', 'service.js', 'fieldkit.js', 'precache.js', 'precache.d.ts', 'react.d.ts', 'vue.d.ts', 'readycheck.d.ts', 'engine.d.ts', 'readycheck.css', 'pkg/'],
  // Importing the entry module registers the custom element.
  sideEffects: ['./readycheck.js', './fieldkit.js'],
  keywords: ['checklist', 'inspection', 'custom-element', 'webassembly', 'epidemic-prevention'],
};
fs.writeFileSync(`${out}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
fs.writeFileSync(`${out}/README.md`, `# readycheck ${version}

\`<ready-check template="builtin:school-reopening">\`: import \`readycheck\` once (it registers the
element) and serve this package's \`pkg/\` folder. If a bundler moves the entry module away
from \`pkg/\`, tell the element where the package is served:

\`\`\`html
<meta name="readycheck-assets" content="/node_modules/readycheck/">
\`\`\`

The engine alone: \`import init, { loadTemplate } from 'readycheck/engine'\`. Documentation:
the project's README.
`);
JS
(cd target/npm && rm -f readycheck-*.tgz && npm pack ./package --silent > /dev/null)
echo "npm package: target/npm/package, target/npm/readycheck-$version.tgz"
