import type { Options } from '@react-email/render';

/**
 * Optional options for `render(el, plainTextRenderOptions)`.
 *
 * React Email's plain-text conversion (html-to-text) uppercases everything inside <h1>-<h6> by
 * default, so "## Why [[name]]" in course Markdown would come out as "WHY [[NAME]]" and the
 * placeholder would no longer match. The templates never put props that may be placeholders in
 * headings, but Markdown bodies can contain headings; these options keep heading case as written.
 */
export const plainTextRenderOptions = {
  plainText: true,
  htmlToTextOptions: {
    selectors: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  },
} satisfies Options;
