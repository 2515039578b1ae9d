import { Body } from '@react-email/body';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Section } from '@react-email/section';
import type { ReactNode } from 'react';
import { cls, contentWidth, dark, fonts, light, space } from '../theme.ts';
import { Footer, type FooterProps } from './footer.tsx';
import * as s from './styles.ts';

export interface LayoutProps {
  /** The document's title, for screen readers and clients that show one: the email's heading. */
  title: string;
  /** Inbox preview text. Rendered whole (React Email's <Preview> would cut it at 150 chars). */
  preheader: string;
  footer: FooterProps;
  children: ReactNode;
}

// Three separate <style> blocks: some clients (Gmail) drop a whole block when they dislike one
// rule in it, so the mobile rules, the dark-mode rules and the Outlook.com rules are kept apart.

const baseCss = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
body { margin: 0; padding: 0; width: 100%; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }
@media only screen and (max-width: 620px) {
  .${cls.content} { padding-left: 20px !important; padding-right: 20px !important; }
  .${cls.button} { display: block !important; }
}
`;

type Rule = { selectors: string[]; color?: string; background?: string; border?: string };

const md = (tags: string[]) => tags.map((t) => `.${cls.markdown} ${t}`);

/** Dark palette, as overrides of the inline light styles (hence !important). */
const darkRules: Rule[] = [
  {
    selectors: [`body.${cls.canvas}`, `.${cls.canvas} > table > tbody > tr > td`],
    background: dark.canvas,
  },
  { selectors: [`.${cls.surface}`], background: dark.surface },
  {
    selectors: [
      `.${cls.text}`,
      ...md(['div', 'p', 'li', 'h1', 'h2', 'h3', 'h4', 'blockquote', 'strong', 'em']),
    ],
    color: dark.text,
  },
  { selectors: [`.${cls.muted}`], color: dark.muted },
  { selectors: [`.${cls.link}`, ...md(['a'])], color: dark.accent },
  { selectors: [`.${cls.button}`], color: dark.buttonText, background: dark.buttonBg },
  { selectors: [`.${cls.rule}`, ...md(['hr'])], border: dark.rule },
  { selectors: [`.${cls.exercise}`], background: dark.exerciseBg, border: dark.exerciseBorder },
  { selectors: [`.${cls.reflect}`], background: dark.reflectBg, border: dark.reflectBorder },
  { selectors: [`.${cls.safety}`], background: dark.safetyBg, border: dark.safetyBorder },
];

function css(rules: Rule[], parts: Array<'color' | 'background' | 'border'>, prefix = ''): string {
  const out: string[] = [];
  for (const rule of rules) {
    const decls: string[] = [];
    if (parts.includes('color') && rule.color) decls.push(`color: ${rule.color} !important;`);
    if (parts.includes('background') && rule.background) {
      decls.push(`background-color: ${rule.background} !important;`);
    }
    if (parts.includes('border') && rule.border) {
      decls.push(`border-color: ${rule.border} !important;`);
    }
    if (decls.length > 0) {
      out.push(`${rule.selectors.map((sel) => prefix + sel).join(', ')} { ${decls.join(' ')} }`);
    }
  }
  return out.join('\n');
}

/** Apple Mail, iOS Mail, Outlook for Mac, Thunderbird… */
const darkCss = `@media (prefers-color-scheme: dark) {\n${css(darkRules, ['color', 'background', 'border'])}\n}`;

/**
 * Outlook.com and the Outlook apps force their own dark mode and mark what they changed with
 * data-ogsc (text colour) and data-ogsb (background colour) attributes.
 */
const outlookDarkCss = `${css(darkRules, ['color'], '[data-ogsc] ')}\n${css(darkRules, ['background'], '[data-ogsb] ')}`;

/** Invisible characters after the preheader so clients don't pull body text into the preview. */
const PREHEADER_FILLER = '\u00a0\u200c\u200b\u200d\u200e\u200f\ufeff'.repeat(60);

function Preheader({ text }: { text: string }) {
  return (
    <div
      data-skip-in-text="true"
      style={{
        display: 'none',
        overflow: 'hidden',
        lineHeight: '1px',
        opacity: 0,
        maxHeight: 0,
        maxWidth: 0,
        fontSize: '1px',
        color: 'transparent',
      }}
    >
      {text}
      <div>{PREHEADER_FILLER}</div>
    </div>
  );
}

/** The single-column frame every Tend email sits in. */
export function Layout({ title, preheader, footer, children }: LayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style dangerouslySetInnerHTML={{ __html: baseCss }} />
        <style dangerouslySetInnerHTML={{ __html: darkCss }} />
        <style dangerouslySetInnerHTML={{ __html: outlookDarkCss }} />
      </Head>
      <Body
        className={cls.canvas}
        style={{
          backgroundColor: light.canvas,
          margin: 0,
          padding: `${space.lg}px 0`,
          fontFamily: fonts.sans,
        }}
      >
        <Preheader text={preheader} />
        <Container
          className={cls.surface}
          style={{
            backgroundColor: light.surface,
            maxWidth: `${contentWidth}px`,
            width: '100%',
            margin: '0 auto',
            borderRadius: '12px',
          }}
        >
          <Section
            className={cls.content}
            style={{ padding: `${space.xl}px ${space.xl}px ${space.sm}px` }}
          >
            {children}
          </Section>
          <Section className={cls.content} style={{ padding: `0 ${space.xl}px ${space.xl}px` }}>
            <Hr
              className={cls.rule}
              style={{ ...s.rule, margin: `${space.md}px 0 ${space.lg}px` }}
            />
            <Footer {...footer} />
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
