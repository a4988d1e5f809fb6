// Accessibility checks shared by the specs: an axe-core audit that fails on serious or critical
// violations, a Tab walk over one region (every control reached, each with a visible focus
// indicator), and the modal-dialog contract (focus inside, Tab trapped, Escape closes, focus back
// on the opener).
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Fails with each serious/critical rule, its help text and where it matched. */
export async function expectNoSeriousViolations(page: Page, screen: string, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join('; ')}`).join('\n    ')}`,
  );
  expect(report, `axe on ${screen}`).toEqual([]);
}

const INTERACTIVE = 'a[href], button, input, select, textarea, summary, [tabindex]';

/**
 * Presses Tab from the first control in `scope` until focus leaves it, and checks that every
 * enabled, visible control inside was reached and showed a focus indicator (outline or shadow,
 * under :focus-visible). Radio groups count as reached when one of their radios was.
 */
export async function expectKeyboardWalk(page: Page, scope: Locator, screen: string, maxPresses = 150): Promise<void> {
  const expected = await scope.evaluate((root, selector) => {
    document.querySelectorAll('[data-walk]').forEach((el) => el.removeAttribute('data-walk'));
    const controls = Array.from(root.querySelectorAll<HTMLElement>(selector)).filter((el) => {
      if (el.matches(':disabled') || el.getAttribute('tabindex') === '-1' || el.closest('[inert], [aria-hidden="true"]')) return false;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
    });
    controls.forEach((el, i) => el.setAttribute('data-walk', String(i)));
    return controls.length;
  }, INTERACTIVE);
  expect(expected, `${screen}: controls to walk`).toBeGreaterThan(0);

  // Start on the first control through the keyboard, so :focus-visible applies to it too.
  await scope.locator('[data-walk="0"]').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');

  const reached = new Set<number>();
  const noIndicator: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const style = getComputedStyle(el);
      const indicated =
        el.matches(':focus-visible') &&
        ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none');
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
      return { walk: el.getAttribute('data-walk'), indicated, what: `${el.tagName.toLowerCase()} "${name}"` };
    });
    if (!at || at.walk === null) {
      if (reached.size > 0) break; // left the region
    } else {
      if (reached.has(Number(at.walk))) break; // wrapped around (a trap would loop here)
      reached.add(Number(at.walk));
      if (!at.indicated) noIndicator.push(at.what);
    }
    await page.keyboard.press('Tab');
  }

  const missed = await scope.evaluate(
    (root, seen) => {
      const out: string[] = [];
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-walk]'))) {
        if (seen.includes(Number(el.getAttribute('data-walk')))) continue;
        const radio = el as HTMLInputElement;
        if (radio.type === 'radio' && radio.name) {
          const group = Array.from(root.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${CSS.escape(radio.name)}"]`));
          if (group.some((r) => seen.includes(Number(r.getAttribute('data-walk'))))) continue;
        }
        out.push(`${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}"`);
      }
      return out;
    },
    [...reached],
  );
  expect(missed, `${screen}: controls Tab never reached`).toEqual([]);
  expect(noIndicator, `${screen}: focused controls without a visible focus indicator`).toEqual([]);
}

/**
 * Opens a dialog from `opener` with Enter and checks the modal contract; returns with the dialog
 * closed by Escape and focus back on the opener. `inside` runs while it is open (e.g. an audit).
 */
export async function expectModalDialog(page: Page, opener: Locator, dialog: Locator, inside?: () => Promise<void>): Promise<void> {
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  const focusInside = () => dialog.evaluate((el) => el.contains(document.activeElement));
  await expect.poll(focusInside, { message: 'the dialog takes focus' }).toBe(true);
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInside(), `Tab ${i + 1} stays inside the dialog`).toBe(true);
  }
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusInside(), `Shift+Tab ${i + 1} stays inside the dialog`).toBe(true);
  }
  if (inside) await inside();
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
  expect(await focusInside(), `focus is still inside the dialog before Escape (it is on ${focused})`).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener, 'focus returns to the control that opened the dialog').toBeFocused();
}

/** Arrow keys, Home and End move between the tabs of `tablist`. */
export async function expectArrowTabs(page: Page, tablist: Locator): Promise<void> {
  const tabs = tablist.getByRole('tab');
  const count = await tabs.count();
  const selected = tablist.locator('[role=tab][aria-selected=true]');
  await selected.focus();
  const start = await selected.textContent();
  await page.keyboard.press('ArrowRight');
  await expect(selected).not.toHaveText(start ?? '');
  await expect(selected).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(selected).toHaveText(start ?? '');
  await page.keyboard.press('End');
  await expect(tabs.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
}
