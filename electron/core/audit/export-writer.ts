/** Writes the audit log export file (docs/audit-export.md) that `verifyExportFile` reads. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ExportHeader } from './export-file';

export type ExportItem = { entry: Uint8Array } | { checkpoint: string };

/** Header, items in log order (each entry in its canonical bytes), end line; resolves once on disk. */
export async function writeExportFile(path: string, header: ExportHeader, items: Iterable<ExportItem> | AsyncIterable<ExportItem>): Promise<{ entries: number; checkpoints: number }> {
  const out = createWriteStream(path, { mode: 0o600 });
  const write = async (chunk: string | Uint8Array) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  let entries = 0;
  let checkpoints = 0;
  try {
    await write(`${JSON.stringify(header)}\n`);
    for await (const item of items) {
      if ('entry' in item) {
        await write(item.entry);
        await write('\n');
        entries++;
      } else {
        await write(`${JSON.stringify({ checkpoint: item.checkpoint })}\n`);
        checkpoints++;
      }
    }
    await write(`${JSON.stringify({ end: { entries, checkpoints } })}\n`);
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { entries, checkpoints };
}
