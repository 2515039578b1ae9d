/**
 * Pure: one CSV line (RFC 4180: quoted when needed, quotes doubled, CRLF-free). Every text
 * cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a return,
 * after any spaces) gets a leading apostrophe: names and addresses come from strangers
 * filling in a form, and any column may hold one. Numbers are written as they are.
 */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells
    .map((cell) => {
      if (cell === null) return '';
      let value = String(cell);
      if (typeof cell === 'string' && /^[ ]*[=+\-@\t\r]/.test(value)) value = `'${value}`;
      return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    })
    .join(',')}\n`;
}
