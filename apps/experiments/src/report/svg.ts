/**
 * Prepares an SVG file for inlining into an HTML page: drops what only a standalone file may
 * have (XML prologue, doctype, comments), anything active (scripts, event handlers, external
 * links), and prefixes every id so that several panels on one page never share one.
 */

/** An SVG file that cannot be inlined (no <svg> element). */
export class SvgInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SvgInputError';
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The SVG text ready to inline: from its <svg> element on, without prologue, doctype, comments,
 * <script>/<foreignObject> elements, on* attributes and links to anything but the SVG's own
 * ids, with a viewBox (from width and height) when it had none; every id and every reference to it (`url(#id)`, `href="#id"`) prefixed with `prefix`.
 * `source` names the file in errors.
 */
export function inlineSvg(svg: string, prefix: string, source: string): string {
  const start = svg.search(/<svg[\s>]/i);
  const end = svg.toLowerCase().lastIndexOf('</svg>');
  if (start < 0 || end < start) throw new SvgInputError(`${source} holds no <svg> element`);
  let out = svg
    .slice(start, end + '</svg>'.length)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|foreignObject)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|foreignObject)\b[^>]*\/>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/\s+(xlink:)?href\s*=\s*("(?!#)[^"]*"|'(?!#)[^']*')/gi, '');
  const ids = [...out.matchAll(/\sid\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
  if (ids.length > 0) {
    const alternatives = [...new Set(ids)].map(escapeRegExp).join('|');
    out = out
      .replace(new RegExp(`(\\sid\\s*=\\s*")(${alternatives})"`, 'g'), `$1${prefix}$2"`)
      .replace(new RegExp(`url\\(\\s*(['"]?)#(${alternatives})\\1\\s*\\)`, 'g'), `url($1#${prefix}$2$1)`)
      .replace(new RegExp(`(href\\s*=\\s*")#(${alternatives})"`, 'g'), `$1#${prefix}$2"`);
  }
  return withViewBox(out);
}

/** Adds a viewBox from the root's numeric width and height when it has none, so that CSS can scale the panel. */
function withViewBox(svg: string): string {
  const root = /^<svg\b[^>]*>/i.exec(svg)![0];
  if (/\sviewBox\s*=/i.test(root)) return svg;
  const width = /\swidth\s*=\s*"([\d.]+)(px)?"/.exec(root)?.[1];
  const height = /\sheight\s*=\s*"([\d.]+)(px)?"/.exec(root)?.[1];
  if (width === undefined || height === undefined) return svg;
  return `<svg viewBox="0 0 ${width} ${height}"${svg.slice(4)}`;
}
