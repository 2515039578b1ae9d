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
.trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.error-summary { border: 2px solid var(--error); }
.error-summary h2 { margin-top: 0; color: var(--error); }
.error-summary:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
input[aria-invalid=true], select[aria-invalid=true] { border-color: var(--error); border-width: 2px; }
.schedule { margin: .5rem 0 0; }
details.zone { margin: .25rem 0 0; }
details.zone summary { cursor: pointer; color: var(--accent); text-decoration: underline; padding: .25rem 0; }
dl.envelope { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
dl.envelope dt { font-weight: 600; }
dl.envelope dd { margin: 0; overflow-wrap: anywhere; }
.chips { display: flex; flex-wrap: wrap; gap: .5rem; margin: .25rem 0; }
.chip { display: inline-flex; align-items: center; gap: .4rem; margin: 0; min-height: 44px;
  padding: .35rem .8rem; border: 1px solid var(--line); border-radius: 999px; font-weight: 600;
  background: var(--bg); cursor: pointer; }
.chip input { margin: 0; width: 1.1rem; height: 1.1rem; accent-color: var(--accent); }
.chip:has(input:checked) { border-color: var(--accent); background: var(--card); box-shadow: inset 0 0 0 1px var(--accent); }
.chip:has(input:focus-visible) { outline: 3px solid var(--accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .25rem; }
.card > label:first-child { margin-top: 0; }
form.card h3 { margin-top: 2rem; padding-top: 1.25rem; border-top: 1px solid var(--line); }
.card > h3:first-child, .card > h2:first-child { margin-top: 0; }
.course-list { list-style: none; padding: 0; }
section.leave { margin-top: 3.5rem; padding-top: 1.5rem; border-top: 2px dashed var(--line); }
section.leave h2 { margin-top: 0; }
.safety { border-left: 4px solid var(--accent); padding-left: 1rem; }
.quick-exit { position: sticky; top: .5rem; z-index: 1; display: block; width: fit-content;
  margin: 0 0 1rem auto; }
footer { margin-top: 3rem; font-size: .9rem; color: var(--muted); }
/* What a reader wrote, as written: their line breaks and spaces kept, long words wrapped. */
.written { white-space: pre-wrap; overflow-wrap: anywhere; }
/* The development outbox (/dev/outbox/:id). */
.outbox-headers th { text-align: left; padding-right: 1rem; vertical-align: top; }
.outbox-headers td { overflow-wrap: anywhere; }
.outbox-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.outbox-frame { width: 100%; height: 80vh; border: 1px solid var(--line); background: #fff; }
`;

/**
 * The help page's "Leave this page" link: a click (or Escape) replaces this page with the link's
 * neutral site, so Back does not return here. Without JavaScript it is a plain link, which
 * leaves the page in the back history but still leaves it.
 */
export const QUICK_EXIT_JS = `
(function () {
  var link = document.getElementById('quick-exit');
  if (!link) return;
  function leave(event) {
    event.preventDefault();
    document.body.hidden = true;
    window.location.replace(link.href);
  }
  link.addEventListener('click', leave);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') leave(event);
  });
})();
`;

/**
 * The signup page's script; the form works without it. Selects the browser's own time zone
 * (adding it when the server's list lacks it), keeps "Emails at 08:00, Madrid time" in step
 * with the time and zone chosen (zoneInWords in src/course/human-time.ts says it the same
 * way), and moves the focus to the error summary when there is one.
 */
export const TIMEZONE_JS = `
(function () {
  var select = document.getElementById('timezone');
  var time = document.getElementById('send_time');
  var zoneWords = document.querySelector('[data-zone-words]');
  var timeWords = document.querySelector('[data-time-words]');
  function words(zone) {
    if (zone === 'UTC' || zone.indexOf('Etc/') === 0) return zone.replace('Etc/', '');
    return zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ') + ' time';
  }
  function show() {
    if (select && zoneWords && select.value) zoneWords.textContent = words(select.value);
    if (time && timeWords && /^\\d\\d:\\d\\d$/.test(time.value)) timeWords.textContent = time.value;
  }
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && select && select.hasAttribute('data-detect')) {
      var known = false;
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) known = true;
      }
      if (!known) select.add(new Option(zone.replace(/_/g, ' '), zone), 0);
      select.value = zone;
    }
  } catch (e) {}
  if (select) select.addEventListener('change', show);
  if (time) time.addEventListener('input', show);
  show();
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
`;
