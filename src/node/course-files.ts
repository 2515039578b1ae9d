import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A course folder's files (name -> text): its Markdown and YAML, nothing else. */
export function readCourseFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (/\.(md|ya?ml)$/.test(name)) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return files;
}

/**
 * The content folder's courses (folder -> files): each sub-folder with a course.yaml. A
 * folder that is itself a course (CONTENT_DIR pointing at one course) counts as one.
 */
export function readContentFolders(contentDir: string): Record<string, Record<string, string>> {
  if (existsSync(join(contentDir, 'course.yaml'))) {
    return {
      [contentDir.split(/[\\/]/).filter(Boolean).pop() ?? 'course']: readCourseFiles(contentDir),
    };
  }
  const folders: Record<string, Record<string, string>> = {};
  for (const entry of readdirSync(contentDir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(contentDir, entry.name, 'course.yaml'))) {
      folders[entry.name] = readCourseFiles(join(contentDir, entry.name));
    }
  }
  return folders;
}
