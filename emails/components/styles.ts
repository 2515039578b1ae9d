import type { CSSProperties } from 'react';
import { fonts, light, radius, space, type } from '../theme.ts';

/** Inline (light-mode) styles shared by the templates. Dark mode is applied via class names. */

export const text: CSSProperties = {
  color: light.text,
  fontFamily: fonts.sans,
  fontSize: `${type.body}px`,
  lineHeight: `${type.bodyLineHeight}px`,
  margin: `0 0 ${space.md}px`,
};

export const muted: CSSProperties = {
  ...text,
  color: light.muted,
  fontSize: `${type.small}px`,
  lineHeight: `${type.smallLineHeight}px`,
};

export const eyebrow: CSSProperties = {
  ...muted,
  margin: `0 0 ${space.sm}px`,
  letterSpacing: '0.02em',
};

export const h1: CSSProperties = {
  color: light.text,
  fontFamily: fonts.serif,
  fontSize: `${type.h1}px`,
  lineHeight: '36px',
  fontWeight: 400,
  margin: `0 0 ${space.lg}px`,
};

export const h2: CSSProperties = {
  color: light.text,
  fontFamily: fonts.serif,
  fontSize: `${type.h2}px`,
  lineHeight: '30px',
  fontWeight: 400,
  margin: `0 0 ${space.md}px`,
};

export const link: CSSProperties = {
  color: light.accent,
  textDecoration: 'underline',
  textDecorationLine: 'underline',
};

/** A link that stands on its own line: tall enough (44px) to tap comfortably. */
export const blockLink: CSSProperties = {
  ...link,
  display: 'inline-block',
  fontFamily: fonts.sans,
  fontSize: `${type.body}px`,
  lineHeight: '24px',
  padding: '10px 0',
};

/** Primary button: 14 + 14 padding + 17px * 1.2 line ≈ 48px tall. */
export const button: CSSProperties = {
  backgroundColor: light.buttonBg,
  color: light.buttonText,
  fontFamily: fonts.sans,
  fontSize: `${type.body}px`,
  fontWeight: 600,
  borderRadius: `${radius.button}px`,
  padding: '14px 28px',
  textAlign: 'center',
  textDecoration: 'none',
};

export const buttonRow: CSSProperties = {
  margin: `${space.sm}px 0 ${space.lg}px`,
};

const box: CSSProperties = {
  borderRadius: `${radius.box}px`,
  padding: `${space.lg}px ${space.lg}px ${space.sm}px`,
  margin: `${space.lg}px 0`,
};

export const exerciseBox: CSSProperties = {
  ...box,
  backgroundColor: light.exerciseBg,
  border: `1px solid ${light.exerciseBorder}`,
};

export const reflectBox: CSSProperties = {
  ...box,
  backgroundColor: light.reflectBg,
  border: `1px solid ${light.reflectBorder}`,
};

export const boxTitle: CSSProperties = {
  ...h2,
  fontSize: '20px',
  lineHeight: '28px',
  margin: `0 0 ${space.sm}px`,
};

/** The prominent question / prompt text (not a heading: it may hold a placeholder). */
export const question: CSSProperties = {
  color: light.text,
  fontFamily: fonts.serif,
  fontSize: `${type.lead}px`,
  lineHeight: '30px',
  margin: `0 0 ${space.md}px`,
};

export const rule: CSSProperties = {
  border: 'none',
  borderTop: `1px solid ${light.rule}`,
  margin: `${space.xl}px 0`,
  width: '100%',
};
