/**
 * A generated set of buyer and merchant statements and chat lines, as people type them, with
 * and without personal data, and with the numbers that look like it but are not (order,
 * waybill and product numbers, amounts, dates, landlines, 11-digit codes). Each line knows
 * where its personal data is, so the masker's precision and recall can be measured.
 */
import { findPersonalData, luhnValid, residentIdCheckChar, type PersonalDataKind } from '../../shared/privacy';
import { Prng } from './prng';

export interface PlantedValue {
  kind: PersonalDataKind;
  /** What must be masked (an address: the part below the district). */
  start: number;
  end: number;
}

export interface CorpusLine {
  text: string;
  planted: PlantedValue[];
}

const PHONE_PREFIXES = ['130', '131', '133', '135', '136', '137', '138', '139', '150', '151', '155', '158', '159', '166', '173', '177', '180', '181', '186', '187', '188', '189', '191', '199'];
/** Province, city and districts: where parcels go. */
const PLACES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区']], ['广东省', '广州市', ['天河区', '海珠区', '白云区']],
  ['浙江省', '杭州市', ['西湖区', '余杭区', '滨江区']], ['江苏省', '苏州市', ['工业园区', '姑苏区', '吴中区']],
  ['山东省', '青岛市', ['市南区', '崂山区', '黄岛区']], ['四川省', '成都市', ['武侯区', '锦江区', '双流区']],
  ['湖北省', '武汉市', ['洪山区', '江汉区', '武昌区']], ['河南省', '郑州市', ['金水区', '中原区']],
  ['福建省', '厦门市', ['思明区', '湖里区']], ['', '北京市', ['朝阳区', '海淀区', '丰台区']], ['', '上海市', ['浦东新区', '徐汇区', '闵行区']],
  ['广西壮族自治区', '南宁市', ['青秀区', '西乡塘区']], ['河北省', '保定市', ['竞秀区', '莲池区']], ['安徽省', '合肥市', ['蜀山区', '包河区']],
];
const SUB_DISTRICTS = ['粤海街道', '西丽街道', '龙华镇', '城关镇', '新桥街道'];
const STREETS = ['科技园路', '深南大道', '中山路', '人民南路', '解放大街', '文三路', '建国路', '学府路', '长江路', '梧桐巷', '和平里胡同', '幸福村'];
const COMPOUNDS = ['阳光花园', '幸福小区', '碧桂园', '万科城', '锦绣家园', '金地公寓', '国贸大厦', '翠苑'];
const BANKS = ['工商银行', '建设银行', '农业银行', '招商银行', '中国银行'];
const CARD_PREFIXES = ['622202', '621700', '622848', '621483', '6217', '4367', '5187', '9558', '6259', '4033'];
const PRODUCTS = ['连衣裙', '蓝牙耳机', '榴莲', '婴儿奶粉', '保温杯', '口红', '运动鞋', '手机壳', '大闸蟹', '床上四件套', '多肉盆栽', '翡翠手镯'];
const CARRIERS = ['顺丰', '中通', '圆通', '韵达', '申通', '京东', '极兔', '邮政'];

/** A line being assembled: text with its planted values recorded as they are appended. */
class Line {
  text = '';
  planted: PlantedValue[] = [];
  add(s: string): this {
    this.text += s;
    return this;
  }
  plant(kind: PersonalDataKind, s: string, keep = ''): this {
    // `keep` is the visible head of an address (province to district).
    this.text += keep;
    this.planted.push({ kind, start: this.text.length, end: this.text.length + s.length });
    this.text += s;
    return this;
  }
}

function fullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

function phone(rng: Prng): string {
  const n = `${rng.pick(PHONE_PREFIXES)}${rng.digits(8)}`;
  const spelled = rng.weighted(SPELLINGS);
  const body = spelled === 'dash' ? `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}` : spelled === 'space' ? `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}` : n;
  const prefix = rng.chance(0.1) ? rng.pick(['+86 ', '+86-', '+86', '0086', '86']) : '';
  const out = prefix + body;
  return rng.chance(0.03) ? fullWidth(out) : out;
}
const SPELLINGS = (() => {
  const values = ['plain', 'dash', 'space'] as const;
  return { values, cumulative: [0.75, 0.88, 1] };
})();

function idNumber(rng: Prng): string {
  const born = `${rng.int(1955, 2006)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const first17 = `${rng.int(1, 6)}${rng.digits(5)}${born}${rng.digits(3)}`;
  const id = first17 + residentIdCheckChar(first17);
  return rng.chance(0.15) ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : id;
}

function cardNumber(rng: Prng): string {
  const length = rng.pick([16, 16, 19, 19, 19, 17, 18]);
  const head = rng.pick(CARD_PREFIXES);
  const partial = head + rng.digits(length - head.length - 1);
  const card = partial + ([...'0123456789'].find((d) => luhnValid(partial + d)) as string);
  return rng.chance(0.3) ? (card.match(/.{1,4}/g) as string[]).join(rng.pick([' ', '-'])) : card;
}

/** The visible head (province … district) and the part to mask. */
function address(rng: Prng): [string, string] {
  const [province, city, districts] = rng.pick(PLACES);
  const head = `${rng.chance(0.7) ? province : ''}${city}${rng.pick(districts)}`;
  const sub = rng.chance(0.2) ? rng.pick(SUB_DISTRICTS) : '';
  const house = rng.chance(0.1) ? rng.pick(['十二', '三十八', '一百零六', '八']) : String(rng.int(1, 999));
  const units = rng.chance(0.5) ? `${rng.int(1, 30)}栋${rng.chance(0.5) ? `${rng.int(1, 6)}单元` : ''}${rng.int(1, 33)}0${rng.int(1, 9)}${rng.chance(0.5) ? '室' : ''}` : '';
  const street = rng.chance(0.8)
    ? `${sub}${rng.pick(STREETS)}${house}号${rng.chance(0.3) ? rng.pick(COMPOUNDS) : ''}${units}`
    : `${sub}${rng.pick(COMPOUNDS)}${rng.int(1, 30)}${rng.pick(['栋', '号楼', '幢'])}${rng.int(1, 6)}单元${rng.int(1, 33)}0${rng.int(1, 9)}室`;
  return [head, street];
}

/** A whole delivery address, as a buyer's record carries it (parties.ts). */
export function deliveryAddress(rng: Prng): string {
  return address(rng).join('');
}

/** 19-digit order numbers, as the platform issues them: some pass Luhn by chance. */
const orderNumber = (rng: Prng) => `${rng.int(4, 6)}${rng.digits(18)}`;
function trackingNumber(rng: Prng): string {
  return rng.pick([`SF${rng.digits(13)}`, `YT${rng.digits(13)}`, `JT${rng.digits(13)}`, `7${rng.digits(13)}`, `4${rng.digits(12)}`, `${rng.digits(15)}`, `JDVA${rng.digits(11)}`]);
}
/** 11-digit numbers that are not mobile numbers: product codes, after-sale numbers, landlines. */
function elevenDigitCode(rng: Prng): string {
  return rng.pick([`10${rng.digits(9)}`, `12${rng.digits(9)}`, `${rng.int(2, 9)}${rng.digits(10)}`, `2026${rng.digits(7)}`]);
}
const amount = (rng: Prng) => rng.pick([`${rng.int(9, 3999)}元`, `¥${rng.int(9, 3999)}.${rng.digits(2)}`, `${rng.int(1, 99)}块`, `${rng.int(1000, 99999)}元`]);
const date = (rng: Prng) => rng.pick([`2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`, `${rng.int(1, 12)}月${rng.int(1, 28)}日`, `2026年${rng.int(1, 12)}月${rng.int(1, 28)}日 ${rng.int(8, 22)}:${rng.int(10, 59)}`, `20261${rng.int(0, 1)}${rng.digits(2)}${rng.digits(6)}`]);

type Piece = (l: Line, rng: Prng) => void;

/** Sentences that carry personal data. */
const SENSITIVE: readonly Piece[] = [
  (l, r) => l.add(`联系电话`).plant('phone', phone(r)).add('，有问题随时打给我。'),
  (l, r) => l.add('亲，我的手机号是').plant('phone', phone(r)).add('，方便的话加个微信'),
  (l, r) => l.add('快递员打').plant('phone', phone(r)).add('一直没人接，麻烦核实'),
  (l, r) => l.add('退款请直接打到我的').add(r.pick(BANKS)).add('卡').plant('bank_card', cardNumber(r)).add('，户名张女士。'),
  (l, r) => l.add('银行卡号：').plant('bank_card', cardNumber(r)),
  (l, r) => l.add('我是实名认证的，身份证号').plant('id_number', idNumber(r)).add('，不可能是恶意退款。'),
  (l, r) => l.add('身份证').plant('id_number', idNumber(r)).add('，照片已上传'),
  (l, r) => {
    const [head, rest] = address(r);
    l.add('收货地址是').plant('address', rest, head).add('，根本没收到货。');
  },
  (l, r) => {
    const [head, rest] = address(r);
    l.add('请上门取件：').plant('address', rest, head).add(' 电话').plant('phone', phone(r));
  },
  (l, r) => {
    const [head, rest] = address(r);
    l.add('我住').plant('address', rest, head).add('，楼下就是驿站');
  },
];

/** Sentences with numbers and places that are not personal data. */
const HARMLESS: readonly Piece[] = [
  (l, r) => l.add(`订单号${orderNumber(r)}，${r.pick(PRODUCTS)}收到就是坏的。`),
  (l, r) => l.add(`订单编号：${orderNumber(r)}`),
  // Pasted without a label, or with the label after it: a card number to the masker when it passes Luhn.
  (l, r) => l.add(`就是这一单 ${orderNumber(r)}`),
  (l, r) => l.add(`${orderNumber(r)} 这个订单一直没发货`),
  (l, r) => l.add(`${r.pick(CARRIERS)}运单号${trackingNumber(r)}，物流三天没更新`),
  (l, r) => l.add(`快递单号 ${trackingNumber(r)}`),
  (l, r) => l.add(`商品编码${elevenDigitCode(r)}，和详情页不一致`),
  (l, r) => l.add(`售后单${elevenDigitCode(r)}已提交`),
  (l, r) => l.add(`实付${amount(r)}，只退了${amount(r)}`),
  (l, r) => l.add(`${date(r)}签收的，${date(r)}申请的退货`),
  (l, r) => l.add(`客服热线400-${r.digits(3)}-${r.digits(4)}打不通`),
  (l, r) => l.add(`座机0${r.int(10, 999)}-${r.digits(8)}`),
  (l, r) => l.add(`鞋码${r.int(35, 45)}号偏小，色号${r.int(1, 999)}号和图片不一样`),
  (l, r) => l.add(`在${r.pick(PLACES)[1]}${r.pick(STREETS)}附近的驿站取的件`),
  (l, r) => l.add(`坐地铁${r.int(1, 12)}号线过去的，${r.int(1, 30)}号前必须到`),
  (l, r) => l.add(`重量${r.int(100, 5000)}克，数量${r.int(1, 10)}件`),
  (l, r) => l.add(`已经${r.int(2, 15)}天了还没处理，商家一直拖。`),
  (l, r) => l.add(`${r.pick(PRODUCTS)}质量太差，要求全额退款。`),
  (l, r) => l.add(`直播间${r.int(1, 12)}号链接买的`),
];

/** One statement or chat line: one to four sentences, personal data in about a third of them. */
export function corpusLine(rng: Prng): CorpusLine {
  const l = new Line();
  const sentences = rng.int(1, 4);
  for (let i = 0; i < sentences; i++) {
    if (i > 0) l.add(rng.pick([' ', '，', '。', '；', '！']));
    rng.pick(rng.chance(0.35) ? SENSITIVE : HARMLESS)(l, rng);
  }
  return { text: l.text, planted: l.planted };
}

export function generateCorpus(seed: number, count: number): CorpusLine[] {
  return Array.from({ length: count }, (_, i) => corpusLine(Prng.of(seed, i)));
}

export interface KindFigures {
  planted: number;
  found: number;
  /** Planted values entirely masked (by a finding of any kind). */
  masked: number;
  /** Findings that overlap no planted value: numbers or places that were not personal data. */
  falsePositives: number;
}

export interface MaskingFigures {
  lines: number;
  byKind: Record<PersonalDataKind, KindFigures>;
  precision: number;
  recall: number;
  /** Examples of each kind of error, for whoever improves the masker. */
  misses: string[];
  falseAlarms: string[];
}

export function measureMasking(lines: readonly CorpusLine[]): MaskingFigures {
  const kinds: PersonalDataKind[] = ['phone', 'id_number', 'bank_card', 'address'];
  const byKind = Object.fromEntries(kinds.map((k) => [k, { planted: 0, found: 0, masked: 0, falsePositives: 0 }])) as Record<PersonalDataKind, KindFigures>;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const line of lines) {
    const findings = findPersonalData(line.text);
    for (const p of line.planted) {
      byKind[p.kind].planted++;
      const covered = (i: number) => findings.some((f) => f.start <= i && i < f.end);
      let whole = true;
      for (let i = p.start; i < p.end; i++) if (!covered(i)) whole = false;
      if (whole) byKind[p.kind].masked++;
      else if (misses.length < 20) misses.push(`${p.kind}: ${line.text.slice(p.start, p.end)} in ${line.text}`);
    }
    for (const f of findings) {
      byKind[f.kind].found++;
      if (!line.planted.some((p) => f.start < p.end && p.start < f.end)) {
        byKind[f.kind].falsePositives++;
        if (falseAlarms.length < 20) falseAlarms.push(`${f.kind}: ${line.text.slice(f.start, f.end)} in ${line.text}`);
      }
    }
  }
  const sum = (pick: (k: KindFigures) => number) => kinds.reduce((s, k) => s + pick(byKind[k]), 0);
  const found = sum((k) => k.found);
  return {
    lines: lines.length,
    byKind,
    precision: found === 0 ? 1 : (found - sum((k) => k.falsePositives)) / found,
    recall: sum((k) => k.masked) / sum((k) => k.planted),
    misses,
    falseAlarms,
  };
}
