import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/node/paths.ts';

const ROOT = packageRoot();

/** The row types of people and enrollments: what src/db maps to Subscriber and Enrollment. */
const ROW_TYPES =
  /\b(EnrollmentRow|SubscriberRow|EnrollmentUpdate|NewEnrollment|DeliveryRow|ReflectionRow)\b/;

describe('rows of people and enrollments', () => {
  it('never leave src/db: everything else sees Subscriber and Enrollment', () => {
    const offenders = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
      .filter((path) => !path.startsWith('src/db/'))
      .filter((path) => ROW_TYPES.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
