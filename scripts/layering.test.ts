/**
 * The layering of the architecture is enforced by lint. This proves the rules bite: each
 * forbidden edge, written as a real import in a file of that layer, fails lint, and each
 * allowed edge passes.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(filePath: string, importLine: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: Array<[layer: string, file: string, importLine: string]> = [
  ['shared', 'shared/domain/x.ts', "import { x } from '../../electron/core/console';"],
  ['shared', 'shared/domain/x.ts', "import { x } from '../../server/service';"],
  ['shared', 'shared/domain/x.ts', "import { x } from 'node:fs';"],
  ['shared', 'shared/api/x.ts', "import { x } from 'react';"],
  ['core', 'electron/core/x.ts', "import { x } from 'electron';"],
  ['core', 'electron/core/x.ts', "import { x } from '../main/window';"],
  ['core', 'electron/core/x.ts', "import { x } from '../../server/service';"],
  ['core', 'electron/core/sync/x.ts', "import { x } from '../../../renderer/src/app';"],
  ['preload', 'electron/preload/x.ts', "import { x } from '../core/console';"],
  ['preload', 'electron/preload/x.ts', "import { x } from 'node:fs';"],
  ['host', 'electron/host/x.ts', "import { x } from 'electron';"],
  ['host', 'electron/host/x.ts', "import { x } from '../preload/bridge';"],
  ['main', 'electron/main/x.ts', "import { x } from '../../renderer/src/app';"],
  ['renderer', 'renderer/src/x.ts', "import { x } from '../../electron/core/console';"],
  ['renderer', 'renderer/src/x.ts', "import { x } from 'better-sqlite3';"],
  ['renderer', 'renderer/src/x.ts', "import { x } from 'node:path';"],
  ['server', 'server/x.ts', "import { x } from '../electron/core/console';"],
  ['server', 'server/x.ts', "import { x } from 'better-sqlite3';"],
  ['resources', 'resources/demo/x.ts', "import { x } from '../../server/service';"],
];

const allowed: Array<[layer: string, file: string, importLine: string]> = [
  ['core', 'electron/core/x.ts', "import { x } from '../../shared/api/contract';"],
  ['core', 'electron/core/x.ts', "import { x } from 'better-sqlite3';"],
  ['main', 'electron/main/x.ts', "import { x } from '../core/console';"],
  ['main', 'electron/main/x.ts', "import { x } from 'electron';"],
  ['host', 'electron/host/x.ts', "import { x } from '../core/console';"],
  ['preload', 'electron/preload/x.ts', "import { x } from 'electron';"],
  ['preload', 'electron/preload/x.ts', "import { x } from '../../shared/api/contract';"],
  ['renderer', 'renderer/src/x.ts', "import { x } from '../../shared/api/contract';"],
  ['server', 'server/x.ts', "import { x } from '../shared/sync/protocol';"],
  ['server', 'server/x.ts', "import { x } from 'pg';"],
];

describe('lint enforces the layers', () => {
  it.each(forbidden)('%s may not: %s ← %s', async (_layer, file, importLine) => {
    const errors = await layeringErrors(file, importLine);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/layering/);
  });

  it.each(allowed)('%s may: %s ← %s', async (_layer, file, importLine) => {
    expect(await layeringErrors(file, importLine)).toEqual([]);
  });
});
