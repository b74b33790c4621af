// Which YAML layer won each trace setting of a container (explainTraceSettings):
// the value, the winning pattern/block with its line, and what it overrode.
import type { StudioConfig } from '../../core/config/studio-config';
import type { TraceSettings } from '../../core/trace-settings';
import { services } from './state/studio-services';

interface Props {
  config: StudioConfig;
  containerId: string;
  /** What the engine actually used (shown even when the explanation is unavailable). */
  resolved: TraceSettings;
}

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function TraceExplanation({ config, containerId, resolved }: Props) {
  const ex = services.explain(config, containerId);
  const keys = Object.keys(resolved) as (keyof TraceSettings)[];
  return (
    <>
      <table className="settings-table" data-testid="trace-settings">
        <thead>
          <tr>
            <th>Setting</th>
            <th>Value</th>
            <th>Set by</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const origin = ex?.keys[k as keyof typeof ex.keys];
            return (
              <tr key={k} data-testid={`setting-${k}`}>
                <td>{k}</td>
                <td>
                  <code>{show(resolved[k])}</code>
                </td>
                <td title={origin?.reason}>
                  {origin ? (
                    <>
                      <code>{origin.label}</code>
                      {origin.line ? <span className="muted"> line {origin.line}</span> : null}
                      {origin.overridden.length > 0 && (
                        <div className="muted">overrides {origin.overridden.map((o) => `${o.label}=${show(o.value)}`).join(', ')}</div>
                      )}
                    </>
                  ) : (
                    <span className="muted">built-in default</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {ex && ex.layers.length > 0 && (
        <>
          <h4>Cascade ({ex.layers.length} layers, lowest first)</h4>
          <ol className="layers" data-testid="trace-layers">
            {ex.layers.map((l, i) => (
              <li key={i}>
                <code>{l.label}</code>
                {l.line ? <span className="muted"> · line {l.line}</span> : null} — <span className="muted">{l.why}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {ex?.warnings.map((w) => (
        <p key={w} className="warn">
          {w}
        </p>
      ))}
    </>
  );
}
