/** The console's own styles, on top of site.css: wider pages, tables, the funnel chart. */
export const ADMIN_CSS = `
main.admin { max-width: 64rem; }
nav.admin { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: center;
  border-bottom: 1px solid var(--line); padding-bottom: .75rem; margin-bottom: 1.5rem; }
nav.admin form { margin-left: auto; }
nav.admin button { margin: 0; min-height: 0; padding: .35rem .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.grid .card { margin: 0; }
.big { font-size: 2rem; font-weight: 700; line-height: 1.1; }
.notice { border-left: 4px solid var(--accent); padding: .5rem 1rem; background: var(--card); }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; }
.actions form { margin: 0; }
.actions button { margin-top: 0; }
button.danger { background: var(--error); }
iframe.email { width: 100%; height: 70vh; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
pre.email { white-space: pre-wrap; background: var(--card); border: 1px solid var(--line);
  border-radius: 8px; padding: 1rem; font-size: .9rem; max-height: 70vh; overflow: auto; }
.switcher { border: 1px solid var(--line); border-radius: 12px; padding: .75rem 1rem; margin: 0 0 1.25rem;
  background: var(--card); }
.switcher p { margin: .5rem 0 0; }
.switcher-group { display: grid; grid-template-columns: 5rem 1fr; gap: .5rem; align-items: baseline; margin: .25rem 0; }
.switcher-label { font-weight: 600; }
.switcher ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.pill { display: inline-block; padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 999px;
  text-decoration: none; min-height: 32px; }
.pill[aria-current=page] { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); font-weight: 600; }
@media (max-width: 40rem) { .switcher-group { grid-template-columns: 1fr; gap: .25rem; } }
.table-scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0 1.5rem; }
.table-scroll table { margin: 0; }
.table-scroll th, .table-scroll td.n { white-space: nowrap; }
.funnel { margin: 1rem 0 2rem; }
.funnel figcaption { margin-bottom: .5rem; }
.funnel-email { display: grid; grid-template-columns: 7rem 1fr; gap: .25rem 1rem; align-items: start;
  padding: .6rem 0; border-bottom: 1px solid var(--line); }
.funnel-email h3 { margin: 0; font-size: 1rem; line-height: 1.4; }
.funnel-email dl { margin: 0; }
.funnel-bar { display: grid; grid-template-columns: 9.5rem 1fr; gap: .75rem; align-items: center;
  font-size: .9rem; line-height: 1.4; }
.funnel-bar dt { color: var(--muted); }
.funnel-bar dd { margin: 0; display: flex; align-items: center; gap: .5rem; min-width: 0; }
.funnel-bar svg { flex: 1 1 auto; min-width: 0; height: .8rem; }
.funnel-bar .n { flex: 0 0 3.5rem; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.funnel-bar.sent rect { fill: #b9a58c; } .funnel-bar.delivered rect { fill: #7a5c3e; }
.funnel-bar.reflected rect { fill: #4f7a5c; } .funnel-bar.unsubscribed rect { fill: #a3362b; }
@media (prefers-color-scheme: dark) { .funnel-bar.delivered rect { fill: #d9b48f; } }
@media (max-width: 40rem) {
  .funnel-email { grid-template-columns: 1fr; }
  .funnel-bar { gap: .5rem; }
}
`;
