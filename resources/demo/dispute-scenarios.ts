/**
 * The stories behind refund disputes (domain.md): quality defects, transit damage, false
 * live-room claims, the guarantee claims of the 安心购 bundle, and the abuse the platform
 * fights (wear-and-return, "not received" refund-only, zero-yuan purchase, shipping-
 * insurance arbitrage). Each story says who asks what, what both sides say and show.
 */
import type { AfterSaleType, Guarantee, ProductCategory } from '../../shared/domain';
import type { Product } from './catalog';
import { DAY_MS, HOUR_MS } from './case-common';
import type { EvidenceTheme } from './evidence';

export interface StoryText { title: string; paid: string; asked: string; weight: number; defect: string }

export interface DisputeScenario {
  name: string;
  weight: number;
  applies: (category: ProductCategory, product: Product, guarantees: readonly Guarantee[]) => boolean;
  /** Request types with weights. */
  types: ReadonlyArray<readonly [AfterSaleType, number]>;
  reason: string;
  /** How long the buyer had the goods before asking. */
  heldMs: readonly [number, number];
  /** Draws a repeat disputer (some of whom are flagged malicious). */
  suspicious: boolean;
  /** The item went back to the merchant; `empty` is an arbitrage parcel with nothing in it. */
  returned: 'no' | 'yes' | 'empty';
  /** A refund-only request for part of the price. */
  partialShare?: readonly [number, number];
  unsigned?: boolean;
  buyer: (t: StoryText) => string;
  merchant: (t: StoryText) => string;
  chat: ReadonlyArray<readonly ['buyer' | 'merchant', string]>;
  buyerEvidence: (category: ProductCategory, product: Product) => EvidenceTheme[];
  merchantEvidence: (product: Product) => EvidenceTheme[];
  platformEvidence?: EvidenceTheme[];
}

const physical = (c: ProductCategory) => c !== 'virtual';
const isShoe = (p: Product) => p.title.includes('鞋');
const isRod = (p: Product) => p.title.includes('竿');

/** What a buyer photographs when the item is defective or broken. */
export function damageTheme(category: ProductCategory, product: Product): EvidenceTheme {
  if (isRod(product)) return 'fishing_rod_broken_buyer';
  switch (category) {
    case 'apparel': case 'baby': return 'garment_stain';
    case 'food_fresh': return 'fruit_rotten';
    case 'digital_3c': case 'second_hand': return 'screen_cracked';
    case 'home': return 'vase_cracked';
    case 'plants': return 'plant_wilted';
    default: return 'parcel_damaged';
  }
}

const DEFECTS: Readonly<Record<ProductCategory, string>> = {
  apparel: '开线、起球，还有污渍', food_fresh: '部分已经腐烂', outdoor: '有断裂', digital_3c: '无法开机，屏幕有裂痕',
  beauty: '包装漏液', baby: '有刺鼻异味', home: '有裂纹', plants: '叶子发黄', jewelry: '佩戴两天就掉色',
  collectibles: '有明显划痕', virtual: '无法使用', second_hand: '成色与描述严重不符', other: '无法正常使用',
};

export const DISPUTE_SCENARIOS: readonly DisputeScenario[] = [
  {
    name: 'quality_defect', weight: 22, applies: physical,
    types: [['return_refund', 6], ['refund_only', 3], ['exchange', 1]], reason: '商品质量问题', heldMs: [2 * HOUR_MS, 10 * DAY_MS],
    suspicious: false, returned: 'yes', partialShare: [0.2, 0.5],
    buyer: (t) => `收到的${t.title}${t.defect}，是质量问题，申请${t.asked}，照片已上传。`,
    merchant: () => '发货前逐件质检，买家照片看不出是质量问题，怀疑是使用不当造成，不同意全额退款。',
    chat: [['buyer', '东西有问题，怎么处理？'], ['merchant', '亲，麻烦提供一下照片哦'], ['buyer', '照片发你了，你看看'], ['merchant', '这个是使用造成的，不属于质量问题呢']],
    buyerEvidence: (c, p) => [damageTheme(c, p), 'chat_buyer'], merchantEvidence: () => ['parcel_packed', 'chat_merchant'],
  },
  {
    name: 'transit_damage', weight: 12, applies: (c, _p, g) => physical(c) && g.includes('breakage_return'),
    types: [['refund_only', 5], ['return_refund', 5]], reason: '商品破损（坏损包退）', heldMs: [1 * HOUR_MS, 2 * DAY_MS],
    suspicious: false, returned: 'no',
    buyer: (t) => `快递送到时外箱就压坏了，${t.title}摔坏了，订单有坏损包退，要求退款。`,
    merchant: () => '我们发货时气泡膜加固、包装完好，破损是快递运输造成，应由快递公司赔付，不应由商家全额承担。',
    chat: [['buyer', '收到就是坏的，箱子都压扁了'], ['merchant', '发货时是好的，您有拆箱视频吗？'], ['buyer', '有照片，箱子破成这样']],
    buyerEvidence: (c, p) => ['parcel_damaged', damageTheme(c, p)], merchantEvidence: () => ['parcel_packed'], platformEvidence: ['shipping_label'],
  },
  {
    name: 'live_claim_mismatch', weight: 10, applies: physical,
    types: [['return_refund', 7], ['refund_only', 3]], reason: '与直播间描述不符', heldMs: [6 * HOUR_MS, 6 * DAY_MS],
    suspicious: false, returned: 'yes', partialShare: [0.3, 0.6],
    buyer: (t) => `主播在直播间说${t.title}是进口原装、材质100%，收到后标签和说的不一样，属于虚假宣传。`,
    merchant: () => '商品详情页已如实标注材质与产地，主播口误不代表商品描述，商品本身没有问题。',
    chat: [['buyer', '直播间说的是纯的，标签不是'], ['merchant', '详情页写得很清楚哦'], ['buyer', '我是看直播买的']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['chat_merchant'], platformEvidence: ['live_capture', 'listing_capture'],
  },
  {
    name: 'not_received', weight: 8, applies: physical,
    types: [['refund_only', 1]], reason: '未收到货', heldMs: [1 * DAY_MS, 5 * DAY_MS],
    suspicious: true, returned: 'no', unsigned: false,
    buyer: () => '物流显示签收，但我本人根本没有收到，也没有人联系我，要求仅退款。',
    merchant: () => '物流显示已签收并有签收记录，买家近期多次以未收到货为由申请仅退款，请平台核实。',
    chat: [['buyer', '我没收到货'], ['merchant', '物流显示已经签收了，您看下驿站'], ['buyer', '没有就是没有，退款']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['chat_merchant'], platformEvidence: ['shipping_label'],
  },
  {
    name: 'wear_and_return', weight: 14, applies: (c, p) => c === 'apparel' || (c === 'outdoor' && /鞋|衣/.test(p.title)),
    types: [['return_refund', 1]], reason: '七天无理由退货', heldMs: [5 * DAY_MS, 7 * DAY_MS - HOUR_MS],
    suspicious: true, returned: 'yes',
    buyer: () => '尺码不合适，七天内申请退货，符合七天无理由，商家拒绝退款。',
    merchant: () => '退回的商品有明显穿着痕迹，吊牌已剪、鞋底磨损，已影响二次销售，不符合七天无理由退货条件。',
    chat: [['buyer', '不合适，退了'], ['merchant', '亲，收到的货已经穿过了，没法二次销售'], ['buyer', '我就试了一下']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: (p) => (isShoe(p) ? ['shoe_soles_worn', 'shoes_new'] : ['garment_worn']),
  },
  {
    name: 'no_reason_return', weight: 10, applies: (_c, _p, g) => g.includes('seven_day_no_reason'),
    types: [['return_refund', 1]], reason: '七天无理由退货', heldMs: [1 * DAY_MS, 7 * DAY_MS - HOUR_MS],
    suspicious: false, returned: 'yes',
    buyer: () => '不喜欢，在七天内申请无理由退货，已经寄回。',
    merchant: () => '退回商品包装缺失、配件不全，影响二次销售，只同意部分退款。',
    chat: [['buyer', '已寄回，请尽快退款'], ['merchant', '收到了，但是配件少了']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['return_weighing', 'chat_merchant'],
  },
  {
    name: 'fresh_damaged', weight: 40, applies: (_c, _p, g) => g.includes('damaged_fresh'),
    types: [['refund_only', 1]], reason: '生鲜坏果（坏单包赔）', heldMs: [1 * HOUR_MS, 36 * HOUR_MS],
    suspicious: false, returned: 'no', partialShare: [0.2, 0.6],
    buyer: (t) => `签收后打开就发现${t.title}有坏的，申请按坏单包赔退${t.asked}。`,
    merchant: () => '冷链发货、全程保温，买家签收后放置时间过长才反馈，且坏果比例被夸大。',
    chat: [['buyer', '坏了好几个'], ['merchant', '亲，麻烦把坏果和好果一起拍照'], ['buyer', '拍了，你看']],
    buyerEvidence: () => ['fruit_rotten'], merchantEvidence: () => ['parcel_packed'],
  },
  {
    name: 'allergy', weight: 35, applies: (_c, _p, g) => g.includes('allergy_return'),
    types: [['return_refund', 6], ['refund_only', 4]], reason: '使用后过敏（过敏包退）', heldMs: [1 * DAY_MS, 55 * DAY_MS],
    suspicious: false, returned: 'yes',
    buyer: () => '用了两天脸上就红肿发痒，订单有过敏包退，要求退款。',
    merchant: () => '商品已用掉大半，买家未提供医院诊断证明，无法证明过敏与本产品有关。',
    chat: [['buyer', '用了过敏了'], ['merchant', '亲，有医院的诊断吗？'], ['buyer', '过敏包退还要诊断？']],
    buyerEvidence: () => ['skin_allergy'], merchantEvidence: () => ['chat_merchant'],
  },
  {
    name: 'dead_plant', weight: 45, applies: (_c, _p, g) => g.includes('dead_plant'),
    types: [['refund_only', 1]], reason: '绿植死亡（养死包赔）', heldMs: [2 * DAY_MS, 25 * DAY_MS],
    suspicious: false, returned: 'no', partialShare: [0.5, 1],
    buyer: () => '按说明养护，不到两周就枯死了，订单有养死包赔。',
    merchant: () => '买家浇水过多导致烂根，不属于养死包赔范围，已提供养护指导。',
    chat: [['buyer', '叶子全黄了'], ['merchant', '浇水太勤了，要见干见湿哦'], ['buyer', '已经死了']],
    buyerEvidence: () => ['plant_wilted'], merchantEvidence: () => ['chat_merchant'],
  },
  {
    name: 'insurance_arbitrage', weight: 6, applies: (c, _p, g) => physical(c) && g.includes('shipping_insurance'),
    types: [['return_refund', 1]], reason: '不想要了', heldMs: [1 * DAY_MS, 6 * DAY_MS],
    suspicious: true, returned: 'empty',
    buyer: () => '不想要了，已经按要求寄回，商家收到后拒绝退款。',
    merchant: (t) => `退回包裹称重仅${t.weight}克，里面没有商品，疑似利用运费险差价套利，请平台核实。`,
    chat: [['buyer', '寄回了，单号发你了'], ['merchant', '收到的是空包裹'], ['buyer', '我寄的时候东西在里面']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['return_weighing', 'chat_merchant'], platformEvidence: ['shipping_label'],
  },
  {
    name: 'fake_suspected', weight: 8, applies: (c, _p, g) => g.includes('authenticity') && ['digital_3c', 'beauty', 'jewelry', 'collectibles', 'second_hand', 'apparel'].includes(c),
    types: [['return_refund', 1]], reason: '疑似假货（正品保障）', heldMs: [1 * DAY_MS, 6 * DAY_MS],
    suspicious: false, returned: 'yes',
    buyer: () => '和专柜买的对比，包装和做工都有差异，怀疑不是正品，订单有正品保障。',
    merchant: () => '我们有品牌授权书和进货凭证，商品为正品，包装差异是批次不同。',
    chat: [['buyer', '这是正品吗？'], ['merchant', '保证正品，有授权'], ['buyer', '和专柜的不一样']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['chat_merchant'], platformEvidence: ['counterfeit_compare'],
  },
  {
    name: 'virtual_not_credited', weight: 100, applies: (c) => c === 'virtual',
    types: [['refund_only', 1]], reason: '充值未到账', heldMs: [10 * 60_000, 2 * DAY_MS],
    suspicious: false, returned: 'no',
    buyer: () => '付款后一直没到账，联系客服也没人处理。',
    merchant: () => '系统记录显示已充值成功，有充值流水，买家账号已到账。',
    chat: [['buyer', '没到账'], ['merchant', '系统显示已成功充值'], ['buyer', '我这边没有']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['chat_merchant'],
  },
  {
    name: 'zero_yuan_purchase', weight: 5, applies: physical,
    types: [['refund_only', 1]], reason: '商品有瑕疵', heldMs: [2 * HOUR_MS, 3 * DAY_MS],
    suspicious: true, returned: 'no',
    buyer: () => '商品有瑕疵，要求仅退款，不想再寄回来回折腾。',
    merchant: () => '买家签收后即申请仅退款、不退回商品，近30天在多家店铺有同类操作，疑似"零元购"。',
    chat: [['buyer', '有瑕疵，仅退款'], ['merchant', '请拍一下瑕疵的位置'], ['buyer', '你退不退吧']],
    buyerEvidence: () => ['chat_buyer'], merchantEvidence: () => ['chat_merchant'],
  },
];

export function defectOf(category: ProductCategory): string {
  return DEFECTS[category];
}
