/** The site's only stylesheet: calm, readable, fine on a phone, dark when the system is. */
export const SITE_CSS = `
:root { color-scheme: light dark; --bg: #faf7f2; --fg: #2d2a26; --muted: #6b645b; --card: #fff;
  --line: #e6dfd4; --accent: #7a5c3e; --accent-fg: #fff; --error: #a3362b; }
@media (prefers-color-scheme: dark) { :root { --bg: #1c1a17; --fg: #ece6dc; --muted: #b3aa9c;
  --card: #262320; --line: #3a352f; --accent: #d9b48f; --accent-fg: #1c1a17; --error: #f0958a; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 17px/1.6 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; }
main { max-width: 40rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
p, li { color: var(--fg); }
.muted, small { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.25rem; margin: 1.25rem 0; }
label { display: block; font-weight: 600; margin: 1rem 0 .35rem; }
input[type=email], input[type=text], input[type=password], input[type=time], input[type=date], select,
textarea {
  width: 100%; padding: .7rem .8rem; font: inherit; color: inherit; background: var(--bg);
  border: 1px solid var(--line); border-radius: 8px; }
textarea { min-height: 12rem; }
fieldset { border: 0; padding: 0; margin: 1rem 0 0; }
legend { font-weight: 600; margin-bottom: .35rem; }
.choice { display: flex; gap: .6rem; align-items: flex-start; font-weight: 400; margin: .5rem 0; }
.choice input { margin-top: .35rem; }
button, .button { display: inline-block; margin-top: 1.25rem; min-height: 44px; padding: .7rem 1.3rem;
  font: inherit; font-weight: 600; color: var(--accent-fg); background: var(--accent); border: 0;
  border-radius: 8px; cursor: pointer; text-decoration: none; }
button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
a { color: var(--accent); }
/* Focus always shows, whatever the control: a time field's focus can be on its clock button,
   inside the field, which only :focus-within sees. */
a:focus-visible, button:focus-visible, [tabindex]:focus-visible, summary:focus-visible,
input:focus-within, select:focus, textarea:focus { outline: 3px solid var(--accent);
  outline-offset: 2px; }
.error { color: var(--error); font-weight: 600; margin: .35rem 0 0; }
.safety { border-left: 4px solid var(--accent); padding-left: 1rem; }
footer { margin-top: 3rem; font-size: .9rem; color: var(--muted); }
/* What a reader wrote, as written: their line breaks and spaces kept, long words wrapped. */
.written { white-space: pre-wrap; overflow-wrap: anywhere; }
/* The development outbox (/dev/outbox/:id). */
.outbox-headers th { text-align: left; padding-right: 1rem; vertical-align: top; }
.outbox-headers td { overflow-wrap: anywhere; }
.outbox-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.outbox-frame { width: 100%; height: 80vh; border: 1px solid var(--line); background: #fff; }
`;

/** Fills the hidden time-zone field from the browser; the form works without it. */
export const TIMEZONE_JS = `
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var field = document.querySelector('input[name="timezone"]');
    if (zone && field) field.value = zone;
  } catch (e) {}
})();
`;
