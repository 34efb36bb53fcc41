/** Small helpers for writing HTML text safely. */
import { relative, sep } from 'node:path';

/** Text with &, <, >, " and ' escaped, for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A relative URL from the folder `fromDir` to `file`, each path segment percent-encoded. */
export function relativeHref(fromDir: string, file: string): string {
  return relative(fromDir, file).split(sep).map(encodeURIComponent).join('/');
}

/** A definition list of label → value pairs (values already HTML); pairs with an undefined value are left out. */
export function definitionList(pairs: ReadonlyArray<readonly [string, string | undefined]>): string {
  const items = pairs.filter((p): p is readonly [string, string] => p[1] !== undefined);
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** An HTML table from a header and rows of cell HTML. */
export function htmlTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, className = 'plain'): string {
  return `<table class="${className}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
