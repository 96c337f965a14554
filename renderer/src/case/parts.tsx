import type { ReactNode } from 'react';

/** A titled block of the case view. */
export function Section({ title, children, testId, aside }: { title: string; children: ReactNode; testId?: string; aside?: ReactNode }) {
  return (
    <section className="case-section" data-testid={testId}>
      <h3>
        <span>{title}</span>
        {aside}
      </h3>
      {children}
    </section>
  );
}

/** Label/value pairs, two columns. */
export function Facts({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Chip({ children, tone = 'neutral', testId }: { children: ReactNode; tone?: 'neutral' | 'warn' | 'danger' | 'ok' | 'info'; testId?: string }) {
  return (
    <span className={`chip chip-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}
