/** How commands print: aligned tables for people, JSON or YAML for scripts. */
import { stringify as toYaml } from 'yaml';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function yaml(value: unknown): string {
  return toYaml(value, { lineWidth: 0 });
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return `${cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** One column of a table: its header, and how a row fills it. A new column is one more entry. */
export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => string | number | null | undefined;
}

export function tableOf<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  return table(
    columns.map((column) => column.header),
    rows.map((row) => columns.map((column) => column.cell(row))),
  );
}

/** Prices of a cent's thousandth (the emulator's) stay readable: four significant digits. */
export function price(usd: number): string {
  return usd === 0 ? '0' : String(Number(usd.toPrecision(4)));
}
