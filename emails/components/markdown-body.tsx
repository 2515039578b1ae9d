import { Markdown } from '@react-email/markdown';
import type { ComponentProps, CSSProperties } from 'react';
import { cls, fonts, light, space, type } from '../theme.ts';

type MarkdownStyles = NonNullable<ComponentProps<typeof Markdown>['markdownCustomStyles']>;

// Note: the Markdown component turns these objects into inline CSS itself; numbers only get
// `px` for a few properties (not line-height), so every value here is a string.
const paragraph: CSSProperties = {
  color: light.text,
  fontFamily: fonts.sans,
  fontSize: `${type.body}px`,
  lineHeight: `${type.bodyLineHeight}px`,
  margin: `0 0 ${space.md}px`,
};

const heading: CSSProperties = {
  color: light.text,
  fontFamily: fonts.serif,
  fontWeight: '400',
  margin: `${space.lg}px 0 ${space.sm}px`,
  padding: '0',
};

const list: CSSProperties = {
  color: light.text,
  fontFamily: fonts.sans,
  fontSize: `${type.body}px`,
  lineHeight: `${type.bodyLineHeight}px`,
  margin: `0 0 ${space.md}px`,
  padding: `0 0 0 ${space.lg}px`,
};

export const markdownStyles: MarkdownStyles = {
  p: paragraph,
  h1: { ...heading, fontSize: `${type.h1}px`, lineHeight: '36px' },
  h2: { ...heading, fontSize: `${type.h2}px`, lineHeight: '30px' },
  h3: { ...heading, fontSize: '19px', lineHeight: '28px' },
  h4: { ...heading, fontSize: `${type.body}px`, lineHeight: `${type.bodyLineHeight}px` },
  ul: list,
  ol: list,
  li: { margin: `0 0 ${space.sm}px`, padding: '0' },
  bold: { fontWeight: '700' },
  italic: { fontStyle: 'italic' },
  link: { color: light.accent, textDecoration: 'underline' },
  blockQuote: {
    borderLeft: `3px solid ${light.exerciseBorder}`,
    margin: `0 0 ${space.md}px`,
    padding: `0 0 0 ${space.md}px`,
    fontStyle: 'italic',
    background: 'none',
  },
  hr: { border: 'none', borderTop: `1px solid ${light.rule}`, margin: `${space.lg}px 0` },
  codeInline: { fontFamily: 'Menlo, Consolas, monospace', fontSize: '15px' },
  image: { maxWidth: '100%', height: 'auto' },
};

export const markdownContainerStyles: CSSProperties = {
  color: light.text,
  fontFamily: fonts.sans,
  fontSize: `${type.body}px`,
  lineHeight: `${type.bodyLineHeight}px`,
};

/**
 * Course content written in Markdown, styled inline to match the theme.
 * The source is trusted course content (raw HTML in it is passed through by `marked`).
 */
export function MarkdownBody({ children }: { children: string }) {
  return (
    // The Markdown component takes no className, so the dark-mode hook sits on a wrapper.
    <div className={cls.markdown}>
      <Markdown
        markdownCustomStyles={markdownStyles}
        markdownContainerStyles={markdownContainerStyles}
      >
        {children}
      </Markdown>
    </div>
  );
}
