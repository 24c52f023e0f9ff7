#!/usr/bin/env node
// The executable: all behaviour lives in the compiled entry; this file only sets the exit code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
