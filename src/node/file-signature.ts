import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dirs` with its size and modification time, as one string: it changes when
 * a file is edited, added, removed or renamed. Polled rather than fs.watch'ed: editors that
 * save by writing a new file and renaming it, and folders created after the start, are seen
 * alike on every platform, and a content folder is a few dozen files.
 */
export function fileSignature(dirs: readonly string[]): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      lines.push(`${dir} (missing)`);
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        try {
          const stat = statSync(path);
          lines.push(`${path} ${stat.size} ${stat.mtimeMs}`);
        } catch {
          // removed between the listing and the stat: the next poll sees it gone
        }
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return lines.join('\n');
}
