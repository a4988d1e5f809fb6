// What a user may type to seek by time: epoch milliseconds, or a local date-time such as
// "2026-11-27 10:15" / "2026-11-27T10:15:30.250".
export function parseTime(text: string): { ms: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'enter a time' };
  if (/^\d+$/.test(t)) return { ms: Number(t) };
  const ms = Date.parse(t.includes('T') ? t : t.replace(' ', 'T'));
  if (Number.isNaN(ms)) return { problem: `“${t}” is not a time: use epoch ms or YYYY-MM-DD HH:MM[:SS]` };
  if (ms < 0) return { problem: 'time must be after 1970' };
  return { ms };
}
