import { escapeHtml } from '../mail/placeholders.ts';
import type { JournalSection } from './journal.ts';

/**
 * The closing email's recap: the subscriber's own reflections, lesson by lesson, or a few
 * words of encouragement without guilt when there are none. Inline styles, since most
 * email clients ignore style sheets; every piece of their text is escaped.
 */
export function buildRecap(sections: readonly JournalSection[]): { html: string; text: string } {
  const lessons = sections.filter((section) => section.messageKey.startsWith('lesson:'));
  if (lessons.length === 0) {
    const words =
      'You did not write replies along the way, and that is fine: reading, noticing and ' +
      'talking count too. Your journal stays open if you ever want to put something into words.';
    return { html: `<p style="margin:0 0 16px">${escapeHtml(words)}</p>`, text: words };
  }
  const html: string[] = [];
  const text: string[] = [];
  for (const section of lessons) {
    html.push(
      `<p style="margin:24px 0 4px;font-weight:bold">${escapeHtml(section.heading)}</p>`,
      `<p style="margin:0 0 8px;font-style:italic">${escapeHtml(section.prompt)}</p>`,
    );
    text.push(section.heading.toUpperCase(), section.prompt, '');
    for (const entry of section.entries) {
      const paragraphs = entry.text.split(/\n{2,}/);
      html.push(
        `<blockquote style="margin:0 0 12px;padding:0 0 0 12px;border-left:3px solid #c9b8a6">${paragraphs
          .map((p) => `<p style="margin:0 0 8px">${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
          .join('')}</blockquote>`,
      );
      text.push(...paragraphs.map((p) => `> ${p.replaceAll('\n', '\n> ')}`), '');
    }
  }
  return { html: html.join(''), text: text.join('\n').trim() };
}
