import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row } from '@tanstack/react-table';

/** A thin, styled @tanstack/react-table wrapper for the small tables of the app (not the 200k case list). */
export function DataTable<T>({
  columns,
  data,
  caption,
  getRowClassName,
  getRowProps,
  className,
  emptyText,
}: {
  // TanStack's own advice: column value types differ per column, so the list is ColumnDef<T, any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  data: T[];
  caption?: string;
  getRowClassName?: (row: Row<T>) => string;
  getRowProps?: (row: Row<T>) => Record<string, string | number | undefined>;
  className?: string;
  emptyText?: string;
}) {
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table returns new functions each render by design.
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel() });
  return (
    <table className={`data-table ${className ?? ''}`}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        {table.getHeaderGroups().map((hg) => (
          <tr key={hg.id}>
            {hg.headers.map((h) => (
              <th key={h.id} scope="col">
                {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.length === 0 && emptyText ? (
          <tr>
            <td colSpan={columns.length} className="data-table__empty">
              {emptyText}
            </td>
          </tr>
        ) : null}
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} className={getRowClassName?.(row)} {...getRowProps?.(row)}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
