/**
 * Runs of words two texts share, compared as words alone: lower case, apostrophes dropped
 * (so "don't" and "don’t" match), every other mark a break between words. Used to show that
 * the course is written in its own words rather than lifted from its source.
 */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/**
 * Every run of `length` or more consecutive words of `text` that also occurs in `source`,
 * longest first within each place, each reported once.
 */
export function sharedRuns(text: string, source: string, length: number): string[] {
  const sourceWords = words(source);
  const grams = new Set<string>();
  for (let i = 0; i + length <= sourceWords.length; i += 1) {
    grams.add(sourceWords.slice(i, i + length).join(' '));
  }
  const textWords = words(text);
  const runs: string[] = [];
  let i = 0;
  while (i + length <= textWords.length) {
    if (!grams.has(textWords.slice(i, i + length).join(' '))) {
      i += 1;
      continue;
    }
    // Extend the run while each next window is shared too, then report it whole.
    let end = i + length;
    while (
      end < textWords.length &&
      grams.has(textWords.slice(end - length + 1, end + 1).join(' '))
    ) {
      end += 1;
    }
    runs.push(textWords.slice(i, end).join(' '));
    i = end;
  }
  return [...new Set(runs)];
}
