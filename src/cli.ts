#!/usr/bin/env node
/** The CLI's entry point (`piwik-broken-events`): nothing happens at import time but this one call. */
import { main, nodeIo } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2), process.env, nodeIo());
