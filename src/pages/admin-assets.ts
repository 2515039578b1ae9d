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
svg.chart text { fill: var(--fg); font: 12px system-ui, sans-serif; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: middle; margin-right: .3rem; }
.swatch.sent { background: #b9a58c; } .swatch.delivered { background: #7a5c3e; }
.swatch.reflected { background: #4f7a5c; } .swatch.unsubscribed { background: #a3362b; }
`;
