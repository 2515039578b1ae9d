/**
 * Pure: one CSV line (RFC 4180: quoted when needed, quotes doubled, CRLF-free). A text cell
 * that a spreadsheet would run as a formula (starting with = + - @, a tab or a return) gets
 * a leading apostrophe, since names come from strangers filling in a form.
 */
export function csvLine(
  cells: readonly (string | number | null)[],
  options: { text?: readonly number[] } = {},
): string {
  return `${cells
    .map((cell, index) => {
      if (cell === null) return '';
      let value = String(cell);
      if (options.text?.includes(index) && /^[=+\-@\t\r]/.test(value)) value = `'${value}`;
      return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    })
    .join(',')}\n`;
}
