import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseBundleSource } from '../../src/course/bundle-source.ts';
import { bundledCourseFiles } from '../../src/course/bundled-content.ts';
import { parseCourse } from '../../src/course/parse.ts';
import { readCourseFiles } from '../../src/node/course-files.ts';
import { CONTENT_DIR, readCourse } from '../../src/node/deps.ts';

const COURSE_DIR = join(CONTENT_DIR, 'rebuilding-trust');

describe('the course bundled for Workers', () => {
  it('holds exactly the files in content/, byte for byte (run `npm run bundle:content`)', () => {
    expect(bundledCourseFiles).toEqual(readCourseFiles(COURSE_DIR));
  });

  it('is the file the generator writes today', () => {
    const committed = readFileSync(
      join(CONTENT_DIR, '..', 'src', 'course', 'bundled-content.ts'),
      'utf8',
    );
    expect(committed).toBe(
      courseBundleSource(readCourseFiles(COURSE_DIR), 'content/rebuilding-trust'),
    );
  });

  it('parses to the same course Node reads from disk', () => {
    expect(parseCourse(bundledCourseFiles)).toEqual(readCourse());
  });

  it('keeps backticks, ${ and backslashes in content intact', async () => {
    const files = { 'a.md': `code \`x\` and \${not} a \\ path\r\nnext` };
    const source = courseBundleSource(files, 'test');
    const module = await import(`data:text/javascript,${encodeURIComponent(stripTypes(source))}`);
    expect(module.bundledCourseFiles).toEqual(files);
  });
});

/** The generated module is JavaScript apart from one type annotation. */
function stripTypes(source: string): string {
  return source.replace(': Readonly<Record<string, string>>', '');
}
