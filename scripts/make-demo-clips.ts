/**
 * Makes the demo's evidence clips (`resources/demo/clips/*.webm`): a few seconds of a drawn
 * scene each, recorded from a canvas by Chromium's MediaRecorder (VP8 in WebM), small enough
 * to ship in the repository. Run again only to change them:
 *   npx tsx scripts/make-demo-clips.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT } from './paths';

/** Name → what the clip shows (drawn, not filmed): a parcel opened, a cracked item turned, a scale. */
const CLIPS = {
  'unboxing-cracked': { hue: 28, label: '开箱：外壳碎裂' },
  'return-weighing': { hue: 200, label: '退货称重 0.38 kg' },
  'item-turned': { hue: 120, label: '商品细节 360°' },
} as const;

/** Runs in the page: draws the scene for 3 s on a canvas and records it. */
const RECORD = `async ({ hue, label }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const g = canvas.getContext('2d');
      const stream = canvas.captureStream(15);
      const rec = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 60_000 });
      const chunks = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      const done = new Promise((r) => (rec.onstop = () => r()));
      rec.start();
      const start = performance.now();
      await new Promise((r) => {
        const frame = () => {
          const t = (performance.now() - start) / 1000;
          g.fillStyle = \`hsl(\${hue},35%,82%)\`;
          g.fillRect(0, 0, 320, 240);
          g.save();
          g.translate(160, 110);
          g.rotate(t * 0.8);
          g.fillStyle = \`hsl(\${hue},45%,45%)\`;
          g.fillRect(-50, -35, 100, 70);
          g.strokeStyle = '#222';
          g.lineWidth = 3;
          g.beginPath();
          g.moveTo(-40, -20);
          g.lineTo(5, 5);
          g.lineTo(-10, 30);
          g.stroke();
          g.restore();
          g.fillStyle = '#123';
          g.font = '20px sans-serif';
          g.fillText(\`\${label}  \${t.toFixed(1)}s\`, 14, 226);
          if (t < 3) requestAnimationFrame(frame);
          else r();
        };
        frame();
      });
      rec.stop();
      await done;
      const buf = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
      let s = '';
      for (const x of buf) s += String.fromCharCode(x);
      return btoa(s);
}`;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  for (const [name, clip] of Object.entries(CLIPS)) {
    // As text: the TypeScript runner adds helpers to functions that do not exist in the page.
    const b64 = (await page.evaluate(`(${RECORD})(${JSON.stringify(clip)})`)) as string;
    const bytes = Buffer.from(b64, 'base64');
    writeFileSync(join(ROOT, 'resources', 'demo', 'clips', `${name}.webm`), bytes);
    console.log(`${name}.webm: ${bytes.length} bytes`);
  }
  await browser.close();
}

void main();
