import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMP_MARKER, tempName, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fluxscale-util-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic writes', () => {
  it('writes a file (creating its folder) and leaves no temporary behind', () => {
    const file = join(dir, 'a', 'b.txt');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.txt']);
  });

  it('writes pretty JSON with a final newline', () => {
    writeJsonAtomic(join(dir, 'x.json'), { a: 1 });
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
  });

  it('names temporaries <target>.tmp-<pid>-<random>', () => {
    expect(tempName('/x/y')).toMatch(new RegExp(`^/x/y\\${TEMP_MARKER}${process.pid}-[a-z0-9]+$`));
  });

  it('a failed write leaves neither the target nor a temporary', () => {
    const sub = join(dir, 'ro');
    mkdirSync(sub);
    writeFileSync(join(sub, 'keep.txt'), 'old');
    chmodSync(sub, 0o500);
    try {
      if (process.getuid?.() === 0) return; // root ignores the permission bits
      expect(() => writeFileAtomic(join(sub, 'keep.txt'), 'new')).toThrow(/EACCES/);
      expect(readFileSync(join(sub, 'keep.txt'), 'utf8')).toBe('old');
    } finally {
      chmodSync(sub, 0o700);
    }
  });

  it('fills a folder atomically, keeps an existing one, and cleans up after a failure', async () => {
    const target = join(dir, 'unit');
    await expect(writeDirAtomic(target, (tmp) => writeFileSync(join(tmp, 'f'), '1'))).resolves.toBe(true);
    await expect(writeDirAtomic(target, (tmp) => writeFileSync(join(tmp, 'f'), '2'))).resolves.toBe(false);
    expect(readFileSync(join(target, 'f'), 'utf8')).toBe('1');
    const other = join(dir, 'other');
    await expect(
      writeDirAtomic(other, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(other)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes(TEMP_MARKER))).toEqual([]);
  });
});
