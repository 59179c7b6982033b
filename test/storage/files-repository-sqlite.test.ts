import { join } from 'node:path';
import { createDatabase } from '../../src/storage/db/create-database.js';
import { filesRepositorySuite } from './files-repository-suite.js';
import { makeTempDir, removeDir } from './temp-dir.js';

filesRepositorySuite('SQLite', async () => {
  const dir = await makeTempDir('sqlite');
  const handle = createDatabase({ sqlitePath: join(dir, 'nested', 'convertly.db') });
  return {
    handle,
    async cleanup() {
      await handle.destroy();
      await removeDir(dir);
    },
  };
});
