#!/usr/bin/env node
import { main } from './main.js';

// Long-running commands (serve) keep the process alive after this resolves; the rest exit with their code.
process.exitCode = await main(process.argv.slice(2));
