#!/usr/bin/env node
// The `nmf-wasm` command (`npx nmf-wasm --help`); the commands live in cli/.
import { main } from "../cli/main.mjs";

process.exitCode = await main(process.argv.slice(2));
