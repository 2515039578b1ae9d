import { isLessonKey } from '../course/message-key.ts';
import { escapeHtml } from '../mail/placeholders.ts';
import type { JournalSection } from './journal.ts';

/** How much of a lesson's reflections the closing email quotes; the journal holds the rest. */
export const EXCERPT_CHARACTERS = 200;

/**
 * The start of `text`, at most `limit` characters cut at a word boundary and marked with "…",
 * paragraph breaks kept (runs of blank lines become one).
 */
export function excerpt(text: string, limit = EXCERPT_CHARACTERS): string {
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const characters = [...clean];
  if (characters.length <= limit) return clean;
  const head = characters.slice(0, limit + 1).join('');
  const boundary = head.search(/\s+\S*$/);
  const cut = boundary > limit / 2 ? head.slice(0, boundary) : characters.slice(0, limit).join('');
  return `${cut.trimEnd().replace(/[\s,;:.-]+$/, '')}…`;
}

/**
 * The closing email's recap: a short excerpt of what the subscriber wrote for each lesson
 * (the whole is in the journal it links to), or a few words of encouragement without guilt
 * when there is nothing. Inline styles, since most email clients ignore style sheets; every
 * piece of their text is escaped.
 */
export function buildRecap(sections: readonly JournalSection[]): { html: string; text: string } {
  const lessons = sections.filter((section) => isLessonKey(section.messageKey));
  if (lessons.length === 0) {
    const words =
      'You did not write replies along the way, and that is fine: reading, noticing and ' +
      'talking count too. Your journal stays open if you ever want to put something into words.';
    return { html: `<p style="margin:0 0 16px">${escapeHtml(words)}</p>`, text: words };
  }
  const html: string[] = [];
  const text: string[] = [];
  for (const section of lessons) {
    const paragraphs = excerpt(section.entries.map((entry) => entry.text).join('\n\n')).split(
      '\n\n',
    );
    html.push(
      `<p style="margin:24px 0 4px;font-weight:bold">${escapeHtml(section.heading)}</p>`,
      `<p style="margin:0 0 8px;font-style:italic">${escapeHtml(section.prompt)}</p>`,
      `<blockquote style="margin:0 0 12px;padding:0 0 0 12px;border-left:3px solid #c9b8a6">${paragraphs
        .map((p) => `<p style="margin:0 0 8px">${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
        .join('')}</blockquote>`,
    );
    // A lone ">" between quoted paragraphs keeps the break where a reader's mail app shows it.
    const quoted = paragraphs.map((p) => `> ${p.replaceAll('\n', '\n> ')}`).join('\n>\n');
    text.push(section.heading.toUpperCase(), section.prompt, '', quoted, '');
  }
  return { html: html.join(''), text: text.join('\n').trim() };
}
