import { parseArgs } from 'node:util';
import type { Role } from '../../src/course/course.ts';
import { EmailComposer } from '../../src/mail/compose.ts';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { readCourses } from '../../src/node/deps.ts';
import { emailTokens } from '../../src/tokens/links.ts';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';

/**
 * Figure 4 in a process of its own (NODE_ENV=production, as deployed): the cost per recipient
 * of a lesson email from EmailComposer.compose with its variant cache warm, against a whole
 * React Email render (HTML and plain text) with the recipient's values as props, and whether
 * the two agree byte for byte. Prints one JSON line.
 */
const { values } = parseArgs({
  options: { composed: { type: 'string' }, whole: { type: 'string' } },
});
const composedCount = Number(values.composed ?? 3000);
const wholeCount = Number(values.whole ?? 200);

const course = readCourses().of('rebuilding-trust');
const composer = new EmailComposer({
  course,
  publicUrl: 'https://tend.example',
  mailFrom: 'Tend <tend@tend.example>',
  replyDomain: 'reply.tend.example',
});
const signer = new TokenSigner('bench-secret-bench-secret-bench-secret-0123');
const ROLES: readonly Role[] = ['broke', 'hurt', 'together'];
// Names that escaping can get wrong: quotes, markup, ampersands, letters beyond Latin-1,
// astral characters, no name at all (the greeting says "there").
const NAMES = [
  'Reader',
  "Siobhán O'Brien",
  'Ana & <Bo>',
  '"Quoted"',
  'Łukasz',
  '李雷',
  'Sam 🌿',
  null,
  'A very long name that goes on and on for the greeting line, sixty',
];

const recipients = await Promise.all(
  Array.from({ length: composedCount }, async (_, n) => {
    const tokenId = newTokenId();
    return {
      subscriber: {
        email: `reader${n}@example.com`,
        name: NAMES[n % NAMES.length] ?? null,
        role: ROLES[n % ROLES.length] ?? 'hurt',
        discreet: n % 7 === 0,
      },
      delivery: { id: n + 1, messageKey: `lesson:${1 + (n % 3)}`, tokenId: tokenId },
      tokens: await emailTokens(signer, {
        messageKey: `lesson:${1 + (n % 3)}`,
        tokenId: tokenId,
      }),
    };
  }),
);

// Warm: every variant the recipients need, rendered once.
for (const recipient of recipients.slice(0, 100)) await composer.compose(recipient);

let started = performance.now();
const composed: OutgoingEmail[] = [];
for (const recipient of recipients) composed.push(await composer.compose(recipient));
const composeMs = (performance.now() - started) / recipients.length;

let mismatches = 0;
const firstMismatch: string[] = [];
started = performance.now();
const wholes: { html: string; text: string }[] = [];
for (const recipient of recipients.slice(0, wholeCount)) {
  wholes.push(await composer.renderWhole(recipient));
}
const wholeMs = (performance.now() - started) / wholeCount;
wholes.forEach((whole, index) => {
  const email = composed[index];
  if (!email || email.html !== whole.html || email.text !== whole.text) {
    mismatches++;
    if (firstMismatch.length === 0 && email) {
      const part = email.html !== whole.html ? 'html' : 'text';
      const [a, b] = part === 'html' ? [email.html, whole.html] : [email.text, whole.text];
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      firstMismatch.push(
        `${part} for ${JSON.stringify(recipients[index]?.subscriber.name)} at ${at}:`,
        `composed: ${JSON.stringify(a.slice(Math.max(0, at - 60), at + 60))}`,
        `whole:    ${JSON.stringify(b.slice(Math.max(0, at - 60), at + 60))}`,
      );
    }
  }
});
// The HTML each lesson weighs, for every role and for a reader without one (who gets every
// perspective, the largest): Gmail clips a message whose HTML passes 102 KB.
const lessonHtml: { step: number; role: string | null; bytes: number }[] = [];
for (const [index] of course.lessons.entries()) {
  const step = index + 1;
  for (const role of [null, ...ROLES]) {
    const tokenId = newTokenId();
    const key = `lesson:${step}`;
    const email = await composer.compose({
      subscriber: { email: 'reader@example.com', name: 'Reader', role, discreet: false },
      delivery: { id: 1, messageKey: key, tokenId: tokenId },
      tokens: await emailTokens(signer, { messageKey: key, tokenId: tokenId }),
    });
    lessonHtml.push({ step, role, bytes: Buffer.byteLength(email.html) });
  }
}

console.log(
  JSON.stringify({
    lessonHtml,
    composeMs,
    wholeMs,
    composed: recipients.length,
    compared: wholeCount,
    mismatches,
    firstMismatch,
    htmlBytes: composed[0]?.html.length,
  }),
);
