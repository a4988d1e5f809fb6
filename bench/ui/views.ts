// Driving the real UI to the two views the UI scenarios watch, the way a user would (roles and
// labels, as the end-to-end tests do), and reading back how much of the traffic the page got.
import type { Page } from 'playwright-core';

const UI_TIMEOUT_MS = 60_000;
const count = (text: string | undefined) => (text === undefined ? 0 : Number(text.replace(/,/g, '')));

/** Overview → filter → open the stream → Entries tab with the live tail on. */
export async function openEntriesTail(page: Page, url: string, stream: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Filter streams and channels').fill(stream);
  const open = page.getByRole('button', { name: `Open stream ${stream}`, exact: true });
  // The overview polls every 2 s; a Refresh lists a stream created just before the page opened.
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await open.click({ timeout: UI_TIMEOUT_MS });
  const tail = page.getByRole('button', { name: 'Live tail', exact: true });
  await tail.click({ timeout: UI_TIMEOUT_MS });
  await page.locator('button[aria-pressed="true"]', { hasText: 'Live tail' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Broadcast view → one console subscriber on a glob pattern. */
export async function openBroadcastPattern(page: Page, url: string, pattern: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Broadcast', exact: true }).click();
  const form = page.getByRole('form', { name: 'Subscribe form' });
  await form.getByLabel('Channel or pattern').fill(pattern);
  await form.getByLabel('Pattern (glob)').check();
  await form.getByLabel('Subscribers').fill('1');
  await form.getByRole('button', { name: 'Subscribe' }).click();
  // The list labels each subscription by kind and name ("pattern events.*"); match the name inside it.
  await page.getByRole('list', { name: 'Subscriptions' }).locator('li', { hasText: pattern }).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

export interface UiCounts {
  /** Messages the view's store took in (kept + dropped from its bounded buffer). */
  received: number;
  /** Messages in the view's bounded buffer now. */
  buffered: number;
  /** Rows in the DOM (virtualized: independent of the buffer). */
  rows: number;
  /** Messages the console dropped before they reached the page, as far as the page was told. */
  droppedUpstream: number;
}

/** From the status line: "N entries loaded · live +L (D older live entries dropped from view)". */
export async function entriesCounts(page: Page): Promise<UiCounts> {
  const status = (await page.locator('.entries-status').textContent()) ?? '';
  const live = count(/live \+([\d,]+)/.exec(status)?.[1]);
  const dropped = count(/\(([\d,]+) older live entries dropped/.exec(status)?.[1]);
  const rows = await page.locator('.entries-scroll [role="row"]').count();
  return { received: live + dropped, buffered: live, rows, droppedUpstream: 0 };
}

/** The tail's virtualized list is ROW_HEIGHT px per buffered item (renderer/features/broadcast/VirtualTail.tsx). */
const TAIL_ROW_PX = 22;

/** From the tail: its virtual list's height (one row per buffered item) and the dropped-count notes. */
export async function broadcastCounts(page: Page): Promise<UiCounts> {
  const tail = page.getByRole('region', { name: 'Live tail' });
  const note = (await tail.locator('.ss-tail-note').allTextContents()).join(' ');
  // LiveTail.tsx words these notes; a note the patterns cannot read would silently undercount.
  const droppedMatch = /([\d,]+) older messages? left/.exec(note);
  const upstreamMatch = /([\d,]+) messages? never reached this page/.exec(note);
  if (note.trim() && !droppedMatch && !upstreamMatch) throw new Error(`cannot read the live tail's note: ${note}`);
  const dropped = count(droppedMatch?.[1]);
  const upstream = count(upstreamMatch?.[1]);
  const list = tail.getByRole('list', { name: 'Messages' });
  const style = (await list.count()) ? ((await list.getAttribute('style')) ?? '') : '';
  const buffered = Math.round(Number(/height:\s*([\d.]+)px/.exec(style)?.[1] ?? 0) / TAIL_ROW_PX);
  const rows = await tail.locator('.ss-tail-row').count();
  return { received: buffered + dropped, buffered, rows, droppedUpstream: upstream };
}
