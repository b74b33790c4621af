// Writes docs/config.md from the config schema: `npx tsx scripts/gen-config-docs.ts`.
// The unit test src/core/config/config-docs.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigDocs } from '../src/core/config/config-docs';
import { studioConfigJsonSchema } from '../src/core/config/studio-config-json-schema';

const target = fileURLToPath(new URL('../docs/config.md', import.meta.url));
writeFileSync(target, renderConfigDocs(studioConfigJsonSchema()));
console.log(`wrote ${target}`);
