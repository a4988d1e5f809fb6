// Copy to the clipboard, answering with what happened (for a status line).
export async function copyText(text: string): Promise<string> {
  try {
    if (!navigator.clipboard) return 'Copy failed: the clipboard is not available here';
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch (e) {
    return `Copy failed: ${(e as Error).message}`;
  }
}
