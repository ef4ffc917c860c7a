#!/usr/bin/env node
'use strict';

// Renders every bpmn/<id>.bpmn to docs/diagrams/<id>.svg.
//
// The diagrams are imported into bpmn-js's Viewer (the dist bundle from
// node_modules) inside headless Debian Chromium, driven by playwright-core;
// saveSVG() gives the SVG, which is normalised so that the same input always
// gives byte-identical output.
//
// Usage:
//   node render.js              writes docs/diagrams/*.svg
//   node render.js --out DIR    writes the SVGs to DIR instead
//
// Environment:
//   CHROMIUM_PATH   browser to launch (default /usr/bin/chromium)

const fs = require('node:fs');
const path = require('node:path');

const TOOLS_DIR = __dirname;
const REPO_ROOT = path.resolve(TOOLS_DIR, '..', '..');
const BPMN_DIR = path.join(REPO_ROOT, 'bpmn');
const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'docs', 'diagrams');

const VIEWER_BUNDLE = require.resolve('bpmn-js/dist/bpmn-viewer.production.min.js');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

// A blank page with a fixed-size container; nothing is loaded from the network.
const PAGE_HTML = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<style>
  html, body { margin: 0; padding: 0; background: #fff; }
  #canvas { width: 2400px; height: 1400px; }
</style>
</head>
<body><div id="canvas"></div></body>
</html>`;

/**
 * Lists the diagrams as { id, file } sorted by id.
 */
function listDiagrams() {
  return fs.readdirSync(BPMN_DIR)
    .filter(name => name.endsWith('.bpmn'))
    .sort()
    .map(name => ({
      id: name.slice(0, -'.bpmn'.length),
      file: path.join(BPMN_DIR, name)
    }));
}

/**
 * Makes the SVG deterministic and tidy:
 * - bpmn-js gives generated ids (marker definitions such as
 *   "sequenceflow-end-white-hsl_225_10_15_-<random>") random suffixes; every
 *   id defined in the SVG is renamed to a stable name derived from the order
 *   in which it is defined, and all references to it are rewritten;
 * - each diagram element group starts on its own line, so that changes to
 *   a diagram show up as readable line diffs (whitespace between SVG
 *   elements does not change the picture);
 * - line endings are LF and the file ends with exactly one newline.
 */
function normaliseSvg(svg) {
  svg = svg.replace(/\r\n?/g, '\n');

  const ids = [];
  const idPattern = /\sid="([^"]+)"/g;
  let match;
  while ((match = idPattern.exec(svg))) {
    if (!ids.includes(match[1])) {
      ids.push(match[1]);
    }
  }

  const renames = new Map();
  ids.forEach((id, index) => {
    const base = id
      .replace(/-[A-Za-z0-9]{10,}$/, '') // strip a random suffix
      .replace(/[^A-Za-z0-9_-]/g, '_');
    renames.set(id, `${ base }-${ index + 1 }`);
  });

  const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  for (const [ from, to ] of renames) {
    const e = escape(from);
    svg = svg
      .replace(new RegExp(`(\\sid=")${ e }(")`, 'g'), `$1${ to }$2`)
      .replace(new RegExp(`(url\\(['"]?#)${ e }(['"]?\\))`, 'g'), `$1${ to }$2`)
      .replace(new RegExp(`((?:xlink:)?href="#)${ e }(")`, 'g'), `$1${ to }$2`);
  }

  svg = svg.replace(/><g class="djs-group">/g, '>\n<g class="djs-group">');

  return svg.replace(/\s*$/, '') + '\n';
}

async function launchBrowser() {
  const { chromium } = require('playwright-core');

  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${ CHROMIUM_PATH } (apt-get install chromium, or set CHROMIUM_PATH)`);
  }

  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS
  });
}

/**
 * Opens a blank page with the bpmn-js Viewer bundle loaded.
 */
async function openViewerPage(browser) {
  const context = await browser.newContext({
    viewport: { width: 2400, height: 1400 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC'
  });

  // Nothing may be fetched from the network.
  await context.route('**/*', route => {
    const url = route.request().url();
    if (url.startsWith('data:') || url === 'about:blank') {
      return route.continue();
    }
    return route.abort();
  });

  const page = await context.newPage();
  await page.setContent(PAGE_HTML);
  await page.addScriptTag({ path: VIEWER_BUNDLE });

  const loaded = await page.evaluate(() => typeof window.BpmnJS === 'function');
  if (!loaded) {
    throw new Error(`bpmn-js viewer bundle did not load from ${ VIEWER_BUNDLE }`);
  }

  return page;
}

/**
 * Imports the XML into a fresh Viewer and returns { svg, warnings }.
 */
async function renderXml(page, xml) {
  return page.evaluate(async (diagramXML) => {
    const container = document.getElementById('canvas');
    container.innerHTML = '';

    const viewer = new window.BpmnJS({ container });

    try {
      const { warnings } = await viewer.importXML(diagramXML);
      const { svg } = await viewer.saveSVG();

      return {
        svg,
        warnings: (warnings || []).map(w => String(w.message || w))
      };
    } finally {
      viewer.destroy();
    }
  }, xml);
}

/**
 * Renders all diagrams into outDir. Returns the list of written files.
 */
async function renderAll(outDir, { log = console.log } = {}) {
  const diagrams = listDiagrams();

  if (!diagrams.length) {
    throw new Error(`No diagrams found in ${ BPMN_DIR }`);
  }

  fs.mkdirSync(outDir, { recursive: true });

  const browser = await launchBrowser();
  const written = [];

  try {
    const page = await openViewerPage(browser);

    for (const { id, file } of diagrams) {
      const xml = fs.readFileSync(file, 'utf8');
      const { svg, warnings } = await renderXml(page, xml);

      if (warnings.length) {
        throw new Error(`bpmn-js reported import warnings for ${ path.relative(REPO_ROOT, file) }:\n  ${ warnings.join('\n  ') }`);
      }

      const target = path.join(outDir, `${ id }.svg`);
      fs.writeFileSync(target, normaliseSvg(svg), 'utf8');
      written.push(target);
      log(`rendered ${ path.relative(REPO_ROOT, file) } -> ${ path.relative(REPO_ROOT, target) }`);
    }
  } finally {
    await browser.close();
  }

  return written;
}

module.exports = {
  REPO_ROOT,
  DEFAULT_OUT_DIR,
  listDiagrams,
  normaliseSvg,
  launchBrowser,
  renderAll
};

if (require.main === module) {
  const args = process.argv.slice(2);
  let outDir = DEFAULT_OUT_DIR;

  const outIndex = args.indexOf('--out');
  if (outIndex !== -1) {
    if (!args[outIndex + 1]) {
      console.error('usage: node render.js [--out DIR]');
      process.exit(2);
    }
    outDir = path.resolve(args[outIndex + 1]);
  }

  renderAll(outDir).then(
    files => console.log(`render: ${ files.length } diagram(s) written to ${ path.relative(REPO_ROOT, outDir) || '.' }`),
    err => {
      console.error(err && err.stack || err);
      process.exitCode = 1;
    }
  );
}
