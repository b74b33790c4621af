// A dataset id as people read it: bundled data and imported CSVs by the id the YAML writes
// (sp500, csv:GOOG.csv), the synthetic generator by what it generated — never the raw
// 'synthetic:{"seed":1}' key.

export function datasetLabel(id: string): string {
  if (id === 'synthetic' || id.startsWith('synthetic:')) {
    let options: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(id.slice('synthetic:'.length) || '{}');
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) options = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: the generator's defaults.
    }
    const parts = Object.entries(options).map(([k, v]) => `${k.replace(/_/g, ' ')} ${Array.isArray(v) ? v.join('/') : String(v)}`);
    return `Synthetic bars${parts.length ? ` (${parts.join(', ')})` : ' (default seed)'}`;
  }
  return id;
}
