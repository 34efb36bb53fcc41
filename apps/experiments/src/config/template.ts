/**
 * A commented YAML config generated from the run-config schema: every key with its value in a given
 * config and its meaning (the schema's `.describe()` text, enum choices appended), so the file can
 * never drift from what the CLI accepts. Keys a config leaves unset (a model's hyper-parameters that
 * are searched, a model's default search space) are listed as comments with the registry default.
 */
import { modelSpec } from '@fluxscale/models';
import { stringify } from 'yaml';
import { z } from 'zod';
import type { RunConfig } from './schema.js';
import { runConfigSchema } from './schema.js';

/** The innermost schema under optional / nullable / default wrappers and the first description met. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; description: string | undefined } {
  let inner = schema;
  let description = inner.description;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
    description ??= inner.description;
  }
  return { schema: inner, description };
}

/** The meaning of a key: its description, with the allowed values of an enum (or a list of one). */
function meaningOf(schema: z.ZodType, description: string): string {
  const element = schema instanceof z.ZodArray ? (schema.element as z.ZodType) : schema;
  return element instanceof z.ZodEnum ? `${description} (${element.options.join(' | ')})` : description;
}

/** A value in YAML flow style on one line (`[a, b]`, `{ k: v }`, scalars plain or quoted as needed). */
const flow = (value: unknown): string => stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trimEnd();

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The registry default of a key a config may leave unset, by its path (model hyper-parameters and search spaces). */
function defaultOf(path: readonly string[]): unknown {
  const [section, part, kind, name] = path;
  if (section !== 'search' || kind === undefined) return undefined;
  if (part === 'fixed') return name === undefined ? modelSpec(kind).defaults : modelSpec(kind).defaults[name];
  if (part === 'spaces' && name === undefined) return modelSpec(kind).space;
  return undefined;
}

/** Writes the keys of `schema` with the values of `value` (an object of that shape, or undefined) into `lines`. */
function writeObject(schema: z.ZodObject, value: Plain | undefined, path: readonly string[], indent: string, lines: string[]): void {
  for (const [key, child] of Object.entries(schema.shape)) {
    const { schema: inner, description } = unwrap(child as z.ZodType);
    const keyPath = [...path, key];
    if (description === undefined) throw new Error(`config key ${keyPath.join('.')} has no description in the schema`);
    const meaning = meaningOf(inner, description);
    const v = value?.[key];
    if (v === undefined) {
      writeUnset(inner, keyPath, meaning, indent, lines);
      continue;
    }
    if (path.length === 0) lines.push('');
    lines.push(`${indent}# ${meaning}`);
    if (inner instanceof z.ZodObject && isPlain(v)) {
      lines.push(`${indent}${key}:${Object.keys(v).length === 0 ? ' {}' : ''}`);
      writeObject(inner, v, keyPath, `${indent}  `, lines);
    } else {
      lines.push(`${indent}${key}: ${flow(v)}`);
    }
  }
}

/**
 * Lists a key the config leaves unset as comments, with its registry default and meaning (for an
 * object, each of its keys), so that removing the leading `# ` of a line sets it.
 */
function writeUnset(schema: z.ZodType, path: readonly string[], meaning: string, indent: string, lines: string[]): void {
  const key = path[path.length - 1];
  if (schema instanceof z.ZodObject) {
    lines.push(`${indent}# ${key}:  # ${meaning}: none set, the defaults apply`);
    for (const [name, child] of Object.entries(schema.shape)) {
      const { schema: inner, description } = unwrap(child as z.ZodType);
      lines.push(`${indent}#   ${name}: ${flow(defaultOf([...path, name]) ?? null)}  # ${meaningOf(inner, description ?? '')}`);
    }
    return;
  }
  lines.push(`${indent}# ${key}: ${flow(defaultOf(path) ?? null)}  # ${meaning} (the default; not set)`);
}

/**
 * The commented YAML of `config`: `header` lines first (as comments), then every key of the schema in
 * schema order with its meaning on the line above. Loading the text as a user config gives `config`
 * back. Throws, naming the key, where the schema has a key without a description.
 */
export function configTemplate(config: RunConfig, header: readonly string[], schema: z.ZodObject = runConfigSchema()): string {
  const lines = header.map((line) => (line === '' ? '#' : `# ${line}`));
  writeObject(schema, config as unknown as Plain, [], '', lines);
  return `${lines.join('\n')}\n`;
}
