// What a view shows before there is anything to show: what it will hold and how to get there.
import type { ReactNode } from 'react';

export function EmptyState({ title, hint, children }: { title: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h3>{title}</h3>
      {hint && <p>{hint}</p>}
      {children}
    </div>
  );
}
