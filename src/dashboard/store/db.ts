/**
 * The little SQL both stores speak: `?` placeholders (rewritten to `$n` for PostgreSQL), integers
 * for times (epoch ms) and booleans, TEXT for JSON. One store implementation runs on either.
 */
export type Row = Record<string, unknown>;
export type Param = string | number | null;

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  all(sql: string, params?: readonly Param[]): Promise<Row[]>;
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Runs `work` in one transaction; `tx` is the same interface bound to it. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
