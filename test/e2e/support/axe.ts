/**
 * Accessibility checks in the real browser: axe-core (Deque's rules engine) injected into the page, run on the
 * whole document, and every serious or critical violation reported with the elements at fault.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
let source: Promise<string> | null = null;

/** One violated rule as axe reports it, trimmed to what a reader needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements, with axe's summary of each. */
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe on the page as it is now (or only within `include`, a CSS selector: an open dialog, as the page behind
 * its mask is not what a person reads); returns the serious and critical violations.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const script = await source;
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.addScriptTag({ content: script });
  return page.evaluate(async (include) => {
    type Result = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run: (ctx: Document | { include: string[] }, opts: object) => Promise<Result> } }).axe;
    const result = await axe.run(include ? { include: [include] } : document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' })),
      }));
  }, include);
}

/** Fails with a readable list when axe finds a serious or critical violation on the page. */
export async function expectNoSeriousAxeViolations(page: Page, include?: string): Promise<void> {
  const violations = await axeViolations(page, include);
  const text = violations
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`,
    )
    .join('\n');
  expect(violations, text).toEqual([]);
}
