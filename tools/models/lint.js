#!/usr/bin/env node
'use strict';

// Lints every bpmn/*.bpmn (or the .bpmn files given as arguments) with the
// repository's root .bpmnlintrc.
//
// Behaves like the bpmnlint CLI (import warnings count as errors, moddle
// extensions from "moddleExtensions" in the config), but resolves rules,
// plugins and moddle extensions from tools/models/node_modules, so it works
// from any working directory.
//
// Exit code: 0 when no diagram has any finding; 1 on any error, warning or
// info finding (the project keeps its diagrams at zero findings); 2 when the
// linter itself cannot run.

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const TOOLS_DIR = __dirname;
const REPO_ROOT = path.resolve(TOOLS_DIR, '..', '..');
const CONFIG_PATH = path.join(REPO_ROOT, '.bpmnlintrc');
const BPMN_DIR = path.join(REPO_ROOT, 'bpmn');

const localRequire = createRequire(path.join(TOOLS_DIR, 'package.json'));

function listDiagrams() {
  const args = process.argv.slice(2);
  if (args.length) {
    return args.map(arg => path.resolve(arg));
  }
  return fs.readdirSync(BPMN_DIR)
    .filter(name => name.endsWith('.bpmn'))
    .sort()
    .map(name => path.join(BPMN_DIR, name));
}

function loadConfig() {
  return JSON.parse(fs.readFileSync(CONFIG_PATH, 'utf8'));
}

function createModdle(config) {
  const extensions = {};
  for (const [ prefix, ref ] of Object.entries(config.moddleExtensions || {})) {
    extensions[prefix] = localRequire(ref);
  }
  return new BpmnModdle(extensions);
}

async function lintFile(file, config, moddle) {
  const xml = fs.readFileSync(file, 'utf8');
  const reports = [];

  let rootElement;
  try {
    const result = await moddle.fromXML(xml);
    rootElement = result.rootElement;
    for (const warning of result.warnings || []) {
      reports.push({
        rule: 'import',
        id: warning.element && warning.element.id || '',
        category: 'error',
        message: 'Import warning: ' + String(warning.message).split(/\n/)[0]
      });
    }
  } catch (err) {
    reports.push({ rule: 'import', id: '', category: 'error', message: 'Parse error: ' + err.message });
    return reports;
  }

  // A fresh Linter per diagram, as the bpmnlint CLI does: rule instances keep
  // state (e.g. no-duplicate-sequence-flows) that must not leak across files.
  const linter = new Linter({
    config,
    resolver: new NodeResolver({ require: localRequire })
  });
  const results = await linter.lint(rootElement);
  for (const [ rule, ruleReports ] of Object.entries(results)) {
    for (const report of ruleReports) {
      reports.push({
        rule: report.name || rule,
        id: report.id || '',
        category: report.category,
        message: report.message
      });
    }
  }
  return reports;
}

async function main() {
  const config = loadConfig();
  const moddle = createModdle(config);

  const files = listDiagrams();
  if (!files.length) {
    console.error(`No diagrams found in ${BPMN_DIR}`);
    return 2;
  }

  const totals = { error: 0, warn: 0, info: 0 };

  for (const file of files) {
    const rel = path.relative(REPO_ROOT, file);
    const reports = await lintFile(file, config, moddle);
    const counts = { error: 0, warn: 0, info: 0 };
    for (const r of reports) {
      const cat = r.category in counts ? r.category : 'warn';
      counts[cat]++;
      totals[cat]++;
    }
    console.log(`${rel}: ${counts.error} error(s), ${counts.warn} warning(s), ${counts.info} info`);
    for (const r of reports) {
      console.log(`  ${r.category.padEnd(5)}  ${r.id.padEnd(40)}  ${r.message}  (${r.rule})`);
    }
  }

  const total = totals.error + totals.warn + totals.info;
  console.log(`lint: ${files.length} diagram(s), ${totals.error} error(s), ${totals.warn} warning(s), ${totals.info} info`);
  return total ? 1 : 0;
}

main().then(
  code => { process.exitCode = code; },
  err => { console.error(err && err.stack || err); process.exitCode = 2; }
);
