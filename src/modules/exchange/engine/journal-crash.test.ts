/**
 * Crash test of the journal: a child process appends commands with group commit and reports
 * each acknowledgement; it is killed with SIGKILL at a random moment, three times over. After
 * every kill, replay must contain every acknowledged command (nothing acknowledged is lost), be
 * a clean prefix of the stream (nothing misread), and rebuild the book those commands build.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { OrderBook } from './book.ts';
import { replay } from './file-journal.ts';
import { mixedCommands } from './test-workload.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-journal-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TOTAL = 200_000;
const SEED = 4242;

/** Runs the child until it has acknowledged at least `killAfter` commands, then SIGKILLs it. */
function runAndKill(file: string, killAfter: number): Promise<{ start: number; maxAcked: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'journal-crash.child.ts'), file, String(TOTAL), String(SEED)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let start = -1;
    let maxAcked = 0;
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        const [word, n] = line.split(' ');
        if (word === 'start') start = Number(n);
        if (word === 'acked') maxAcked = Math.max(maxAcked, Number(n));
      }
      if (maxAcked >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ start, maxAcked }) : reject(new Error(`child exited by itself (${_code})`))));
  });
}

it('loses no acknowledged command across kill -9, and replays a clean prefix', async () => {
  const file = path.join(dir, 'crash.htj');
  const cmds = mixedCommands(TOTAL, SEED);
  let expectedStart = 0;
  for (const killAfter of [3_000, 9_000, 16_000]) {
    const { start, maxAcked } = await runAndKill(file, killAfter);
    expect(start).toBe(expectedStart);
    const r = replay(file);
    expect(r.lastSeq).toBeGreaterThanOrEqual(maxAcked);
    expect(r.records).toBe(r.lastSeq); // seq 1..n, nothing skipped or misread
    const book = new OrderBook({ lo: 90, hi: 110 });
    for (const c of cmds.slice(0, r.records)) book.apply(c);
    expect(JSON.stringify(r.book.snapshot())).toBe(JSON.stringify(book.snapshot()));
    expectedStart = r.records;
  }
}, 120_000);
