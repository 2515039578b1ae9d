import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseBundleSource } from '../../src/course/bundle-source.ts';
import { bundledCourseFolders } from '../../src/course/bundled-content.ts';
import { parseCourses } from '../../src/course/courses.ts';
import { readContentFolders } from '../../src/node/course-files.ts';
import { CONTENT_DIR, readCourses } from '../../src/node/deps.ts';

describe('the courses bundled for Workers', () => {
  it('hold exactly the files in content/, byte for byte (run `npm run bundle:content`)', () => {
    expect(bundledCourseFolders).toEqual(readContentFolders(CONTENT_DIR));
  });

  it('are the file the generator writes today', () => {
    const committed = readFileSync(
      join(CONTENT_DIR, '..', 'src', 'course', 'bundled-content.ts'),
      'utf8',
    );
    expect(committed).toBe(courseBundleSource(readContentFolders(CONTENT_DIR), 'content'));
  });

  it('parse to the same courses Node reads from disk', () => {
    expect(parseCourses(bundledCourseFolders).all).toEqual(readCourses().all);
  });

  it('keep backticks, ${ and backslashes in content intact', async () => {
    const folders = { one: { 'a.md': `code \`x\` and \${not} a \\ path\r\nnext` } };
    const source = courseBundleSource(folders, 'test');
    const module = await import(`data:text/javascript,${encodeURIComponent(stripTypes(source))}`);
    expect(module.bundledCourseFolders).toEqual(folders);
  });
});

/** The generated module is JavaScript apart from one type annotation. */
function stripTypes(source: string): string {
  return source.replace(': Readonly<Record<string, Readonly<Record<string, string>>>>', '');
}
