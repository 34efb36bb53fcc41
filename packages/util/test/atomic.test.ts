import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFileError, FileReadError, FileWriteError, parseJsonText, readJsonFile, readTextFile, TEMP_MARKER, tempName, tempOwner, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '../src/index.js';

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

  it('follows a symbolic link: the target is replaced, the link stays a link', () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'out.csv'), 'old');
    symlinkSync(join('real', 'out.csv'), join(dir, 'link.csv'));
    writeFileAtomic(join(dir, 'link.csv'), 'new');
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.csv'))).toBe(join('real', 'out.csv'));
    expect(readFileSync(join(dir, 'real', 'out.csv'), 'utf8')).toBe('new');
    expect(readdirSync(join(dir, 'real'))).toEqual(['out.csv']);
    // a link to a file not there yet creates the file at the link's target
    symlinkSync(join(dir, 'real', 'later.csv'), join(dir, 'dangling.csv'));
    writeFileAtomic(join(dir, 'dangling.csv'), 'first');
    expect(readFileSync(join(dir, 'real', 'later.csv'), 'utf8')).toBe('first');
    expect(lstatSync(join(dir, 'dangling.csv')).isSymbolicLink()).toBe(true);
  });

  it('writes a device or a FIFO in place, never renaming over it', async () => {
    writeFileAtomic('/dev/null', 'discarded');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').filter((f) => f.startsWith(`null${TEMP_MARKER}`))).toEqual([]);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // a reader in another process drains the FIFO while this one writes to it
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise<void>((done) => reader.on('close', () => done()));
    writeFileAtomic(fifo, 'through the pipe');
    await closed;
    expect(Buffer.concat(chunks).toString()).toBe('through the pipe');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
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
      expect(() => writeFileAtomic(join(sub, 'keep.txt'), 'new')).toThrow(/cannot write .*keep.txt: permission denied/);
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

describe('temporary names', () => {
  it('gives the owner pid of a temporary name, null for other names', () => {
    expect(tempOwner(tempName('/x/unit'))).toBe(process.pid);
    expect(tempOwner('trial-0-fold-1.tmp-4242-k3j2h1g0')).toBe(4242);
    expect(tempOwner('/x/unit')).toBeNull();
    expect(tempOwner('/x/unit.tmp-abc-1')).toBeNull();
  });
});

describe('write errors', () => {
  it('name the file and say why in words, keeping the system code', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    let error: unknown;
    try {
      writeFileAtomic(join(file, 'inside.json'), '{}');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).message).toBe(`cannot write ${join(file, 'inside.json')}: a part of the path is a file, not a directory`);
    expect(['ENOTDIR', 'EEXIST']).toContain((error as FileWriteError).code);
  });
});

describe('reading files', () => {
  const remedy = 'rerun the step that wrote it';

  it('parses JSON, and names the file, the problem and the remedy when it cannot', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, '{"a": [1, 2]}');
    expect(readJsonFile(good, remedy)).toEqual({ a: [1, 2] });
    const broken = join(dir, 'unit.json');
    writeFileSync(broken, '{"id": "ab\u0001cd"}');
    expect(() => readJsonFile(broken, remedy)).toThrow(new RegExp(`^${broken}: not valid JSON \\(Bad control character in string literal.*\\); ${remedy}$`));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, '{"a": 1, "b": ');
    expect(() => readJsonFile(cut, remedy)).toThrow(`${cut}: not valid JSON`);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(() => readJsonFile(empty, remedy)).toThrow(`${empty}: empty (cut off when written?); ${remedy}`);
    expect(() => readJsonFile(join(dir, 'none.json'), remedy)).toThrow(`${join(dir, 'none.json')}: cannot read: no such file or directory; ${remedy}`);
    expect(() => readTextFile(dir, remedy)).toThrow(`${dir}: cannot read: is a directory, not a file; ${remedy}`);
  });

  it('hands the FileReadError to the caller\'s own error type', () => {
    class OwnError extends Error {}
    const file = join(dir, 'none.json');
    let error: unknown;
    try {
      readJsonFile(file, remedy, (e) => new OwnError(e.message, { cause: e }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OwnError);
    expect(((error as OwnError).cause as FileReadError).file).toBe(file);
    expect(parseJsonText('[1]', file, remedy)).toEqual([1]);
    expect(() => parseJsonText('[1', file, remedy, undefined, 'line 3')).toThrow(`${file}: line 3: not valid JSON`);
    expect(describeFileError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('no space left on device');
  });
});
