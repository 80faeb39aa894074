import { buildAsyncApi, renderAsyncApiYaml } from './asyncapi.js';
import { renderAsyncApiMarkdown } from './asyncapi-markdown.js';
import { renderJsonSchemas } from './json-schema.js';

export const ASYNCAPI_FILE = 'packages/contract/asyncapi.yaml';
export const ASYNCAPI_MARKDOWN_FILE = 'docs/asyncapi.md';
export const JSON_SCHEMA_DIR = 'packages/contract/json-schema/';

/**
 * Every file generated from the contract's source, by path from the repository root: the JSON
 * Schema documents, the AsyncAPI document and its Markdown page. `pnpm schemas:generate` writes
 * them; `pnpm schemas:generate --check` and the contract tests fail when a checked-in one differs.
 */
export function renderGeneratedFiles(): Record<string, string> {
  const doc = buildAsyncApi();
  return {
    ...Object.fromEntries(
      Object.entries(renderJsonSchemas()).map(([file, text]) => [`${JSON_SCHEMA_DIR}${file}`, text]),
    ),
    [ASYNCAPI_FILE]: renderAsyncApiYaml(doc),
    [ASYNCAPI_MARKDOWN_FILE]: renderAsyncApiMarkdown(doc),
  };
}
