/**
 * The column headers of a `DataTable`: what each says, and where a sortable one links. Kept in a
 * plain module so that pages can build their columns (and the cells' phone-width labels) from
 * one object.
 */

/** A column's order today: ascending or descending when the list is sorted by it. */
export type SortDirection = 'asc' | 'desc';

export interface Column {
  /** The header text, also the label a cell shows before its value on a phone (`data-label`). */
  label: string;
  /** The language of the label when it is a course text in a fallback language. */
  lang?: string | undefined;
  /** Read by screen readers only (a column of buttons whose header would repeat them). */
  hidden?: boolean;
  /** A sortable column: its header links to `href`; `active` when the list is sorted by it now. */
  sort?: { href: string; active?: SortDirection | undefined };
}

/** The `aria-sort` of a column's header: set only on the column the list is sorted by. */
export function ariaSort(column: Column): 'ascending' | 'descending' | undefined {
  const active = column.sort?.active;
  return active === undefined ? undefined : active === 'asc' ? 'ascending' : 'descending';
}

/** The order a sortable column shows today (`undefined` when the list is sorted by another one). */
export function activeSort<S extends string>(
  current: { sort: S; dir: SortDirection },
  sort: S,
): SortDirection | undefined {
  return current.sort === sort ? current.dir : undefined;
}
