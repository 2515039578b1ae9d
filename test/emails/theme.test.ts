import { describe, expect, it } from 'vitest';
import { dark, light, type Palette, type as typeScale } from '../../emails/theme.ts';

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channels = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Every foreground/background pair the templates actually use.
const pairs: Array<[keyof Palette, keyof Palette]> = [
  ['text', 'surface'],
  ['muted', 'surface'],
  ['accent', 'surface'],
  ['buttonText', 'buttonBg'],
  ['text', 'exerciseBg'],
  ['accent', 'exerciseBg'],
  ['text', 'reflectBg'],
  ['accent', 'reflectBg'],
  ['text', 'safetyBg'],
  ['accent', 'safetyBg'],
];

describe.each([
  ['light', light],
  ['dark', dark],
] as const)('%s palette', (_name, palette) => {
  it.each(pairs)('%s on %s meets WCAG AA (4.5:1)', (fg, bg) => {
    expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(4.5);
  });
});

describe('type scale', () => {
  it('keeps body text at 16px or more with a generous line height', () => {
    expect(typeScale.body).toBeGreaterThanOrEqual(16);
    expect(typeScale.bodyLineHeight / typeScale.body).toBeGreaterThanOrEqual(1.5);
  });
});
