/**
 * Evidence photos and screenshots as real image files, content-addressed by sha256.
 * A pool of a few hundred images serves any number of cases: cases reference pool images
 * by theme, so a million cases need no million files, and every EvidenceRef carries the
 * true hash, media type and size of the bytes the case service stores.
 */
import { createHash } from 'node:crypto';
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

export interface EvidencePool { images: EvidenceImage[] }

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

async function renderImage(theme: EvidenceTheme, seed: number, index: number, variant: number): Promise<EvidenceImage> {
  const spec: ThemeSpec = EVIDENCE_THEMES[theme];
  const rng = Prng.of(seed, 0xe71d, index);
  const svg = Buffer.from(renderSvg(SCENES[theme], rng, seed, index));
  const image = sharp(svg);
  const bytes = spec.format === 'png'
    ? await image.png({ compressionLevel: 9 }).toBuffer()
    : await image.jpeg({ quality: 78, mozjpeg: true }).toBuffer();
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
export async function generateEvidencePool(opts: { seed?: number; size?: number }): Promise<EvidencePool> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const size = Math.max(THEME_NAMES.length, opts.size ?? DEFAULT_POOL_SIZE);
  const images: EvidenceImage[] = [];
  const concurrency = 4;
  for (let start = 0; start < size; start += concurrency) {
    const batch: Array<Promise<EvidenceImage>> = [];
    for (let i = start; i < Math.min(size, start + concurrency); i++) {
      const theme = THEME_NAMES[i % THEME_NAMES.length] as EvidenceTheme;
      batch.push(renderImage(theme, seed, i, Math.floor(i / THEME_NAMES.length)));
    }
    images.push(...(await Promise.all(batch)));
  }
  return { images };
}

/** Pool images grouped by theme, built once per generator run. */
export class EvidenceIndex {
  private readonly byTheme = new Map<string, EvidenceImage[]>();

  constructor(pool: EvidencePool) {
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

  /** The first image of a theme: fixed evidence for the typical complaints. */
  first(theme: EvidenceTheme, nth = 0): EvidenceRef {
    const list = this.byTheme.get(theme) as EvidenceImage[];
    return toRef(list[nth % list.length] as EvidenceImage);
  }
}

export function toRef(image: EvidenceImage): EvidenceRef {
  return { sha256: image.sha256, mediaType: image.mediaType, party: image.party, caption: image.caption, bytes: image.bytes.length };
}
