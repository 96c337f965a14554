/** What the screenshot scripts share: their command-line options and the language switch. */
import type { Page } from '@playwright/test';

const args = process.argv.slice(2);

/** `--name value` from the command line, else the fallback; without either, the script stops. */
export function arg(name: string, fallback?: string): string {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? args[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

/** Whether `--name` is on the command line. */
export function flag(name: string): boolean {
  return args.includes(`--${name}`);
}

/** Switches the console to `lang` with its own toggle, and waits until the page says so. */
export async function setLanguage(page: Page, lang: string): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang) await page.getByTestId('language-toggle').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
