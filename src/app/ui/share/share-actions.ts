// Making and opening share links. A link carries the study (config, strategy sources, the
// imported CSV) and is hostile input on the way in: a refused or damaged link is said until
// dismissed and opens nothing; a link that runs someone else's code asks first; its CSV is
// imported under its own name (renamed, not overwriting, when the recipient has another file
// of that name) so the recipient's run is the sender's to the digit.
import { useStudioStore } from '../state/studio-store';
import { services } from '../state/studio-services';
import { resultSourcesOf, runBacktest, runnableText, validateText } from '../state/studio-actions';
import { withDataSource } from '../state/with-data-source';
import { withSweepParams } from '../state/with-sweep-params';
import { importStrategies, sourcesForConfigNow } from '../strategy-lab/strategy-lab-actions';
import { decodeShareHash, encodeShareHash, MAX_SHARE_INFLATED_BYTES, MAX_SHARE_LINK_CHARS, type SharedCsv, type SharedStudio } from './share-link';
import { askToRunSharedCode, useShareStore } from './share-store';
import { zipRunWithData } from './share-zip';

const store = useStudioStore;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export type ShareLinkOutcome = { ok: true; url: string } | { ok: false; message: string };

interface SharedStudy {
  configText: string;
  datasetId: string;
  userStrategies: { name: string; source: string }[];
  csv: SharedCsv | null;
}

/** What a link or zip of the shown study carries (the shown result's config, else what Run would use). */
async function studyToShare(): Promise<SharedStudy> {
  const s = store.getState();
  const shownText = s.resultConfigText ?? runnableText()?.text ?? s.configText;
  // A sweep point on screen ran with its parameters over the config: the link carries them in it.
  const pointParams = s.resultConfigText && s.resultParams && Object.keys(s.resultParams).length ? s.resultParams : null;
  const configText = pointParams ? withSweepParams(shownText, pointParams) : shownText;
  const parsed = services.parse(configText);
  const datasetId = parsed.ok ? parsed.config.data.source : (s.result?.datasetId ?? s.datasetId);
  const userStrategies = resultSourcesOf(shownText) ?? (parsed.ok ? sourcesForConfigNow(parsed.config) : []);
  let csv: SharedCsv | null = null;
  if (datasetId.startsWith('csv:')) {
    csv = await services.importedCsvText(datasetId);
  }
  return { configText, datasetId, userStrategies, csv };
}

/** A link to the shown study, or why there cannot be one (its data is too big for a link). */
export async function makeShareLink(): Promise<ShareLinkOutcome> {
  let study: SharedStudy;
  try {
    study = await studyToShare();
  } catch (e) {
    return { ok: false, message: `No link: ${message(e)}` };
  }
  const what = study.csv ? `its data (${study.csv.name}, ${(study.csv.text.length / 1e6).toFixed(1)} MB)` : 'its config and strategies';
  const zipInstead = 'Send a run zip instead: it carries the config, the data and the strategies (the recipient opens it with Runs → Import).';
  // What a recipient would refuse to expand is not worth deflating here (seconds of work for nothing).
  const expanded = new TextEncoder().encode(study.configText + (study.csv?.text ?? '') + JSON.stringify(study.userStrategies)).length;
  if (expanded > MAX_SHARE_INFLATED_BYTES) {
    return { ok: false, message: `This study cannot travel in a link: ${what} is more than a link may expand to (${MAX_SHARE_INFLATED_BYTES / 1024 / 1024} MB). ${zipInstead}` };
  }
  const { origin, pathname, search } = window.location;
  const hash = encodeShareHash({
    configText: study.configText,
    datasetId: study.datasetId,
    ...(study.userStrategies.length ? { userStrategies: study.userStrategies } : {}),
    ...(study.csv ? { csv: study.csv } : {}),
  });
  const url = `${origin}${pathname}${search}${hash}`;
  if (url.length > MAX_SHARE_LINK_CHARS) {
    return {
      ok: false,
      message: `This study cannot travel in a link: with ${what} the link would be ${url.length.toLocaleString('en')} characters, more than a share link may be (${MAX_SHARE_LINK_CHARS.toLocaleString('en')}). ${zipInstead}`,
    };
  }
  return { ok: true, url };
}

/** The shown run as a zip that carries its imported CSV (for studies too big for a link). */
export async function shareRunZip(): Promise<{ blob: Blob; fileName: string }> {
  const s = store.getState();
  if (!s.result || !s.resultConfigText) throw new Error('Run the study first: the zip carries its result.');
  const study = await studyToShare();
  const bytes = zipRunWithData(
    {
      name: s.result.configName,
      createdAt: Date.now(),
      datasetId: study.datasetId,
      configText: study.configText,
      result: s.result,
      ...(study.userStrategies.length ? { userStrategies: study.userStrategies } : {}),
    },
    study.csv,
  );
  const fileName = `${(s.result.configName || 'study').replace(/[^\w.-]+/g, '_')}.zip`;
  return { blob: new Blob([new Uint8Array(bytes)], { type: 'application/zip' }), fileName };
}

/** Imports CSVs that came with a link or zip under their names; one that would replace another file gets a new name. */
export async function adoptSharedCsv(csv: SharedCsv): Promise<string> {
  const existing = async (name: string): Promise<string | null> => {
    try {
      return (await services.importedCsvText(`csv:${name}`)).text;
    } catch {
      return null;
    }
  };
  const dot = csv.name.lastIndexOf('.');
  const stem = dot > 0 ? csv.name.slice(0, dot) : csv.name;
  const ext = dot > 0 ? csv.name.slice(dot) : '';
  let name = csv.name;
  for (let n = 1; ; n++) {
    const text = await existing(name);
    if (text === null || text === csv.text) break;
    name = `${stem} (shared${n > 1 ? ` ${n}` : ''})${ext}`;
  }
  return services.importCsv(new File([csv.text], name, { type: 'text/csv' }));
}

/** The `user:` strategies a shared study would run (names), carried or referenced. */
function codeIn(shared: SharedStudy | SharedStudio): string[] {
  const carried = (shared.userStrategies ?? []).map((u) => u.name);
  const referenced = [...shared.configText.matchAll(/\bstrategy:\s*["']?user:([\w-]+)/g)].map((m) => m[1]!);
  return [...new Set([...carried, ...referenced])];
}

function dropHash(): void {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
}

/** Closes the refused-link message and forgets the link (a reload then opens the user's own study). */
export function dismissShareProblem(): void {
  useShareStore.setState({ problem: null });
  dropHash();
}

/**
 * Opens the link in the page's hash. 'none': there is none; 'refused': it was damaged, too
 * large or declined (said in the share dialog; nothing from it was opened); 'opened': it runs.
 */
export async function openSharedLink(hash: string): Promise<'none' | 'refused' | 'opened'> {
  const shared = decodeShareHash(hash);
  if (!shared) return 'none';
  if ('error' in shared) {
    useShareStore.setState({ problem: { kind: shared.kind, message: shared.error } });
    return 'refused';
  }
  const code = codeIn(shared);
  if (code.length > 0 && (await askToRunSharedCode(shared, code)) === 'decline') {
    dropHash();
    store.setState({ notice: `The shared study was not opened: it runs strategy code (${code.join(', ')}) you chose not to run.` });
    return 'refused';
  }
  let configText = shared.configText;
  let datasetId = shared.datasetId;
  if (shared.csv) {
    try {
      const id = await adoptSharedCsv(shared.csv);
      if (id !== datasetId) {
        configText = withDataSource(configText, id).text;
        datasetId = id;
        store.setState({ notice: `The link's ${shared.csv.name} was imported as ${id.slice(4)} (yours of that name is kept).` });
      }
    } catch (e) {
      useShareStore.setState({ problem: { kind: 'data', message: `The data that came with this link (${shared.csv.name}) could not be imported: ${message(e)}. Nothing was opened from the link.` } });
      return 'refused';
    }
  }
  // Strategies that came with the link are saved first (a different one with the same name is kept: <name>-2).
  try {
    const imported = await importStrategies(shared.userStrategies ?? [], configText);
    configText = imported.configText;
    const renamed = Object.entries(imported.renames);
    if (renamed.length) store.setState({ notice: `Shared strategies saved under new names (yours kept): ${renamed.map(([a, b]) => `${a} → ${b}`).join(', ')}.` });
  } catch (e) {
    store.setState({ runError: `The shared strategies could not be saved: ${message(e)}` });
  }
  store.setState({ configText, datasetId });
  validateText(configText);
  // The shared text is now the working text (saved): drop the hash so a reload keeps later edits.
  dropHash();
  await runBacktest(undefined, configText);
  return 'opened';
}
