#!/usr/bin/env node
import { runCli } from "../dist/hosts/cli.js";

process.exitCode = await runCli(process.argv.slice(2));
