#!/usr/bin/env node
// The `haitang` command. The TypeScript sources run directly through tsx's loader, so there is
// no separate server build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
