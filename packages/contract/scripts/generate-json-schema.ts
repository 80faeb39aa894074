import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../src/json-schema.js';

const dir = fileURLToPath(new URL('../json-schema/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(renderJsonSchemas())) {
  writeFileSync(`${dir}${file}`, text);
  console.log(`wrote json-schema/${file}`);
}
