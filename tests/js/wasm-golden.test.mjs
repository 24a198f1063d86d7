// The golden cases through the wasm module: its JSON must be byte-identical to what the
// native command line prints for the same files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const rc = await import(join(root, 'www/pkg/readycheck.js'));
rc.initSync({ module: readFileSync(join(root, 'www/pkg/readycheck_bg.wasm')) });
const cli = join(root, 'target/debug/readycheck');
const dir = mkdtempSync(join(tmpdir(), 'rc-golden-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const goldenDir = join(root, 'tests/golden');
const cases = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();

test('at least 20 golden cases', () => assert.ok(cases.length >= 20, `${cases.length}`));

for (const file of cases) {
  test(`wasm = native: ${file}`, () => {
    const c = JSON.parse(readFileSync(join(goldenDir, file), 'utf8'));
    const tPath = join(dir, 't.json');
    const aPath = join(dir, 'a.json');
    writeFileSync(tPath, JSON.stringify(c.template));
    writeFileSync(aPath, JSON.stringify(c.assessment));
    const t = rc.loadTemplate(c.template);
    let native, wasm;
    if (c.compare_with) {
      const bPath = join(dir, 'b.json');
      writeFileSync(bPath, JSON.stringify(c.compare_with));
      native = execFileSync(cli, ['compare', tPath, aPath, bPath, '--locale', c.locale], { encoding: 'utf8' });
      wasm = t.compareJson(c.assessment, c.compare_with, c.locale);
    } else {
      native = execFileSync(cli, ['score', tPath, aPath, '--locale', c.locale], { encoding: 'utf8' });
      wasm = t.evaluateJson(c.assessment, c.locale);
      assert.deepEqual(t.evaluate(c.assessment, c.locale), JSON.parse(native), 'the object form is the same document');
    }
    assert.equal(wasm, native);
    t.free();
  });
}

test('loadTemplate throws an Error carrying code and every problem', () => {
  const bad = { format: 'readycheck/1', id: 'x', version: '1', title: 'X',
    sections: [{ id: 's', title: 'S', items: [{ id: 'a', type: 'nope', title: 'A' }, { id: 'a', type: 'yesno', title: 'B', visible_if: 'zz > 1' }] }] };
  assert.throws(() => rc.loadTemplate(bad), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'lint');
    const codes = e.problems.map((p) => `${p.code} ${p.pointer}`);
    assert.ok(codes.includes('item_type /sections/0/items/0/type'), codes.join('\n'));
    assert.ok(codes.includes('duplicate_id /sections/0/items/1/id'), codes.join('\n'));
    assert.ok(codes.includes('unknown_name /sections/0/items/1/visible_if'), codes.join('\n'));
    return true;
  });
  assert.throws(() => rc.loadTemplate('{oops'), (e) => e.code === 'json' && e.problems.length === 1);
  assert.throws(() => rc.loadTemplate({ format: 'x' }), (e) => e.code === 'format');
  assert.throws(() => rc.loadTemplate('builtin:nope'), (e) => e.code === 'input' && /example/.test(e.message));
  // In the browser build built-ins are fetched; the error says how.
  assert.throws(() => rc.loadTemplate('builtin:example'), (e) => e.code === 'input' && /await builtinTemplate\("example"\)/.test(e.message));
});

test('bad assessments throw, never crash the module', async () => {
  const t = rc.loadTemplate(await rc.builtinTemplate('example'));
  for (const a of ['[', '{}', { format: 'readycheck-assessment/1', answers: [] }, 42, null]) {
    assert.throws(() => t.evaluate(a), (e) => e instanceof Error && typeof e.code === 'string', JSON.stringify(a));
  }
  // Each error says where: the member at fault in the document.
  const at = (a) => { try { t.evaluate(a); } catch (e) { return [e.code, e.pointer]; } return null; };
  assert.deepEqual(at({ format: 'readycheck-assessment/1', mode: 'audit', answers: {} }), ['input', '/mode']);
  assert.deepEqual(at({ format: 'readycheck-assessment/2', answers: {} }), ['format', '/format']);
  assert.deepEqual(at({ format: 'readycheck-assessment/1', as_of: '25.08.2026', answers: {} }), ['input', '/as_of']);
  assert.deepEqual(at({ format: 'readycheck-assessment/1', template: { id: 'other' }, answers: {} }), ['input', '/template/id']);
  assert.deepEqual(at('{'), ['json', '']);
  // The module still works after the errors.
  const r = t.evaluate({ format: 'readycheck-assessment/1', as_of: '2026-08-25', answers: { org_group: 'yes' } }, 'en');
  assert.equal(r.verdict, 'incomplete');
});

test('built-in templates are listed and fetched, and match the command line', async () => {
  const list = rc.builtinTemplates('en');
  assert.deepEqual(list.map((t) => t.id), ['exam-site', 'example', 'school-reopening', 'training-institution']);
  const native = execFileSync(cli, ['templates', '--locale', 'en'], { encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(list.map((t) => `${t.id}\t${t.version}\t${t.title}`), native);
  for (const { id, sha256 } of list) {
    const t = await rc.builtinTemplate(id);
    assert.equal(t.format, 'readycheck/1');
    assert.equal(rc.lintTemplate(t).filter((p) => p.severity === 'error').length, 0, id);
    // The receipt names the same template hash as the index and as the command line.
    const a = { format: 'readycheck-assessment/1', template: { id, version: t.version }, as_of: '2026-08-25', answers: {} };
    writeFileSync(join(dir, 'empty.json'), JSON.stringify(a));
    const cliResult = JSON.parse(execFileSync(cli, ['score', `builtin:${id}`, join(dir, 'empty.json')], { encoding: 'utf8' }));
    assert.equal(rc.evaluate(t, a).receipt.template_sha256, sha256);
    assert.equal(cliResult.receipt.template_sha256, sha256);
  }
  await assert.rejects(rc.builtinTemplate('nope'), (e) => e.code === 'input' && /school-reopening/.test(e.message));
});


test('the receipt hashes what JSON.stringify writes, numbers included, in wasm and natively', async () => {
  const { createHash } = await import('node:crypto');
  const template = {
    format: 'readycheck/1', id: 'numbers', version: '1', title: 'Numbers',
    sections: [{ id: 's', title: 'S', items: [
      { id: 'n', type: 'number', title: 'N' },
      { id: 'k', type: 'computed', title: 'K', expr: 'n / 3' },
    ] }],
  };
  const sorted = (v) => Array.isArray(v) ? v.map(sorted)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
  writeFileSync(join(dir, 'nt.json'), JSON.stringify(template));
  const t = rc.loadTemplate(template);
  // Numbers JSON readers agree on (at most 2^53 in the digits, a power of ten up to 22):
  // the hash is JSON.stringify's. Beyond that serde_json's reader may land an ulp away from
  // JavaScript's (docs/decisions.md); the browser and the command line still agree.
  const exact = [0.1, 1e21, 1.5e-7, -0.000001, 2.5, 7, 1 / 3, 2 ** 53, 9007199254740993, 1e-7];
  const beyond = [123456789012345680000, 5e-324, 0.30000000000000004, 18446744073709551615];
  for (const n of [...exact, ...beyond]) {
    // Orphaned answers are hashed too: they carry the number inside an object and a list.
    const answers = { n, zz_orphan: { b: [n, 'x'], a: 1e-7 } };
    const a = { format: 'readycheck-assessment/1', as_of: '2026-08-25', answers };
    const want = createHash('sha256').update(JSON.stringify(sorted(answers))).digest('hex');
    const r = t.evaluate(a, 'en');
    writeFileSync(join(dir, 'na.json'), JSON.stringify(a));
    const native = JSON.parse(execFileSync(cli, ['score', join(dir, 'nt.json'), join(dir, 'na.json')], { encoding: 'utf8' }));
    assert.equal(r.receipt.answers_sha256, native.receipt.answers_sha256, `wasm = native, n = ${n}`);
    if (exact.includes(n)) {
      assert.equal(r.receipt.answers_sha256, want, `JSON.stringify, n = ${n}`);
      // The computed value reads back as the number JavaScript computes.
      assert.equal(r.values.k, n / 3, `value of n / 3, n = ${n}`);
    }
  }
  t.free();
});
