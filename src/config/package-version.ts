import { readFileSync } from 'node:fs';

/** The installed package's version: package.json sits two folders up from both src/config and dist/config. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
