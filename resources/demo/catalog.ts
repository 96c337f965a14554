/**
 * What merchants sell in the demo: product titles per category with plausible prices and
 * parcel weights, the deposit each category asks, and the 安心购 guarantees an order of
 * that product may carry (domain.md: perishable fresh goods have no 7-day no-reason return;
 * allergy return is for beauty, personal care and baby goods; breakage return for all but
 * virtual and second-hand goods; dead-plant compensation for potted plants).
 */
import type { Guarantee, ProductCategory } from '../../shared/domain';
import type { Prng } from './prng';

export interface Product {
  title: string;
  /** Price range in fen: integer money from the start. */
  minFen: number;
  maxFen: number;
  /** Shipping weight in grams, used to judge the weight of a return parcel. */
  weightGrams: number;
  /** Perishable fresh goods: excluded from 7-day no-reason returns, covered by 坏单包赔. */
  perishable?: boolean;
  /** A potted plant: covered by 养死包赔. */
  potted?: boolean;
}

const p = (title: string, minYuan: number, maxYuan: number, weightGrams: number, flags: Partial<Pick<Product, 'perishable' | 'potted'>> = {}): Product => ({
  title, minFen: minYuan * 100, maxFen: maxYuan * 100, weightGrams, ...flags,
});

export const PRODUCTS: Readonly<Record<ProductCategory, readonly Product[]>> = {
  apparel: [
    p('春秋款百搭休闲运动鞋男女同款', 89, 399, 900),
    p('真皮软底妈妈鞋防滑单鞋', 129, 459, 800),
    p('加厚保暖羽绒服女中长款', 299, 1299, 1200),
    p('纯棉宽松短袖T恤三件装', 49, 129, 500),
    p('高腰显瘦阔腿牛仔裤', 79, 259, 600),
    p('真丝印花连衣裙气质款', 199, 899, 400),
    p('羊毛混纺针织开衫', 159, 599, 550),
  ],
  food_fresh: [
    p('烟台红富士苹果现摘5斤装', 29, 69, 2800, { perishable: true }),
    p('鲜活大闸蟹公母各4只礼盒', 168, 588, 2500, { perishable: true }),
    p('海南贵妃芒果新鲜当季3斤', 25, 59, 1700, { perishable: true }),
    p('冷冻黑虎虾大号1kg', 79, 199, 1300, { perishable: true }),
    p('丹东99草莓礼盒装2斤', 59, 169, 1200, { perishable: true }),
    p('每日坚果混合装30包', 49, 129, 800),
    p('手工老红糖块500g', 19, 49, 600),
    p('五常稻花香大米10斤', 49, 119, 5200),
  ],
  outdoor: [
    p('碳素台钓竿超轻超硬5.4米', 89, 1299, 700),
    p('海钓远投竿套装含渔轮', 159, 899, 1500),
    p('自动速开帐篷3-4人防雨', 199, 799, 4200),
    p('户外折叠露营椅月亮椅', 69, 259, 1800),
    p('防水登山鞋男款徒步鞋', 199, 699, 1300),
    p('冲锋衣三合一可拆卸内胆', 259, 1299, 1400),
  ],
  digital_3c: [
    p('蓝牙耳机降噪半入耳式', 99, 899, 250),
    p('二合一快充充电宝20000毫安', 69, 199, 450),
    p('智能手表血氧心率监测', 199, 1599, 300),
    p('便携蓝牙音箱户外防水', 129, 699, 700),
    p('平板电脑10.1英寸学习机', 699, 2999, 900),
    p('5G智能手机256G全网通', 1299, 6999, 500),
  ],
  beauty: [
    p('玻尿酸补水保湿面霜50g', 69, 399, 200),
    p('烟酰胺美白精华液30ml', 99, 599, 150),
    p('氨基酸温和洁面乳', 39, 129, 200),
    p('持久不脱色哑光口红', 59, 329, 80),
    p('防晒霜SPF50+清爽不油腻', 49, 229, 120),
  ],
  baby: [
    p('婴儿纸尿裤L码100片', 89, 219, 2300),
    p('宝宝润肤霜儿童面霜', 39, 129, 150),
    p('儿童羽绒服连帽加厚', 159, 499, 700),
    p('婴儿防胀气奶瓶宽口径', 59, 189, 300),
    p('宝宝辅食米粉高铁营养', 49, 129, 500),
  ],
  home: [
    p('手绘陶瓷花瓶客厅摆件', 59, 399, 1600),
    p('全棉四件套床上用品', 129, 599, 2200),
    p('不粘锅炒锅家用燃气电磁炉通用', 89, 399, 1900),
    p('记忆棉护颈枕头', 69, 299, 1300),
    p('玻璃保鲜盒十件套', 49, 159, 2400),
    p('北欧风实木小边几', 129, 699, 6500),
  ],
  plants: [
    p('琴叶榕大盆栽室内绿植', 69, 299, 6000, { potted: true }),
    p('多肉植物组合盆栽带盆', 19, 89, 900, { potted: true }),
    p('发财树办公室开业盆栽', 99, 499, 8000, { potted: true }),
    p('兰花蝴蝶兰年宵花带花苞', 79, 399, 2500, { potted: true }),
    p('绿萝水培吊兰套装', 15, 59, 1100, { potted: true }),
  ],
  jewelry: [
    p('足金999古法手镯', 2999, 19999, 150),
    p('天然和田玉平安扣吊坠', 199, 3999, 80),
    p('925银锁骨链女款', 69, 299, 50),
    p('淡水珍珠耳钉', 49, 399, 40),
    p('翡翠手镯A货带证书', 999, 29999, 200),
  ],
  collectibles: [
    p('原创潮玩盲盒整盒12只', 299, 899, 1500),
    p('限量版手办正版授权', 199, 2999, 900),
    p('老银元收藏纪念币', 99, 1999, 100),
    p('卡牌补充包整盒', 99, 699, 600),
  ],
  virtual: [
    p('游戏点卡100元直充', 95, 100, 0),
    p('视频会员年卡', 128, 248, 0),
    p('话费充值200元', 196, 200, 0),
  ],
  second_hand: [
    p('二手iPhone 95新国行', 1599, 5999, 500),
    p('二手单反相机机身成色9成', 1999, 7999, 1200),
    p('二手奢侈品包包中古', 1999, 19999, 1500),
  ],
  other: [
    p('宠物冻干猫粮1.5kg', 69, 239, 1700),
    p('汽车座椅靠垫夏季凉垫', 59, 259, 1500),
    p('办公文具套装', 19, 89, 700),
    p('电动牙刷声波款', 99, 499, 400),
    p('车载手机支架', 19, 99, 200),
  ],
};

/** Deposit per category in yuan, after the 2024 cuts; individual stores post half. */
const DEPOSIT_YUAN: Readonly<Record<ProductCategory, number>> = {
  apparel: 2000, food_fresh: 2000, outdoor: 2000, digital_3c: 5000, beauty: 5000, baby: 5000, home: 2000,
  plants: 1000, jewelry: 10000, collectibles: 5000, virtual: 2000, second_hand: 5000, other: 2000,
};

export function depositFen(category: ProductCategory, individual: boolean): number {
  const yuan = DEPOSIT_YUAN[category];
  return (individual ? yuan / 2 : yuan) * 100;
}

/** A price a store would list: ends in .00, .90, .99 or .80. */
export function pricedFen(product: Product, rng: Prng): number {
  const yuan = rng.int(Math.floor(product.minFen / 100), Math.floor(product.maxFen / 100));
  const cents = rng.pick([0, 0, 90, 99, 80]);
  if (yuan * 100 + cents > product.maxFen || yuan <= 1) return yuan * 100;
  return yuan * 100 + cents;
}

/** Whether a guarantee may appear on an order of this product (the law and the programme's terms). */
export function guaranteeApplies(g: Guarantee, category: ProductCategory, product: Product): boolean {
  const physical = category !== 'virtual';
  switch (g) {
    case 'seven_day_no_reason': return physical && !product.perishable;
    case 'authenticity': return category !== 'plants' && category !== 'food_fresh';
    case 'express_refund': return physical;
    case 'shipping_insurance': return physical;
    case 'door_pickup': return physical;
    case 'damaged_fresh': return category === 'food_fresh' && product.perishable === true;
    case 'allergy_return': return category === 'beauty' || category === 'baby';
    case 'breakage_return': return category !== 'virtual' && category !== 'second_hand';
    case 'dead_plant': return category === 'plants' && product.potted === true;
    case 'live_truthfulness': return true;
  }
}

/** How often a merchant of the programme opts into each guarantee when it applies. */
const GUARANTEE_UPTAKE: Readonly<Record<Guarantee, number>> = {
  seven_day_no_reason: 0.92, authenticity: 0.45, express_refund: 0.7, shipping_insurance: 0.65, door_pickup: 0.35,
  damaged_fresh: 0.95, allergy_return: 0.85, breakage_return: 0.75, dead_plant: 0.9, live_truthfulness: 0.3,
};

const GUARANTEE_ORDER: readonly Guarantee[] = [
  'seven_day_no_reason', 'authenticity', 'express_refund', 'shipping_insurance', 'door_pickup',
  'damaged_fresh', 'allergy_return', 'breakage_return', 'dead_plant', 'live_truthfulness',
];

/** The 安心购 bundle on one order; live truthfulness only when it was sold in a live room. */
export function drawGuarantees(category: ProductCategory, product: Product, soldLive: boolean, rng: Prng): Guarantee[] {
  return GUARANTEE_ORDER.filter((g) => {
    if (!guaranteeApplies(g, category, product)) return false;
    if (g === 'live_truthfulness' && !soldLive) return false;
    // Door pickup comes with shipping insurance in the programme; never alone.
    return rng.chance(GUARANTEE_UPTAKE[g]);
  }).filter((g, _i, all) => g !== 'door_pickup' || all.includes('shipping_insurance'));
}
