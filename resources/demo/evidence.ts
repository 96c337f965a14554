/**
 * Evidence photos and screenshots as real image files, content-addressed by sha256.
 * A pool of a few hundred images serves any number of cases: cases reference pool images
 * by theme, so a million cases need no million files, and every EvidenceRef carries the
 * true hash, media type and size of the bytes the case service stores.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { EvidenceRef } from '../../shared/domain';
import { Prng } from './prng';
import { SCENES, renderSvg } from './evidence-art';

export interface EvidenceImage {
  sha256: string;
  mediaType: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  caption: string;
  party: 'buyer' | 'merchant' | 'platform';
  theme: string;
}

/** A short video clip (WebM, a few KB) from `clips/`, made by `scripts/make-demo-clips.ts`. */
export interface EvidenceClip {
  sha256: string;
  mediaType: 'video/webm';
  bytes: Buffer;
  caption: string;
  party: 'buyer' | 'merchant';
  name: ClipName;
}

export interface EvidencePool {
  images: EvidenceImage[];
  /** Present when the pool was made with `clips: true` (the demo loader's): disputes then cite them. */
  clips?: EvidenceClip[];
}

export const DEMO_CLIPS = {
  'unboxing-cracked': { party: 'buyer', caption: '开箱视频：外壳碎裂' },
  'return-weighing': { party: 'merchant', caption: '退货到仓称重视频' },
  'item-turned': { party: 'buyer', caption: '商品细节视频' },
} as const;
export type ClipName = keyof typeof DEMO_CLIPS;

export function loadDemoClips(): EvidenceClip[] {
  return (Object.keys(DEMO_CLIPS) as ClipName[]).map((name) => {
    const bytes = readFileSync(fileURLToPath(new URL(`./clips/${name}.webm`, import.meta.url)));
    return { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'video/webm', bytes, caption: DEMO_CLIPS[name].caption, party: DEMO_CLIPS[name].party, name };
  });
}

/** Editing software some photos name in their EXIF (ASCII, as EXIF writes it). */
const EDITORS = ['Adobe Photoshop Lightroom 9.0', 'Snapseed 2.21', 'Meitu 10.3.0'];

interface ThemeSpec {
  party: EvidenceImage['party'];
  /** The caption staff read beside the image. */
  caption: string;
  /** Screenshots are PNG, camera photos JPEG. */
  format: 'jpeg' | 'png';
}

export const EVIDENCE_THEMES = {
  shoe_soles_worn: { party: 'merchant', caption: '退回鞋子鞋底明显磨损（商家收货拍摄）', format: 'jpeg' },
  shoes_new: { party: 'merchant', caption: '发货前鞋子全新、吊牌完整', format: 'jpeg' },
  fishing_rod_broken_buyer: { party: 'buyer', caption: '收到的鱼竿断成两截', format: 'jpeg' },
  fishing_rod_broken_merchant: { party: 'merchant', caption: '退回鱼竿断口有挤压痕迹，非运输或质量问题', format: 'jpeg' },
  parcel_damaged: { party: 'buyer', caption: '快递外箱破损变形', format: 'jpeg' },
  parcel_packed: { party: 'merchant', caption: '发货前打包照片：气泡膜加固', format: 'jpeg' },
  shipping_label: { party: 'platform', caption: '隐私面单（收件人电话已打码）', format: 'jpeg' },
  return_weighing: { party: 'merchant', caption: '退货包裹到仓称重', format: 'jpeg' },
  vase_cracked: { party: 'buyer', caption: '签收后发现商品有裂纹', format: 'jpeg' },
  skin_allergy: { party: 'buyer', caption: '使用后面部泛红过敏', format: 'jpeg' },
  plant_wilted: { party: 'buyer', caption: '绿植到货后叶片枯黄', format: 'jpeg' },
  fruit_rotten: { party: 'buyer', caption: '生鲜到货腐烂', format: 'jpeg' },
  screen_cracked: { party: 'buyer', caption: '屏幕碎裂', format: 'jpeg' },
  garment_stain: { party: 'buyer', caption: '衣物有污渍', format: 'jpeg' },
  garment_worn: { party: 'merchant', caption: '退回衣物有穿着痕迹、吊牌已剪', format: 'jpeg' },
  chat_buyer: { party: 'buyer', caption: '买家与商家的聊天记录截图', format: 'png' },
  chat_merchant: { party: 'merchant', caption: '商家客服聊天记录截图', format: 'png' },
  penalty_notice: { party: 'merchant', caption: '平台处罚通知截图', format: 'png' },
  live_capture: { party: 'platform', caption: '直播间录屏截图', format: 'png' },
  listing_capture: { party: 'platform', caption: '商品详情页截图', format: 'png' },
  counterfeit_compare: { party: 'platform', caption: '正品与疑似仿品对比', format: 'jpeg' },
  blind_box: { party: 'platform', caption: '盲盒拆箱视频截图', format: 'jpeg' },
  inspection_report: { party: 'platform', caption: '抽检报告：不合格项', format: 'png' },
  item_damaged_return: { party: 'merchant', caption: '退回商品外壳碎裂（商家开箱视频截图）', format: 'jpeg' },
} as const satisfies Record<keyof typeof SCENES, ThemeSpec>;

export type EvidenceTheme = keyof typeof EVIDENCE_THEMES;
export const THEME_NAMES = Object.keys(EVIDENCE_THEMES) as EvidenceTheme[];

export const DEFAULT_POOL_SIZE = 240;
const DEFAULT_SEED = 20_250_101;

/**
 * EXIF of a camera photo taken shortly before `capturedBefore`: the capture time (China time,
 * with its offset on most phones, without on some cameras), and now and then an editor.
 */
function cameraExif(seed: number, index: number, capturedBefore: number): Record<string, Record<string, string>> {
  const rng = Prng.of(seed, 0xe71f, index);
  const wall = new Date(capturedBefore - rng.int(5, 50) * 60_000 + 8 * 3_600_000).toISOString();
  const exif = `${wall.slice(0, 10).replaceAll('-', ':')} ${wall.slice(11, 19)}`;
  const photo: Record<string, string> = { DateTimeOriginal: exif };
  if (rng.chance(0.7)) photo.OffsetTimeOriginal = '+08:00';
  const ifd0: Record<string, string> = { Make: rng.pick(['HUAWEI', 'Xiaomi', 'OPPO', 'vivo', 'Apple']) };
  if (rng.chance(0.12)) ifd0.Software = rng.pick(EDITORS);
  return { IFD0: ifd0, IFD2: photo };
}

async function renderImage(theme: EvidenceTheme, seed: number, index: number, variant: number, capturedBefore?: number): Promise<EvidenceImage> {
  const spec: ThemeSpec = EVIDENCE_THEMES[theme];
  const rng = Prng.of(seed, 0xe71d, index);
  const svg = Buffer.from(renderSvg(SCENES[theme], rng, seed, index));
  const image = sharp(svg);
  const jpeg = image.jpeg({ quality: 78, mozjpeg: true });
  const bytes = spec.format === 'png'
    ? await image.png({ compressionLevel: 9 }).toBuffer()
    : await (capturedBefore === undefined ? jpeg : jpeg.withExif(cameraExif(seed, index, capturedBefore))).toBuffer();
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mediaType: spec.format === 'png' ? 'image/png' : 'image/jpeg',
    bytes,
    caption: variant === 0 ? spec.caption : `${spec.caption}（${variant + 1}）`,
    party: spec.party,
    theme,
  };
}

/**
 * Renders `size` images (at least one per theme), themes in turn, a few at a time so the
 * machine's cores stay shared. The same seed and size give byte-identical images with one
 * version of sharp.
 */
export async function generateEvidencePool(opts: {
  seed?: number;
  size?: number;
  /** Camera photos get EXIF with a capture time shortly before this (UTC ms); without it, none. */
  capturedBefore?: number;
  /** Add the demo's video clips. */
  clips?: boolean;
}): Promise<EvidencePool> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const size = Math.max(THEME_NAMES.length, opts.size ?? DEFAULT_POOL_SIZE);
  const images: EvidenceImage[] = [];
  const concurrency = 4;
  for (let start = 0; start < size; start += concurrency) {
    const batch: Array<Promise<EvidenceImage>> = [];
    for (let i = start; i < Math.min(size, start + concurrency); i++) {
      const theme = THEME_NAMES[i % THEME_NAMES.length] as EvidenceTheme;
      batch.push(renderImage(theme, seed, i, Math.floor(i / THEME_NAMES.length), opts.capturedBefore));
    }
    images.push(...(await Promise.all(batch)));
  }
  return opts.clips ? { images, clips: loadDemoClips() } : { images };
}

/** Pool images grouped by theme, built once per generator run. */
export class EvidenceIndex {
  private readonly byTheme = new Map<string, EvidenceImage[]>();
  private readonly clips = new Map<ClipName, EvidenceClip>();

  constructor(pool: EvidencePool) {
    for (const clip of pool.clips ?? []) this.clips.set(clip.name, clip);
    for (const image of pool.images) {
      const list = this.byTheme.get(image.theme) ?? [];
      list.push(image);
      this.byTheme.set(image.theme, list);
    }
    const missing = THEME_NAMES.filter((t) => !this.byTheme.has(t));
    if (missing.length > 0) throw new Error(`evidence pool lacks themes: ${missing.join(', ')} (build it with generateEvidencePool)`);
  }

  /** One image of the theme, as a case references it. */
  ref(theme: EvidenceTheme, rng: Prng): EvidenceRef {
    return toRef(rng.pick(this.byTheme.get(theme) as EvidenceImage[]));
  }

  /** A clip as a case cites it; null when the pool has no clips. */
  clip(name: ClipName): EvidenceRef | null {
    const c = this.clips.get(name);
    return c ? { sha256: c.sha256, mediaType: c.mediaType, party: c.party, caption: c.caption, bytes: c.bytes.length } : null;
  }

  /** The first image of a theme: fixed evidence for the typical complaints. */
  first(theme: EvidenceTheme, nth = 0): EvidenceRef {
    const list = this.byTheme.get(theme) as EvidenceImage[];
    return toRef(list[nth % list.length] as EvidenceImage);
  }
}

export function toRef(image: EvidenceImage): EvidenceRef {
  return { sha256: image.sha256, mediaType: image.mediaType, party: image.party, caption: image.caption, bytes: image.bytes.length };
}
