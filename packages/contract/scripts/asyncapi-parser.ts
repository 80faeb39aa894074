import { DiagnosticSeverity, Parser } from '@asyncapi/parser';

/**
 * The official AsyncAPI parser's verdict on a document: its errors (schema, references, bindings,
 * spectral rules of severity error), as text; empty when the document is valid.
 */
export async function parseAsyncApi(text: string): Promise<string[]> {
  const { document, diagnostics } = await new Parser().parse(text);
  const errors = diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
  return document || errors.length > 0 ? errors : ['the parser returned no document'];
}
