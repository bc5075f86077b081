const pad = (n: number) => String(n).padStart(2, '0');

/** 'HH:MM:SS' until `targetMs` (00:00:00 once past it); hours run past 24 for a far slot. */
export function countdown(targetMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((targetMs - nowMs) / 1000));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** A slot's tab label: its start time of day, 'HH:MM'. */
export function slotLabel(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
