import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import {
  CheckinEmail,
  type CheckinEmailProps,
  ClosingEmail,
  type ClosingEmailProps,
  ConfirmationEmail,
  type ConfirmationEmailProps,
  type FooterProps,
  LessonEmail,
  type LessonEmailProps,
  plainTextRenderOptions,
  ReflectionSavedEmail,
  type ReflectionSavedEmailProps,
  WelcomeEmail,
  type WelcomeEmailProps,
} from '../../emails/index.ts';

// Placeholder props, as the app renders each variant once and substitutes per recipient.
const NAME = '[[name]]';
const TOKEN = '[[token]]';
const HELP_URL = 'https://x.test/help';
const PREFS_URL = `https://x.test/preferences/${TOKEN}`;
const CHECKINS_URL = `${PREFS_URL}#checkins`;
const UNSUB_URL = `https://x.test/unsubscribe/${TOKEN}`;
const REFLECT_URL = `https://x.test/reflect/${TOKEN}`;
const JOURNAL_URL = `https://x.test/journal/${TOKEN}`;
const CONFIRM_URL = `https://x.test/confirm/${TOKEN}`;

const footer: FooterProps = {
  courseTitle: 'Rebuilding Trust',
  reason: 'You are receiving this because you signed up for Rebuilding Trust.',
  helpText: 'If you are in danger or thinking about harming yourself, please get help now.',
  helpUrl: HELP_URL,
  preferencesUrl: PREFS_URL,
  unsubscribeUrl: UNSUB_URL,
};

const confirmationProps: ConfirmationEmailProps = {
  courseTitle: 'Rebuilding Trust',
  confirmUrl: CONFIRM_URL,
  expiresInDays: 7,
  courseLength: 'A welcome email as soon as you confirm, then 3 lessons, one a day.',
  preheader: 'Confirm your email',
  footer: { ...footer, preferencesUrl: undefined, unsubscribeUrl: undefined },
};

const welcomeProps: WelcomeEmailProps = {
  exerciseMarkdown: 'Write one sentence.',
  title: 'Welcome to Rebuilding Trust',
  preheader: `Welcome, ${NAME}: what to expect`,
  greetingName: NAME,
  bodyMarkdown: `Glad you are here, **${NAME}**.\n\n## How it works\n\n- one step at a time\n- no way to fall behind`,
  journalUrl: JOURNAL_URL,
  preferencesUrl: PREFS_URL,
  footer,
};

const lessonProps: LessonEmailProps = {
  step: 3,
  totalSteps: 10,
  title: 'Small promises, kept',
  preheader: `Step 3 for ${NAME}: small promises`,
  greetingName: NAME,
  bodyMarkdown: 'Trust comes back through **small promises**, kept.\n\n- easy\n- visible',
  exerciseMarkdown: 'Pick **one** small promise and keep it today.',
  prompt: 'What did it feel like to keep that promise?',
  reflectUrl: REFLECT_URL,
  journalUrl: JOURNAL_URL,
  footer,
};

const RECAP = '[[recap]]';
const closingProps: ClosingEmailProps = {
  exerciseMarkdown: 'Write one sentence.',
  title: 'The end of this course',
  preheader: `A look back, ${NAME}`,
  greetingName: NAME,
  bodyMarkdown: 'You showed up, and that **counts**.',
  recapHtml: RECAP,
  journalUrl: JOURNAL_URL,
  checkinsUrl: CHECKINS_URL,
  footer,
};

const checkinProps: CheckinEmailProps = {
  preheader: `This week's question, ${NAME}`,
  greetingName: NAME,
  introMarkdown: 'Here is this week’s question. No hurry.',
  question: 'When did you feel trusted this week?',
  reflectUrl: REFLECT_URL,
  checkinsUrl: CHECKINS_URL,
  footer,
};

const savedProps: ReflectionSavedEmailProps = {
  preheader: `Saved, ${NAME}`,
  greetingName: NAME,
  journalUrl: JOURNAL_URL,
  footer,
};

type Overrides = { greetingName?: string; preheader?: string };
type Case = { name: string; el: (o?: Overrides) => ReactElement; preheader: string };

const cases: Case[] = [
  {
    name: 'confirmation',
    preheader: confirmationProps.preheader,
    el: (o = {}) => createElement(ConfirmationEmail, { ...confirmationProps, ...o }),
  },
  {
    name: 'welcome',
    preheader: welcomeProps.preheader,
    el: (o = {}) => createElement(WelcomeEmail, { ...welcomeProps, ...o }),
  },
  {
    name: 'lesson',
    preheader: lessonProps.preheader,
    el: (o = {}) => createElement(LessonEmail, { ...lessonProps, ...o }),
  },
  {
    name: 'closing',
    preheader: closingProps.preheader,
    el: (o = {}) => createElement(ClosingEmail, { ...closingProps, ...o }),
  },
  {
    name: 'checkin',
    preheader: checkinProps.preheader,
    el: (o = {}) => createElement(CheckinEmail, { ...checkinProps, ...o }),
  },
  {
    name: 'reflection-saved',
    preheader: savedProps.preheader,
    el: (o = {}) => createElement(ReflectionSavedEmail, { ...savedProps, ...o }),
  },
];

async function renderBoth(el: ReactElement) {
  const [html, text] = await Promise.all([render(el), render(el, { plainText: true })]);
  return { html, text };
}

/** React escapes ' as &#x27; in text and attributes. */
const escapeHtml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#x27;');

const href = (url: string) => `href="${escapeHtml(url)}"`;

describe.each(cases)('$name email', ({ name, el, preheader }) => {
  it('has the preheader, the color-scheme metas and a dark-mode stylesheet', async () => {
    const { html, text } = await renderBoth(el());
    expect(html).toContain(escapeHtml(preheader));
    expect(html).toMatch(/<html[^>]*\blang="en"/);
    expect(html).toMatch(/<meta[^>]*name="color-scheme"[^>]*content="light dark"/);
    expect(html).toMatch(/<meta[^>]*name="supported-color-schemes"[^>]*content="light dark"/);
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    // The preheader is inbox-preview only: React Email skips it in the plain-text part.
    expect(text).not.toContain(preheader);
  });

  it('keeps [[name]] and [[token]] intact in HTML and plain text', async () => {
    const { html, text } = await renderBoth(el());
    for (const out of [html, text]) {
      // The confirmation holds nothing the signer typed: anyone can sign up any address.
      expect(out).toContain(name === 'confirmation' ? 'Hello,' : `Hi ${NAME},`);
      if (name === 'confirmation') expect(out).not.toContain(NAME);
      expect(out).toContain(TOKEN);
      // Nothing uppercased or otherwise mangled.
      expect(out).not.toMatch(/\[\[[^\]]*[A-Z][^\]]*\]\]/);
      expect(out).not.toMatch(/\[\[(?!name\]\]|token\]\]|recap\]\])/);
    }
    // No template puts a placeholder inside a heading (plain text would uppercase it).
    expect(html).not.toMatch(/<h[1-6][^>]*>[^<]*\[\[/);
  });

  it('leaves nothing unreplaced once the app substitutes the placeholders', async () => {
    const { html, text } = await renderBoth(el());
    const fill = (s: string, nameValue: string) =>
      s.replaceAll(NAME, nameValue).replaceAll(TOKEN, 'tok123').replaceAll(RECAP, '<p>r</p>');
    expect(fill(html, escapeHtml('Ana'))).not.toContain('[[');
    expect(fill(text, 'Ana')).not.toContain('[[');
    expect(fill(text, 'Ana')).toContain(name === 'confirmation' ? 'Hello,' : 'Hi Ana,');
  });

  it('shows the safety line first, then the footer links as real hrefs', async () => {
    const { html, text } = await renderBoth(el());
    expect(html).toContain(footer.helpText);
    expect(html).toContain(href(HELP_URL));
    expect(text).toContain(`Find help ${HELP_URL}`);
    expect(html).toContain(footer.reason);
    if (name === 'confirmation') {
      // Not subscribed yet: no preference or unsubscribe links.
      expect(html).not.toContain('Unsubscribe');
      expect(html).not.toContain('Change preferences or take a break');
      return;
    }
    expect(html).toMatch(
      new RegExp(`<a[^>]*${href(UNSUB_URL).replace(/[[\]?]/g, '\\$&')}[^>]*>Unsubscribe</a>`),
    );
    expect(text).toContain(`Unsubscribe ${UNSUB_URL}`);
    expect(text).toContain(`Change preferences or take a break ${PREFS_URL}`);
    // Order: safety line, then preferences / unsubscribe, then the reason line.
    for (const out of [html, text]) {
      const help = out.indexOf(footer.helpText);
      const prefs = out.indexOf('Change preferences or take a break');
      const unsub = out.indexOf('Unsubscribe');
      const reason = out.indexOf(footer.reason);
      expect(help).toBeGreaterThan(-1);
      expect(help).toBeLessThan(prefs);
      expect(prefs).toBeLessThan(unsub);
      expect(unsub).toBeLessThan(reason);
    }
  });

  it('escapes a hostile greeting name in HTML', async () => {
    const { html } = await renderBoth(el({ greetingName: '<script>alert(1)</script>' }));
    expect(html).not.toContain('<script>alert(1)</script>');
    // The confirmation has no greeting name to escape: it shows none at all.
    if (name === 'confirmation') expect(html).not.toContain('alert(1)');
    else expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
  });

  it('renders a long preheader whole (no 150-character cut)', async () => {
    const long = `${'A calm, unhurried sentence. '.repeat(8)}See you soon, ${NAME}.`;
    expect(long.length).toBeGreaterThan(150);
    const { html } = await renderBoth(el({ preheader: long }));
    expect(html).toContain(long);
  });
});

describe('confirmation email', () => {
  it('has a confirm button, the URL written out, the expiry and the ignore line', async () => {
    const { html, text } = await renderBoth(createElement(ConfirmationEmail, confirmationProps));
    expect(html.split(href(CONFIRM_URL)).length - 1).toBe(2); // button + copy/paste link
    expect(html).toContain(`>${CONFIRM_URL}</a>`);
    expect(text).toContain(`Confirm my email ${CONFIRM_URL}`);
    expect(text).toContain(CONFIRM_URL);
    for (const out of [html, text]) {
      expect(out).toContain('This link expires in 7 days.');
      expect(out).toContain('If you did not sign up, you can safely ignore this email.');
      expect(out).toContain('You will not get anything more');
      expect(out).toContain('Rebuilding Trust');
    }
  });

  it('says "1 day" for a one-day expiry', async () => {
    const { text } = await renderBoth(
      createElement(ConfirmationEmail, { ...confirmationProps, expiresInDays: 1 }),
    );
    expect(text).toContain('This link expires in 1 day.');
  });
});

describe('welcome email', () => {
  it('renders the Markdown body with inline styles and links the journal and preferences', async () => {
    const { html, text } = await renderBoth(createElement(WelcomeEmail, welcomeProps));
    expect(html).toMatch(/<strong style="[^"]*font-weight:700[^"]*">\[\[name\]\]<\/strong>/);
    expect(html).toMatch(/<h2 style="[^"]*font-family:Georgia[^"]*">How it works<\/h2>/);
    expect(html).toMatch(/<li style="[^"]*">one step at a time<\/li>/);
    expect(html).toMatch(/<p style="[^"]*font-size:17px[^"]*">/);
    expect(html).toContain(href(JOURNAL_URL));
    expect(html).toContain(href(PREFS_URL));
    expect(text).toContain(`Open your journal ${JOURNAL_URL}`);
    expect(text).toContain(`Change your preferences ${PREFS_URL}`);
  });
});

describe('lesson email', () => {
  it('shows the step, the exercise, the prompt and the reflection links', async () => {
    const { html, text } = await renderBoth(createElement(LessonEmail, lessonProps));
    for (const out of [html, text]) {
      expect(out).toContain('Step 3 of 10');
      expect(out).toContain(lessonProps.prompt);
      expect(out).toContain('small promise and keep it today.');
      expect(out).toContain(
        'Or simply reply to this email: your reply is saved to your private journal, which only you can read.',
      );
    }
    expect(html).toContain('Try this today');
    expect(html).toMatch(/<h1[^>]*>Small promises, kept<\/h1>/);
    expect(html).toMatch(
      /<a[^>]*href="https:\/\/x\.test\/reflect\/\[\[token\]\]"[^>]*>.*Write your reflection/s,
    );
    expect(html).toContain(href(JOURNAL_URL));
    expect(text).toContain(`Write your reflection ${REFLECT_URL}`);
    expect(text).toContain(`Open your journal ${JOURNAL_URL}`);
    // Order in the body (the head's <title> holds the title too): step, title, body,
    // exercise, prompt, button.
    const order = ['Step 3 of 10', 'Small promises, kept', 'Trust comes back', 'Try this today'];
    const body = html.indexOf('<body');
    const positions = [...order, lessonProps.prompt, 'Write your reflection'].map((s) =>
      html.indexOf(s, body),
    );
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions).not.toContain(-1);
  });

  it('gives the button a tap target of at least 44px', async () => {
    const { html } = await renderBoth(createElement(LessonEmail, lessonProps));
    const style = html.match(/<a[^>]*class="t-button"[^>]*style="([^"]*)"/)?.[1] ?? '';
    const px = (prop: string) => Number(style.match(new RegExp(`${prop}:(\\d+)px`))?.[1]);
    // The label sits in a span with line-height:120%.
    const height = px('padding-top') + px('padding-bottom') + px('font-size') * 1.2;
    expect(height).toBeGreaterThanOrEqual(44);
  });
});

describe('closing email', () => {
  it('inserts the recap HTML raw under its heading, then the body, then the check-in invitation', async () => {
    const { html, text } = await renderBoth(createElement(ClosingEmail, closingProps));
    expect(html).toMatch(/<div class="t-md"[^>]*>\[\[recap\]\]<\/div>/);
    expect(text).toContain(RECAP);
    const positions = [
      'What you wrote along the way',
      RECAP,
      'that <strong',
      'Set up weekly check-ins',
    ].map((s) => html.indexOf(s));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain(href(CHECKINS_URL));
    expect(text).toContain(`Set up weekly check-ins ${CHECKINS_URL}`);
    expect(text).toContain(`Read all of it in your journal ${JOURNAL_URL}`);
  });

  it('does not re-escape an already-escaped recap fragment', async () => {
    const recapHtml =
      '<p style="margin:0 0 12px"><strong>Step 3:</strong> I said &quot;yes&quot; &amp; meant it &lt;3</p>';
    const { html, text } = await renderBoth(
      createElement(ClosingEmail, { ...closingProps, recapHtml }),
    );
    expect(html).toContain(recapHtml);
    expect(text).toContain('Step 3: I said "yes" & meant it <3');
  });
});

describe('check-in email', () => {
  it('shows the question, the answer button, the reply line and the preferences link', async () => {
    const { html, text } = await renderBoth(createElement(CheckinEmail, checkinProps));
    for (const out of [html, text]) {
      expect(out).toContain(checkinProps.question);
      expect(out).toContain('Or reply to this email');
    }
    expect(html).toMatch(
      /<a[^>]*href="https:\/\/x\.test\/reflect\/\[\[token\]\]"[^>]*>.*Write your answer/s,
    );
    expect(text).toContain(`Write your answer ${REFLECT_URL}`);
    expect(text).toContain(`Change or stop these check-ins ${CHECKINS_URL}`);
    // Not in a heading, so plain text keeps its case.
    expect(text).not.toContain(checkinProps.question.toUpperCase());
  });
});

describe('reflection-saved email', () => {
  it('acknowledges the reflection and links the journal', async () => {
    const { html, text } = await renderBoth(createElement(ReflectionSavedEmail, savedProps));
    for (const out of [html, text]) {
      expect(out).toContain('Saved to your journal. Only you can read it.');
    }
    expect(html).toContain(href(JOURNAL_URL));
    expect(text).toContain(`Open your journal ${JOURNAL_URL}`);
  });
});

describe('plain-text conversion', () => {
  const withHeading = createElement(LessonEmail, {
    ...lessonProps,
    bodyMarkdown: `## A note for ${NAME}\n\nBody.`,
  });

  it('uppercases headings by default (why placeholders stay out of headings)', async () => {
    const text = await render(withHeading, { plainText: true });
    expect(text).toContain('A NOTE FOR [[NAME]]');
    expect(text).toContain('SMALL PROMISES, KEPT');
  });

  it('keeps heading case with plainTextRenderOptions', async () => {
    const text = await render(withHeading, plainTextRenderOptions);
    expect(text).toContain(`A note for ${NAME}`);
    expect(text).toContain('Small promises, kept');
    expect(text).toContain(`Write your reflection ${REFLECT_URL}`);
  });
});

describe('PreviewProps', () => {
  it('every template renders its PreviewProps', async () => {
    const previews = [
      createElement(ConfirmationEmail, ConfirmationEmail.PreviewProps),
      createElement(WelcomeEmail, WelcomeEmail.PreviewProps),
      createElement(LessonEmail, LessonEmail.PreviewProps),
      createElement(ClosingEmail, ClosingEmail.PreviewProps),
      createElement(CheckinEmail, CheckinEmail.PreviewProps),
      createElement(ReflectionSavedEmail, ReflectionSavedEmail.PreviewProps),
    ];
    for (const el of previews) {
      const html = await render(el);
      expect(html).toContain(el.type === ConfirmationEmail ? 'Hello,' : 'Hi Sam,');
    }
  });
});

describe('source rules', () => {
  it('never imports render from @react-email/components (breaks Workers bundles)', () => {
    const dir = join(import.meta.dirname, '../../emails');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.tsx?$/.test(f),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const src = readFileSync(join(dir, file), 'utf8');
      for (const m of src.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
        if (m[2] === '@react-email/components') expect(m[1], file).not.toMatch(/\brender\b/);
      }
    }
  });
});
