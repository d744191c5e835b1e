#!/usr/bin/env node
import { cli } from './cli';
void cli(process.argv.slice(2)).then((code) => process.exit(code));
