/** The action's entry point: nothing happens at import time but this one call. */
import * as core from '@actions/core';
import { run } from './main.js';

await run(core, process.env);
