import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { WirestreamConfig } from '@wirestream/contract';
import { decodePage, extractArticle } from '@wirestream/extract';
import { fetchDocument } from '@wirestream/runtime/feeds';

export interface ExtractOptions {
  url?: string;
  dir?: string;
}

/**
 * `wirestream extract`: one article page → one JSON object (text, sanitised markup, metadata with
 * where each value came from, paywall flag), from a file, stdin or `--url`; or, with `--dir`, one
 * JSON line per file of a folder (`.html`, `.htm`, and their `.gz`), for corpora. A page that
 * cannot be read yields `{file, error}` in its place and the exit code says so.
 */
export async function extractCommand(
  config: WirestreamConfig,
  options: ExtractOptions,
  file: string | undefined,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (options.dir !== undefined) return extractDir(options.dir, output);
  if (options.url !== undefined) {
    const { html, finalUrl } = await fetchPage(config, options.url);
    output.write(`${JSON.stringify(extractArticle(html, { url: finalUrl }), null, 2)}\n`);
    return 0;
  }
  const bytes = file === undefined || file === '-' ? await readStdin() : await readPage(file);
  output.write(`${JSON.stringify(extractArticle(decodePage(bytes).html), null, 2)}\n`);
  return 0;
}

/** Fetched with the fetcher's limits and SSRF guard: a URL typed here is no more trusted than a feed's. */
async function fetchPage(config: WirestreamConfig, url: string): Promise<{ html: string; finalUrl: string }> {
  const { timeoutMs, maxBodyBytes, maxRedirects, userAgent, allowPrivateNetworks } = config.fetcher;
  const fetched = await fetchDocument(
    url,
    { etag: null, lastModified: null },
    { timeoutMs, maxBodyBytes, maxRedirects, userAgent, allowPrivateNetworks },
  );
  if (!fetched.body) throw new Error(`${url}: HTTP ${fetched.status} without a body`);
  const type = fetched.headers.get('content-type');
  if (type && !/html|xml/i.test(type)) throw new Error(`${url}: not an HTML page (${type})`);
  return { html: decodePage(fetched.body, type).html, finalUrl: fetched.finalUrl };
}

async function extractDir(dir: string, output: NodeJS.WritableStream): Promise<number> {
  const files = (await readdir(dir)).filter((f) => /\.html?(\.gz)?$/i.test(f)).sort();
  let failed = 0;
  for (const name of files) {
    try {
      const article = extractArticle(decodePage(await readPage(join(dir, name))).html);
      output.write(`${JSON.stringify({ file: name, ...article })}\n`);
    } catch (err) {
      failed++;
      output.write(`${JSON.stringify({ file: name, error: (err as Error).message })}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

async function readPage(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
