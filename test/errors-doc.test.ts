import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { ERROR_STATUS } from '../src/errors/app-error.js';

describe('docs/errors.md', () => {
  it('lists exactly the codes of ERROR_STATUS, each with its status', async () => {
    const text = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = Object.fromEntries(
      [...text.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]),
    );
    assert.deepEqual(documented, { ...ERROR_STATUS });
  });
});
