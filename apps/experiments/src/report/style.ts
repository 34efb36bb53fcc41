/** The report page's stylesheet: system fonts, responsive width, coloured score cells, print rules. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; --good: #116329; --good-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 78rem; margin: 0 auto; padding: 1.5rem clamp(0.75rem, 3vw, 2rem) 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; line-height: 1.25; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }
p { margin: 0.5rem 0; }
a { color: var(--accent); }
code, pre { font: 0.85em/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; overflow-x: auto; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
.muted, .note { color: var(--muted); font-size: 0.9rem; }
nav.toc { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 1.25rem; margin: 1rem 0; }
nav.toc h2 { border: 0; margin: 0.5rem 0 0.25rem; padding: 0; font-size: 1rem; }
nav.toc ol { margin: 0.25rem 0 0.5rem; padding-left: 1.25rem; }
nav.toc ol ol { padding-left: 1.1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 0.75rem 0 1.25rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.875rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 0.4rem; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: right; vertical-align: top; }
thead th { background: var(--bg-soft); text-align: center; }
tbody th, table.plain td:first-child { text-align: left; }
table.plain td, td.text { text-align: left; }
td .ref { display: block; color: var(--muted); font-size: 0.8em; }
td.better { background: var(--good-bg); color: var(--good); }
td.worse { background: var(--bad-bg); color: var(--bad); }
.mark { font-size: 0.75em; }
.legend span { display: inline-block; padding: 0 0.4rem; border-radius: 3px; }
.legend .better { background: var(--good-bg); color: var(--good); }
.legend .worse { background: var(--bad-bg); color: var(--bad); }
ul.findings { list-style: none; padding: 0; margin: 0.5rem 0; }
ul.findings li { display: grid; grid-template-columns: 1.75rem 1fr; gap: 0 0.5rem; padding: 0.45rem 0; border-bottom: 1px solid var(--line); }
ul.findings .verdict { font-weight: 700; font-size: 1.15rem; text-align: center; line-height: 1.3; }
ul.findings li.yes .verdict { color: var(--good); }
ul.findings li.no .verdict { color: var(--bad); }
ul.findings li.na .verdict { color: var(--muted); }
ul.verdicts { padding-left: 1.2rem; }
ul.verdicts li { margin: 0.25rem 0; }
.verdict-word { font-weight: 700; }
.verdict-word.helps { color: var(--good); }
.verdict-word.hurts { color: var(--bad); }
.verdict-word.no-evidence { color: var(--muted); }
ul.findings .claim { font-weight: 600; }
ul.findings .evidence { display: block; font-size: 0.9rem; }
ul.findings .evidence b { font-weight: 600; color: var(--muted); }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
figure.panel { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; background: #fff; break-inside: avoid; }
figure.panel svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.panel figcaption { font-size: 0.875rem; margin-top: 0.4rem; }
figure.panel figcaption strong { display: block; }
.missing { padding: 2rem 1rem; text-align: center; color: var(--bad); background: var(--bad-bg); border-radius: 4px; }
.data-links { font-size: 0.875rem; }
details { margin: 0.5rem 0; }
details > summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 0.75rem; }
@media (max-width: 40rem) { body { font-size: 14px; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.3rem; } }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .table-wrap { overflow: visible; }
  h2, h3 { break-after: avoid; }
  table, ul.findings li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
