/**
 * End to end: runs the built CLI (`hwcrypt bench --quick ... --json --html`),
 * validates the JSON against its schema, and opens the HTML report in
 * headless Chromium (Debian's /usr/bin/chromium driven by playwright-core),
 * checking that every chart rendered and that the page logged no errors and
 * made no network request. Chromium missing: skipped with the reason, except
 * under CI=true where it fails (scripts/ci-bench-deps.sh installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_SCHEMA } from '../../bench/report/schema.js';
import type { BenchDocument } from '../../bench/report/types.js';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cjs', 'bench', 'cli.js');
/** Debian's chromium; HWCRYPT_TEST_CHROMIUM overrides the path (e.g. to check the skip logic). */
const CHROMIUM = process.env.HWCRYPT_TEST_CHROMIUM ?? '/usr/bin/chromium';
const inCI = process.env.CI === 'true' || process.env.CI === '1';

// dist/ is built, when missing or stale, by test/global-setup.ts before any suite runs.
beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: test/global-setup.ts should have built it`);
});

describe('hwcrypt bench end to end', () => {
  let dir: string;
  let json: string;
  let html: string;
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hwcrypt-e2e-'));
    json = join(dir, 'bench.json');
    html = join(dir, 'bench.html');
    run = spawnSync(
      process.execPath,
      [join(root, 'bin', 'hwcrypt.cjs'), 'bench', '--quick', '--sizes', '64,65536', '--algos', 'aes-128-gcm,sha256', '--json', json, '--html', html, '--time', '3', '--rounds', '2'],
      { cwd: dir, encoding: 'utf8', timeout: 110_000, env: { ...process.env, HWCRYPT_BACKEND: '' } },
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0, prints the table on stdout and progress on stderr, writes only the asked files', () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const out = String(run.stdout);
    expect(out).toContain('AES-128-GCM seal');
    expect(out).toContain('AES-128-GCM open');
    expect(out).toContain('SHA-256 hash');
    expect(out).toContain('node:crypto');
    expect(String(run.stderr)).toMatch(/\[1\/6\] aes-128-gcm seal 64 B/);
    expect(readdirSync(dir).sort()).toEqual(['bench.html', 'bench.json']);
  });

  it('JSON validates against the schema; every row has cycles/byte with its source', () => {
    const doc = JSON.parse(readFileSync(json, 'utf8')) as BenchDocument;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(BENCH_SCHEMA);
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const ok = doc.results.filter((r) => r.status === 'ok');
    expect(ok.length).toBeGreaterThan(0);
    expect(doc.results.filter((r) => r.status !== 'ok').map((r) => `${r.label}: ${r.error}`)).toEqual([]);
    // 3 groups x 2 sizes, each with the baseline and every hwcrypt backend.
    for (const algo of ['aes-128-gcm', 'sha256']) {
      for (const size of [64, 65536]) {
        const rows = ok.filter((r) => r.algorithm === algo && r.size === size);
        expect(rows.some((r) => r.baseline)).toBe(true);
        expect(rows.some((r) => r.backend === 'soft')).toBe(true);
      }
    }
    const hasCounter = doc.method.cycles.source !== 'none';
    for (const r of ok) {
      expect(r.verified).toBe(true);
      expect(r.nsPerOp).toBeGreaterThan(0);
      expect(r.samples).toBeGreaterThan(0);
      expect(r.cyclesSource).toBe(doc.method.cycles.source);
      if (hasCounter) expect(r.cyclesPerByte, `${r.label} ${r.size}`).toBeGreaterThan(0);
      expect(r.ratioToNode).toBeGreaterThan(0);
      if (!doc.method.energy.available) expect(r.joulesPerGB).toBeNull();
    }
    if (process.arch === 'x64' || process.arch === 'arm64') expect(hasCounter).toBe(true);
    if (!doc.method.energy.available) expect(doc.method.energy.reason).toBeTruthy();
    // Every peer is measured or skipped with a reason.
    for (const s of doc.skipped) expect(s.reason.length).toBeGreaterThan(5);
  });

  it('the HTML report renders every chart in headless Chromium without errors or network', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (inCI) throw new Error(`${CHROMIUM} is missing under CI; scripts/ci-bench-deps.sh installs it (apt-get install chromium)`);
      ctx.skip(`${CHROMIUM} not installed (run scripts/ci-bench-deps.sh); required under CI`);
      return;
    }
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'hwcrypt-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      const charts = await page.$$('svg.chart');
      // aes-128-gcm seal, open and sha256: three charts each.
      expect(charts.length).toBe(9);
      const kinds = await page.$$eval('svg.chart', (els) => els.map((e) => e.getAttribute('data-chart')));
      for (const k of ['throughput', 'cycles', 'speedup']) {
        for (const g of ['aes-128-gcm-seal', 'aes-128-gcm-open', 'sha256-hash']) expect(kinds).toContain(`${k}:${g}`);
      }
      for (const c of charts) {
        const box = await c.boundingBox();
        expect(box && box.width > 100 && box.height > 100).toBe(true);
        const marks = await c.$$eval('.series path, .series rect', (els) =>
          els.map((e) => (e as unknown as { getBBox(): { width: number; height: number } }).getBBox()).filter((b) => b.width > 0 || b.height > 0).length,
        );
        expect(marks).toBeGreaterThan(0);
      }
      expect(await page.getAttribute('html', 'data-charts')).toBe('9');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('hwcrypt bench --section many end to end', () => {
  it('runs only the section, writes it to the JSON (schema-valid), and prints its cases', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hwcrypt-e2e-many-'));
    try {
      const json = join(dir, 'many.json');
      const r = spawnSync(process.execPath, [join(root, 'bin', 'hwcrypt.cjs'), 'bench', '--section', 'many', '--no-peers', '--time', '2', '--rounds', '1', '--json', json], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 110_000,
        env: { ...process.env, HWCRYPT_BACKEND: '' },
      });
      expect(r.status, String(r.stderr)).toBe(0);
      expect(r.stdout).toContain('== Many small messages ==');
      expect(r.stdout).toMatch(/AES-128-GCM seal, 1000 x 64 B/);
      const doc = JSON.parse(readFileSync(json, 'utf8')) as BenchDocument;
      const validate = new Ajv({ allErrors: true, strict: false }).compile(BENCH_SCHEMA);
      expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
      expect(doc.results).toEqual([]);
      expect(doc.sections?.map((s) => s.id)).toEqual(['many']);
      const cases = doc.sections![0]!.cases;
      expect(cases.length).toBe(10);
      for (const c of cases) {
        expect(c.rows.filter((x) => x.status !== 'ok').map((x) => `${c.id} ${x.label}: ${x.error}`)).toEqual([]);
        // node:crypto is always measured and is the baseline of every case.
        expect(c.rows.find((x) => x.baseline)?.status).toBe('ok');
        for (const x of c.rows) expect(x.verified).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hwcrypt CLI process', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'hwcrypt.cjs'), ...args], { encoding: 'utf8', timeout: 60_000 });

  it('invalid options exit 2 with a clear message on stderr', () => {
    const r = run(['bench', '--sizes', 'huge']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/hwcrypt: --sizes: invalid size 'huge'/);
    expect(r.stdout).toBe('');
    const r2 = run(['frobnicate']);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('help and schema print to stdout', () => {
    const h = run(['help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/hwcrypt bench \[options\]/);
    const s = run(['schema']);
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).title).toBe('hwcrypt bench results');
  });

  it('info names the CPU, backends, versions, cycle and energy sources', () => {
    const r = run(['info', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const i = JSON.parse(r.stdout);
    expect(i.machine.cpuModel).toBeTypeOf('string');
    expect(i.backends.available.aes).toContain('soft');
    expect(i.algorithms['aes-128-gcm']).toBeTypeOf('string');
    expect(i.versions.openssl).toBe(process.versions.openssl);
    expect(i.cycles.source).toMatch(/PMU core cycles|TSC-calibrated|not available/);
    expect(i.energy).toHaveProperty('available');
    if (!i.energy.available) expect(i.energy.reason).toBeTruthy();
    const t = run(['info']);
    expect(t.stdout).toMatch(/^CPU: /);
    expect(t.stdout).toMatch(/energy: /);
  });
});
