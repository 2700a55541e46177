import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type BlobStorage, DiskStorage, MemoryStorage, contentTypeForKey, isSafeStorageKey } from './storage.ts';

let tmpRoot: string;

beforeAll(async () => {
  tmpRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'haitang-storage-'));
});

afterAll(async () => {
  await fs.rm(tmpRoot, { recursive: true, force: true });
});

/** Every file under dir, relative, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const UNSAFE_KEYS = [
  '',
  '/etc/passwd',
  '../secret',
  'a/../../b',
  'a/..',
  'a..b',
  'A/b.webp',
  'a\\b',
  'a b',
  'a//b',
  'a/',
  './a',
  'a/./b',
  'a\0b',
  '产品/a.webp',
  'a'.repeat(201),
];

describe('isSafeStorageKey', () => {
  it('accepts the keys the platform generates', () => {
    expect(isSafeStorageKey('products/0192f3a4-7b1c-7d2e-8f00-123456789abc/large.webp')).toBe(true);
    expect(isSafeStorageKey('a')).toBe(true);
    expect(isSafeStorageKey('shops/logo_1.v2-final.png')).toBe(true);
    expect(isSafeStorageKey('a'.repeat(200))).toBe(true);
  });

  it.each(UNSAFE_KEYS)('refuses %j', (key) => {
    expect(isSafeStorageKey(key)).toBe(false);
  });

  it('never accepts a key that resolves outside its root', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', '/', '-', '_', '\\', '~'), maxLength: 12 }), (key) => {
        if (!isSafeStorageKey(key)) return;
        const root = path.resolve('/srv/blobs');
        expect(path.resolve(root, key).startsWith(root + path.sep)).toBe(true);
        expect(key).not.toContain('~');
      }),
    );
  });
});

describe.each([
  ['DiskStorage', () => new DiskStorage(path.join(tmpRoot, `disk-${Math.random().toString(36).slice(2)}`))],
  ['MemoryStorage', () => new MemoryStorage()],
] as const)('%s', (_name, make: () => BlobStorage) => {
  it('round-trips bytes and content type, overwrites, deletes', async () => {
    const s = make();
    const data = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    await s.put('products/p1/large.webp', data, 'image/webp');
    expect(await s.get('products/p1/large.webp')).toEqual({ data, contentType: 'image/webp' });

    await s.put('products/p1/large.webp', Buffer.from('v2'), 'image/png');
    expect(await s.get('products/p1/large.webp')).toEqual({ data: Buffer.from('v2'), contentType: 'image/png' });

    await s.put('empty.bin', Buffer.alloc(0), 'application/octet-stream');
    expect((await s.get('empty.bin'))?.data.length).toBe(0);

    await s.delete('products/p1/large.webp');
    expect(await s.get('products/p1/large.webp')).toBeNull();
    await s.delete('products/p1/large.webp'); // deleting twice is fine
  });

  it('returns null for a missing key, including one below an existing blob', async () => {
    const s = make();
    expect(await s.get('nope/missing.webp')).toBeNull();
    await s.put('x/file.webp', Buffer.from('x'), 'image/webp');
    expect(await s.get('x/file.webp/below')).toBeNull();
    expect(await s.get('x')).toBeNull();
  });

  it('stores a copy: mutating the caller buffer does not change the blob', async () => {
    const s = make();
    const data = Buffer.from('abc');
    await s.put('copy.txt', data, 'text/plain');
    data[0] = 0x7a;
    const got = await s.get('copy.txt');
    expect(got?.data.toString()).toBe('abc');
  });

  it.each(UNSAFE_KEYS)('refuses the unsafe key %j on put, get and delete', async (key) => {
    const s = make();
    await expect(s.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(RangeError);
    await expect(s.get(key)).rejects.toThrow(RangeError);
    await expect(s.delete(key)).rejects.toThrow(RangeError);
  });

  it('refuses a content type that could inject a header', async () => {
    const s = make();
    await expect(s.put('a.txt', Buffer.from('x'), 'text/plain\r\nSet-Cookie: a=b')).rejects.toThrow(RangeError);
    await expect(s.put('a.txt', Buffer.from('x'), '')).rejects.toThrow(RangeError);
  });
});

describe('DiskStorage on disk', () => {
  it('never writes outside its root, even for traversal attempts', async () => {
    const root = path.join(tmpRoot, 'jail', 'root');
    await fs.mkdir(root, { recursive: true });
    const s = new DiskStorage(root);
    for (const key of ['../escaped', '../../escaped', '/tmp/escaped', 'a/../../escaped']) {
      await expect(s.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(RangeError);
    }
    expect(await listFiles(path.join(tmpRoot, 'jail'))).toEqual([]);
    await expect(fs.readdir(root)).resolves.toEqual([]);
  });

  it('lays files out under the root and leaves no temp files behind', async () => {
    const root = path.join(tmpRoot, 'layout');
    const s = new DiskStorage(root);
    await s.put('products/p1/large.webp', Buffer.from('large'), 'image/webp');
    await s.put('products/p1/thumb.webp', Buffer.from('thumb'), 'image/webp');
    await s.put('products/p1/large.webp', Buffer.from('large-2'), 'image/webp');
    expect(await listFiles(root)).toEqual([
      'products/p1/large.webp',
      'products/p1/large.webp~type',
      'products/p1/thumb.webp',
      'products/p1/thumb.webp~type',
    ]);
    expect(await fs.readFile(path.join(root, 'products/p1/large.webp'), 'utf8')).toBe('large-2');
    await s.delete('products/p1/thumb.webp');
    expect(await listFiles(root)).toEqual(['products/p1/large.webp', 'products/p1/large.webp~type']);
  });

  it('readers see a whole old or whole new blob while writers race', async () => {
    const s = new DiskStorage(path.join(tmpRoot, 'race'));
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(256 * 1024, 65 + i));
    await s.put('hot.bin', versions[0]!, 'application/octet-stream');
    const seen = new Set<string>();
    const reads = Array.from({ length: 40 }, async () => {
      const got = await s.get('hot.bin');
      expect(got).not.toBeNull();
      const blob = got!.data;
      expect(blob.length).toBe(256 * 1024);
      expect(blob.every((b) => b === blob[0])).toBe(true); // never a mix of two versions
      seen.add(String.fromCharCode(blob[0]!));
    });
    await Promise.all([...versions.map((v) => s.put('hot.bin', v, 'application/octet-stream')), ...reads]);
    expect(seen.size).toBeGreaterThan(0);
    expect((await listFiles(path.join(tmpRoot, 'race'))).filter((f) => f.includes('~tmp-'))).toEqual([]);
  });

  it('a failed write leaves the old blob and no temp file', async () => {
    const root = path.join(tmpRoot, 'failing');
    const s = new DiskStorage(root);
    await s.put('d/child.txt', Buffer.from('child'), 'text/plain');
    // 'd' is a directory, so the final rename fails after the temp file was written.
    await expect(s.put('d', Buffer.from('x'), 'text/plain')).rejects.toThrow();
    expect(await listFiles(root)).toEqual(['d/child.txt', 'd/child.txt~type']);
    expect((await s.get('d/child.txt'))?.data.toString()).toBe('child');
  });

  it('derives the content type from the extension when the sidecar is missing', async () => {
    const root = path.join(tmpRoot, 'nosidecar');
    await fs.mkdir(path.join(root, 'p'), { recursive: true });
    await fs.writeFile(path.join(root, 'p/a.webp'), 'x');
    await fs.writeFile(path.join(root, 'p/b.unknown'), 'y');
    const s = new DiskStorage(root);
    expect(await s.get('p/a.webp')).toEqual({ data: Buffer.from('x'), contentType: 'image/webp' });
    expect((await s.get('p/b.unknown'))?.contentType).toBe('application/octet-stream');
    expect(contentTypeForKey('x/y.jpeg')).toBe('image/jpeg');
  });

  it('survives a new instance: data persists on disk', async () => {
    const root = path.join(tmpRoot, 'persist');
    await new DiskStorage(root).put('k/v.png', Buffer.from('png'), 'image/png');
    expect(await new DiskStorage(root).get('k/v.png')).toEqual({ data: Buffer.from('png'), contentType: 'image/png' });
  });
});
