/**
 * Runs inside the page (Chromium): times "decide and next" from the keydown of Ctrl+Enter to
 * the frame after the next case is fully shown — another case in the case view, with its title,
 * its recommendation (outcome and clause) and its decision form. Self-contained: Playwright
 * serializes it.
 */
export interface DecideProbeResult {
  /** performance.now() of the keydown, and of the frame after the next case was found shown. */
  t0: number;
  t1: number;
  from: string;
  to: string;
}

export interface DecideProbeWindow {
  __docketDecide?: { arm(timeoutMs: number): void; done: Promise<DecideProbeResult | null>; lastMiss: string };
}

export function installDecideProbe(): void {
  const shown = (): { id: string; complete: boolean; parts: string } => {
    const view = document.querySelector('[data-testid="case-view"]');
    const id = view?.getAttribute('data-case-id') ?? '';
    const has = {
      title: (view?.querySelector('[data-testid="case-title"]')?.textContent ?? '') !== '',
      outcome: (view?.querySelector('[data-testid="rec-outcome"]')?.textContent ?? '') !== '',
      rule: (view?.querySelector('[data-testid="rec-rule"]')?.textContent ?? '') !== '',
      form: !!view?.querySelector('[data-testid="decision-form"] [data-testid="decision-submit-next"]'),
    };
    const complete = Object.values(has).every(Boolean);
    return { id, complete, parts: Object.entries(has).map(([k, v]) => `${k}:${v}`).join(' ') };
  };
  const w = window as unknown as DecideProbeWindow;
  w.__docketDecide = {
    done: Promise.resolve(null),
    lastMiss: '',
    arm(timeoutMs: number) {
      const from = shown().id;
      const armedAt = performance.now();
      let t0: number | null = null;
      // Not `once`: Ctrl+Enter is two keydowns, Control first.
      const onKey = (e: KeyboardEvent) => {
        if (t0 === null && e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.shiftKey) t0 = performance.now();
      };
      // On window, capturing: before the console's own key handling (on document) acts on it.
      window.addEventListener('keydown', onKey, { capture: true });
      this.done = new Promise<DecideProbeResult | null>((resolve) => {
        const tick = () => {
          if (performance.now() - armedAt > timeoutMs) {
            window.removeEventListener('keydown', onKey, { capture: true });
            const s = shown();
            if (w.__docketDecide) w.__docketDecide.lastMiss = `keydown seen: ${t0 !== null}; from ${from} to ${s.id}; ${s.parts}`;
            return resolve(null);
          }
          if (t0 !== null) {
            const s = shown();
            if (s.complete && s.id !== from) {
              window.removeEventListener('keydown', onKey, { capture: true });
              const start = t0;
              // The frame in which the case was found has been painted once the next one begins.
              requestAnimationFrame(() => resolve({ t0: start, t1: performance.now(), from, to: s.id }));
              return;
            }
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
  };
}
