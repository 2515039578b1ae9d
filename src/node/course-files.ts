import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A course folder's files (name -> text): its Markdown and YAML, nothing else. */
export function readCourseFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (/\.(md|ya?ml)$/.test(name)) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return files;
}
