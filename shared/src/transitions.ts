/** A status machine as data: each status lists the statuses it may move to. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export class IllegalTransitionError extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine}: cannot move from "${from}" to "${to}"`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return (table[from] ?? []).includes(to);
}

export function assertTransition<S extends string>(machine: string, table: TransitionTable<S>, from: S, to: S): void {
  if (!canTransition(table, from, to)) throw new IllegalTransitionError(machine, from, to);
}

/** Statuses with no way out. */
export function terminalStatuses<S extends string>(table: TransitionTable<S>): S[] {
  return (Object.keys(table) as S[]).filter((s) => table[s].length === 0);
}
