/**
 * Minimal reader for .zip archives as FLUXNET distributes them (stored or deflated entries, no
 * encryption, no ZIP64): the central directory is parsed directly and entries are inflated with
 * node:zlib, so no dependency is needed.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { FluxnetFormatError } from './errors.js';

/** One file entry of a zip archive's central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Lists the entries of a zip archive held in `buf`; `file` names the archive in errors. */
export function listZipEntries(buf: Buffer, file: string): ZipEntry[] {
  const minEocd = 22;
  if (buf.length < minEocd) throw new FluxnetFormatError(file, 'corrupt zip archive: too short to be a zip file');
  let eocd = -1;
  for (let i = buf.length - minEocd; i >= Math.max(0, buf.length - minEocd - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new FluxnetFormatError(file, 'corrupt zip archive: end of central directory not found');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  if (p + dirSize > eocd) throw new FluxnetFormatError(file, 'corrupt zip archive: central directory out of bounds');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      throw new FluxnetFormatError(file, `corrupt zip archive: bad central directory entry ${i + 1}`);
    }
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Extracts one entry (listed by {@link listZipEntries}) and checks its size and CRC-32. */
export function extractZipEntry(buf: Buffer, entry: ZipEntry, file: string): Buffer {
  const where = `${file}:${entry.name}`;
  const h = entry.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIGNATURE) {
    throw new FluxnetFormatError(where, 'corrupt zip archive: bad local file header');
  }
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new FluxnetFormatError(where, 'corrupt zip archive: entry data truncated');
  const raw = buf.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch (err) {
      throw new FluxnetFormatError(where, `corrupt zip archive: ${(err as Error).message}`);
    }
  } else throw new FluxnetFormatError(where, `unsupported zip compression method ${entry.method}`);
  if (data.length !== entry.size || crc32(data) !== entry.crc) {
    throw new FluxnetFormatError(where, 'corrupt zip archive: size or CRC-32 mismatch');
  }
  return data;
}
