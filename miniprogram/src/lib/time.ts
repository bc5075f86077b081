const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant in the device's own time zone: 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm'. */
export function formatLocal(iso: string, withTime = false): string {
  const d = new Date(iso);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return withTime ? `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}` : day;
}
