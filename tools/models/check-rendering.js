#!/usr/bin/env node
'use strict';

// Checks that docs/diagrams/*.svg are up to date with bpmn/*.bpmn.
//
// Renders every diagram into a temporary directory (same code path as
// render.js) and compares each result byte for byte with the committed
// docs/diagrams/<id>.svg. Exits 1 and names every stale, missing or orphaned
// SVG; exits 0 when all match. Fix with `npm run render` in tools/models.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT, DEFAULT_OUT_DIR, renderAll } = require('./render');

async function main() {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpmn-render-check-'));

  try {
    const rendered = await renderAll(tmpDir, { log: () => {} });

    const problems = [];
    const expectedNames = new Set();

    for (const fresh of rendered) {
      const name = path.basename(fresh);
      expectedNames.add(name);

      const committed = path.join(DEFAULT_OUT_DIR, name);
      const rel = path.relative(REPO_ROOT, committed);

      if (!fs.existsSync(committed)) {
        problems.push(`missing: ${ rel }`);
        continue;
      }

      if (!fs.readFileSync(committed).equals(fs.readFileSync(fresh))) {
        problems.push(`stale:   ${ rel }`);
        continue;
      }

      console.log(`up to date: ${ rel }`);
    }

    // An SVG without a diagram is left over from a renamed or removed diagram.
    if (fs.existsSync(DEFAULT_OUT_DIR)) {
      for (const name of fs.readdirSync(DEFAULT_OUT_DIR).sort()) {
        if (name.endsWith('.svg') && !expectedNames.has(name)) {
          problems.push(`orphan:  ${ path.relative(REPO_ROOT, path.join(DEFAULT_OUT_DIR, name)) } (no bpmn/${ name.slice(0, -4) }.bpmn)`);
        }
      }
    }

    if (problems.length) {
      console.error('Diagram renderings are not up to date:');
      for (const problem of problems) {
        console.error(`  ${ problem }`);
      }
      console.error('Run `npm run render` in tools/models and commit docs/diagrams/.');
      return 1;
    }

    console.log(`check: ${ rendered.length } rendering(s) up to date`);
    return 0;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().then(
  code => { process.exitCode = code; },
  err => {
    console.error(err && err.stack || err);
    process.exitCode = 2;
  }
);
