"""The review sheet's style sheet: readable on screen, and on paper in colour or grey.

Status is never colour alone: each badge has its word and a border style, so a greyscale
printout still tells verified from disputed. Highlighted words are underlined as well.
"""

SHEET_CSS = """\
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5c5c5c; --rule: #c8c8c8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 1.5rem; color: var(--ink); background: #fff;
  font: 11pt/1.45 Georgia, "Times New Roman", serif; }
h1, h2, h3, h4, nav, .badge, dl, table, .meta, footer { font-family: "Helvetica Neue", Arial,
  sans-serif; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 0.2rem 0 0.5rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem;
  margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.4rem; }
h4 { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted);
  margin: 0.8rem 0 0.3rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; margin: 0;
  color: var(--muted); font-family: "Helvetica Neue", Arial, sans-serif; }
.standfirst { font-size: 1.1rem; margin: 0 0 0.8rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0.4rem 0;
  font-size: 0.9rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 0.85em; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }
.summary { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.95rem; }
.entry { border: 1px solid var(--rule); border-left: 6px solid var(--rule); padding: 0.7rem 0.9rem;
  margin: 0.9rem 0; break-inside: avoid; page-break-inside: avoid; }
.entry.verified { border-left-color: #2e7d32; }
.entry.disputed { border-left-color: #c62828; border-left-style: double; }
.entry.needs-fix { border-left-color: #ef6c00; border-left-style: dashed; }
.entry.disagreed { border-left-color: #6a1b9a; border-left-style: dotted; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: bold; padding: 0.05rem 0.45rem;
  border: 1px solid currentColor; border-radius: 0.2rem; margin-right: 0.4rem;
  vertical-align: 0.1em; text-transform: uppercase; letter-spacing: 0.03em; }
.badge.verified { color: #2e7d32; }
.badge.disputed { color: #c62828; border-style: double; border-width: 3px; }
.badge.needs-fix { color: #b45309; border-style: dashed; }
.badge.disagreed { color: #6a1b9a; border-style: dotted; }
.badge.unreviewed { color: var(--muted); }
.badge.stale { color: #7a5b00; background: #fff4c2; }
.stale-note { font-size: 0.85rem; color: #7a5b00; margin: 0.3rem 0; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.3rem 0; }
th, td { text-align: left; border-bottom: 1px solid var(--rule);
  padding: 0.15rem 0.8rem 0.15rem 0; }
.none { color: var(--muted); font-style: italic; font-size: 0.9rem; margin: 0.3rem 0; }
.note { margin: 0.3rem 0; padding: 0.3rem 0.7rem; border-left: 3px solid var(--rule);
  background: #f6f6f6; }
.note .meta { font-size: 0.8rem; color: var(--muted); margin: 0; }
.note p { margin: 0.1rem 0; }
figure.source { margin: 0.5rem 0; }
figure.source figcaption { font-size: 0.8rem; color: var(--muted);
  font-family: "Helvetica Neue", Arial, sans-serif; }
figure.source blockquote, .paragraph { margin: 0.2rem 0 0; }
figure.source blockquote { padding-left: 0.8rem; border-left: 3px solid var(--rule); }
mark { background: #ffe680; color: inherit; border-bottom: 2px solid #9a7b00; padding: 0 0.05em; }
.paragraph { display: grid; grid-template-columns: 3.2rem 1fr; gap: 0.6rem; margin: 0.5rem 0; }
.paragraph .number { color: var(--muted); font-size: 0.8rem; text-align: right;
  font-family: "Helvetica Neue", Arial, sans-serif; }
.paragraph.heading .text { font-weight: bold; }
.paragraph.caption .text, .paragraph.credit .text { font-style: italic; font-size: 0.95rem; }
a { color: #1a4d8f; }
footer { margin-top: 2rem; border-top: 1px solid var(--rule); font-size: 0.8rem;
  color: var(--muted); padding-top: 0.4rem; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.entries + section.entries, section.article {
    break-before: page; page-break-before: always; }
  .entry, .note, mark, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
