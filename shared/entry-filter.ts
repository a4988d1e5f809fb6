// The entries text filter, one rule for both sides: an entry matches when one of its field names or
// values contains the filter text, ignoring case. The console applies it to Redis's bytes read as
// UTF-8 (the server-side filter); the renderer to live-tail entries, which arrive unfiltered.
export function textFilterMatches(texts: Iterable<string>, filter: string): boolean {
  const needle = filter.toLowerCase();
  for (const text of texts) if (text.toLowerCase().includes(needle)) return true;
  return false;
}
