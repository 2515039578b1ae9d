import type { Course } from '../course/course.ts';
import { THANK_YOU_FIELD } from '../routes/embed.ts';
import { HONEYPOT_FIELD } from './signup.tsx';

const attr = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The signup form for another site, as plain HTML: no script, no style of ours (the site
 * styles it). It posts to /subscribe like our own page, with the same honeypot, and names
 * the page to return to afterwards (which must be on an allowed origin, else the browser
 * lands on Tend's check-your-inbox page).
 */
export function embedSnippet(
  course: Course,
  options: { publicUrl: string; thankYouUrl: string | null },
): string {
  const id = (name: string) => `tend-${course.id}-${name}`;
  // A course without roles has one text for everyone: no question to ask.
  const roles =
    course.roles.length === 0
      ? ''
      : `  <label for="${id('role')}">Which is closest to you? (optional)</label>
  <select id="${id('role')}" name="role">
    <option value="">None of these: show me every perspective</option>
${course.roles.map((role) => `    <option value="${attr(role.id)}">${attr(role.label)}</option>`).join('\n')}
  </select>
`;
  return `<form method="post" action="${attr(options.publicUrl)}/subscribe">
  <input type="hidden" name="course" value="${attr(course.id)}">
${options.thankYouUrl ? `  <input type="hidden" name="${THANK_YOU_FIELD}" value="${attr(options.thankYouUrl)}">\n` : ''}  <label for="${id('email')}">Email</label>
  <input id="${id('email')}" name="email" type="email" required maxlength="254" autocomplete="email">
  <label for="${id('name')}">First name (optional)</label>
  <input id="${id('name')}" name="name" type="text" maxlength="60" autocomplete="given-name">
${roles}  <div hidden aria-hidden="true">
    <label for="${id(HONEYPOT_FIELD)}">Leave this field empty</label>
    <input id="${id(HONEYPOT_FIELD)}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off">
  </div>
  <button type="submit">Start ${attr(course.title)}</button>
  <p><small>We send a confirmation email first. <a href="${attr(options.publicUrl)}/help">Help</a></small></p>
</form>`;
}
