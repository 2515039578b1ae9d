import { describe, expect, it } from 'vitest';
import { composePreview, previewVariants } from '../../src/admin/previews.ts';
import { parseConfig } from '../../src/config.ts';
import { readCourses } from '../../src/node/deps.ts';
import { TEST_SECRET } from '../support/deps.ts';

/**
 * Every email is a document of its own: screen readers announce its title and read it in its
 * language, as in any web page (axe-core's document-title and html-has-lang rules).
 */
describe('every email as composed for sending', () => {
  it('has a title and a language, every message of every course for every role', async () => {
    const config = parseConfig({ PUBLIC_URL: 'https://tend.test', SECRET_KEY: TEST_SECRET });
    const variants = readCourses().all.flatMap((course) => previewVariants(course));
    expect(variants.length).toBeGreaterThan(30);
    for (const variant of variants) {
      const name = `${variant.course.id} ${variant.message.slug} ${variant.role} ${variant.discreet}`;
      const email = await composePreview({ config }, variant);
      expect(email.html, name).toMatch(/^<!DOCTYPE[^>]*><html[^>]* lang="en"/);
      const title = email.html.match(/<head>.*?<title>([^<]*)<\/title>.*?<\/head>/s)?.[1];
      expect(title?.trim(), name).toBeTruthy();
    }
  });
});
