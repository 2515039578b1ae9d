/** One measured figure: a value, the baseline measured beside it in the same run, and the verdict. */
export interface Figure {
  readonly id: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with, measured in the same run. */
  readonly baseline: { readonly name: string; readonly value: number; readonly unit: string };
  /** value / baseline (for CPU, the share of one core). */
  readonly ratio: number;
  readonly target: string;
  readonly pass: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface RunOptions {
  readonly quick: boolean;
  readonly large: boolean;
  /** A scratch directory for databases and outboxes, removed at the end. */
  readonly dir: string;
  readonly log: (line: string) => void;
}

const number = (value: number) =>
  value >= 1000
    ? Math.round(value).toLocaleString('en-US')
    : value >= 10
      ? value.toFixed(1)
      : value.toPrecision(3);

export const formatValue = (value: number, unit: string) => `${number(value)} ${unit}`;

/** The figures as a plain-text table, one row each. */
export function table(figures: readonly Figure[]): string {
  const rows = [
    ['figure', 'value', 'baseline', 'ratio', 'target', 'result'],
    ...figures.map((figure) => [
      figure.name,
      formatValue(figure.value, figure.unit),
      `${formatValue(figure.baseline.value, figure.baseline.unit)} (${figure.baseline.name})`,
      figure.ratio.toPrecision(3),
      figure.target,
      figure.pass ? 'pass' : 'MISS',
    ]),
  ];
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const MB = 1024 * 1024;
