import type { ComponentChildren } from 'preact';

/** One column: its header and how a row fills it. A new column is one more entry in a list. */
export interface Column<T> {
  readonly header: string;
  readonly numeric?: boolean;
  readonly mono?: boolean;
  /** A longer explanation of the header, e.g. its unit. */
  readonly title?: string;
  readonly cell: (row: T) => ComponentChildren;
}

/** A table of rows by columns, scrolling sideways on a narrow screen. */
export function DataTable<T>({ rows, columns, rowKey, label }: { rows: readonly T[]; columns: readonly Column<T>[]; rowKey: (row: T) => string; label?: string }) {
  const cellClass = (column: Column<T>) => [column.numeric ? 'num' : '', column.mono ? 'mono' : ''].join(' ').trim() || undefined;
  return (
    <div class="table-wrap">
      <table class="state-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" class={column.numeric ? 'num' : undefined} title={column.title}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} class={cellClass(column)} data-label={column.header}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
