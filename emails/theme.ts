/**
 * Visual theme shared by every Tend email.
 *
 * Calm and warm: cream paper, soft brown ink, a terracotta accent and a sage tint for the
 * reflection box. Every text/background pair used by the templates meets WCAG AA (4.5:1) in
 * both the light palette (inline styles) and the dark palette (applied by the
 * `prefers-color-scheme: dark` block in the layout); test/emails/theme.test.ts checks this.
 */

export interface Palette {
  /** Page background around the card. */
  canvas: string;
  /** The card the content sits on. */
  surface: string;
  /** Main text. */
  text: string;
  /** Secondary text (footer, small print). */
  muted: string;
  /** Links and accents. */
  accent: string;
  /** Primary button background. */
  buttonBg: string;
  /** Primary button label. */
  buttonText: string;
  /** Hairlines and dividers. */
  rule: string;
  /** "Try this today" box. */
  exerciseBg: string;
  exerciseBorder: string;
  /** Reflection / question box. */
  reflectBg: string;
  reflectBorder: string;
  /** Safety line box in the footer. */
  safetyBg: string;
  safetyBorder: string;
}

export const light: Palette = {
  canvas: '#f4ede3',
  surface: '#fffcf7',
  text: '#2e2924',
  muted: '#5c534a',
  accent: '#99472a',
  buttonBg: '#99472a',
  buttonText: '#ffffff',
  rule: '#e6dccf',
  exerciseBg: '#f8eee2',
  exerciseBorder: '#e7d3ba',
  reflectBg: '#eef1e7',
  reflectBorder: '#cdd7c0',
  safetyBg: '#f6efe6',
  safetyBorder: '#e3d5c3',
};

export const dark: Palette = {
  canvas: '#171412',
  surface: '#221e1b',
  text: '#f1e9df',
  muted: '#c9bdaf',
  accent: '#f2b48e',
  buttonBg: '#f2b48e',
  buttonText: '#2a1710',
  rule: '#3b342e',
  exerciseBg: '#2e2621',
  exerciseBorder: '#4b3c31',
  reflectBg: '#252b23',
  reflectBorder: '#3e4937',
  safetyBg: '#2a2420',
  safetyBorder: '#463b33',
};

export const fonts = {
  /** Body copy: the platform's own UI font, which reads best at small sizes. */
  sans: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif",
  /** Headings and the check-in question: a gentle, bookish serif. */
  serif: "Georgia, 'Iowan Old Style', 'Palatino Linotype', Palatino, 'Times New Roman', serif",
} as const;

/** Spacing scale in px. */
export const space = {
  xs: 4,
  sm: 8,
  md: 16,
  lg: 24,
  xl: 32,
  xxl: 48,
} as const;

/** Type scale in px (body never below 16px; small print 15px). */
export const type = {
  small: 15,
  body: 17,
  lead: 20,
  h1: 28,
  h2: 22,
  bodyLineHeight: 28,
  smallLineHeight: 24,
} as const;

export const radius = {
  box: 10,
  button: 8,
} as const;

/** Max width of the single content column. */
export const contentWidth = 600;

/**
 * Class names put on elements next to their inline (light) styles, so the dark-mode
 * stylesheet in the layout can override them with `!important`.
 */
export const cls = {
  canvas: 't-canvas',
  surface: 't-surface',
  content: 't-content',
  text: 't-text',
  muted: 't-muted',
  link: 't-link',
  button: 't-button',
  rule: 't-rule',
  exercise: 't-exercise',
  reflect: 't-reflect',
  safety: 't-safety',
  markdown: 't-md',
} as const;
