/**
 * The addon's one idiom (docs/architecture.md): the C Node-API only, and
 * every napi_* status checked. This reads native/addon/ and fails on a
 * call whose status is neither compared with napi_ok nor discarded with
 * `(void)` (which only common.h's throw and external-memory helpers do),
 * on napi_throw_* outside common.h, and on node-addon-api.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ADDON = path.join(__dirname, '..', 'native', 'addon');
const files = fs.readdirSync(ADDON).filter((f) => /\.(cc|h)$/.test(f));

/** Source with comments and string literals blanked (same length, so offsets and line numbers hold). */
function code(src: string): string {
  return src.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** Index just past the parenthesis that closes the one at `open`. */
function closeParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Types that can precede a parenthesis in a declaration (`napi_value (&argv)[N]`). */
const NOT_CALLS = new Set(['napi_value', 'napi_env', 'napi_status', 'napi_callback_info', 'napi_ref', 'napi_valuetype']);

interface Call {
  file: string;
  line: number;
  name: string;
  checked: boolean;
  discarded: boolean;
}

function calls(file: string): Call[] {
  const s = code(fs.readFileSync(path.join(ADDON, file), 'utf8'));
  const out: Call[] = [];
  for (const m of s.matchAll(/\bnapi_[a-z0-9_]+(?=\s*\()/g)) {
    if (NOT_CALLS.has(m[0])) continue;
    const end = closeParen(s, s.indexOf('(', m.index!));
    out.push({
      file,
      line: s.slice(0, m.index).split('\n').length,
      name: m[0],
      // `napi_status st = napi_...(...)` is checked where st is compared.
      checked: /^\s*[=!]=\s*napi_ok\b/.test(s.slice(end)) || /napi_status\s+\w+\s*=\s*$/.test(s.slice(0, m.index)),
      discarded: /\(void\)\s*$/.test(s.slice(0, m.index)),
    });
  }
  return out;
}

describe('native/addon follows its one idiom', () => {
  const all = files.flatMap(calls);

  it('reads the sources it checks', () => {
    expect(files).toEqual(expect.arrayContaining(['aes.cc', 'binding.cc', 'common.h', 'hash.cc']));
    expect(all.length).toBeGreaterThan(50);
  });

  it('every napi_* status is compared with napi_ok, or discarded with (void) in common.h', () => {
    const where = (c: Call) => `${c.file}:${c.line} ${c.name}`;
    expect(all.filter((c) => !c.checked && !c.discarded).map(where)).toEqual([]);
    expect(all.filter((c) => c.discarded && c.file !== 'common.h').map(where)).toEqual([]);
    expect(all.filter((c) => c.name.startsWith('napi_throw') && c.file !== 'common.h').map(where)).toEqual([]);
  });

  it('uses the C Node-API only (no node-addon-api)', () => {
    for (const f of files) {
      const src = fs.readFileSync(path.join(ADDON, f), 'utf8');
      expect(src, f).not.toMatch(/^\s*#\s*include\s*[<"]napi\.h[>"]/m);
      expect(code(src), f).not.toMatch(/\bNapi::/);
    }
  });
});
