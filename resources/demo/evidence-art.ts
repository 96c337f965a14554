/**
 * Drawings for evidence photos and screenshots: a 640×480 SVG scene per theme, varied by
 * the stream it is given (colours, positions, angles, marks), with a printed label and a
 * serial strip so no two images of a pool are alike. Labels are ASCII because build
 * machines have no CJK fonts; the Chinese caption travels with the EvidenceRef.
 */
import type { Prng } from './prng';

export const IMAGE_WIDTH = 640;
export const IMAGE_HEIGHT = 480;

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export type Scene = (rng: Prng) => string;

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h)},${Math.round(s)}%,${Math.round(l)}%)`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function label(x: number, y: number, size: number, text: string, fill = '#222', weight = 'normal'): string {
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="${fill}">${esc(text)}</text>`;
}

/** A table or floor the object was photographed on, with some grain. */
function surface(rng: Prng): string {
  const h = rng.int(20, 45);
  const l = rng.int(55, 80);
  let grain = '';
  for (let i = 0; i < 36; i++) {
    grain += `<circle cx="${rng.int(0, 640)}" cy="${rng.int(0, 420)}" r="${rng.int(1, 4)}" fill="${hsl(h, 20, l - rng.int(5, 20))}" opacity="0.35"/>`;
  }
  return `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hsl(h, 25, l)}"/><stop offset="1" stop-color="${hsl(h, 22, l - 18)}"/></linearGradient></defs>`
    + `<rect width="640" height="480" fill="url(#bg)"/>${grain}`;
}

function phoneScreen(rng: Prng, body: string, title: string): string {
  return `<rect width="640" height="480" fill="${hsl(rng.int(200, 230), 10, rng.int(88, 95))}"/>`
    + `<rect x="170" y="8" width="300" height="464" rx="26" fill="#111"/>`
    + `<rect x="182" y="30" width="276" height="420" rx="8" fill="#fafafa"/>`
    + `<rect x="182" y="30" width="276" height="36" fill="${hsl(rng.int(0, 360), 35, 45)}"/>`
    + label(196, 54, 15, title, '#fff', 'bold') + body;
}

/** Grey bars standing for lines of text whose words do not matter to the picture. */
function textBars(rng: Prng, x: number, y: number, maxW: number, lines: number, gap = 18, fill = '#c8c8c8'): string {
  let s = '';
  for (let i = 0; i < lines; i++) s += `<rect x="${x}" y="${y + i * gap}" width="${rng.int(Math.floor(maxW * 0.45), maxW)}" height="8" rx="3" fill="${fill}"/>`;
  return s;
}

function sole(x: number, y: number, angle: number, rubber: string, worn: boolean, rng: Prng): string {
  let tread = '';
  for (let i = 0; i < 14; i++) tread += `<line x1="-38" y1="${-120 + i * 17}" x2="38" y2="${-114 + i * 17}" stroke="#000" stroke-opacity="0.35" stroke-width="4"/>`;
  const wear = worn
    ? `<ellipse cx="${rng.int(-6, 6)}" cy="-70" rx="30" ry="34" fill="#d9d2c5" opacity="0.8"/><ellipse cx="${rng.int(-8, 8)}" cy="105" rx="26" ry="22" fill="#d9d2c5" opacity="0.85"/>`
      + `<path d="M-20 90 q10 -8 22 4" stroke="#6b5a44" stroke-width="3" fill="none"/>`
    : '';
  return `<g transform="translate(${x} ${y}) rotate(${angle})"><path d="M0 -150 C45 -150 52 -80 46 -20 C42 40 40 90 34 130 C28 160 -28 160 -34 130 C-40 90 -46 30 -48 -30 C-50 -90 -45 -150 0 -150 Z" fill="${rubber}" stroke="#222" stroke-width="3"/>${tread}${wear}</g>`;
}

const shoeSolesWorn: Scene = (rng) => {
  const rubber = hsl(rng.int(20, 40), 10, rng.int(25, 45));
  return surface(rng) + sole(rng.int(220, 250), 230, rng.int(-12, 4), rubber, true, rng) + sole(rng.int(390, 420), 235, rng.int(-4, 12), rubber, true, rng)
    + `<circle cx="${rng.int(200, 260)}" cy="150" r="44" fill="none" stroke="#e02020" stroke-width="4"/>`
    + label(24, 40, 20, 'RETURNED ITEM - SOLE WEAR', '#b00', 'bold');
};

const shoesNew: Scene = (rng) => {
  const upper = hsl(rng.int(0, 360), rng.int(20, 60), rng.int(35, 70));
  return surface(rng)
    + `<g transform="translate(${rng.int(90, 130)} ${rng.int(160, 200)})"><path d="M0 150 L20 60 C60 40 120 20 170 40 C230 60 300 90 380 110 C410 120 420 150 410 170 L0 170 Z" fill="${upper}" stroke="#333" stroke-width="3"/>`
    + `<rect x="-4" y="165" width="420" height="26" rx="10" fill="#f4f4f4" stroke="#999"/>`
    + `<path d="M130 55 l60 30 M150 45 l60 30 M170 38 l60 30" stroke="#fff" stroke-width="5"/>`
    + `<rect x="250" y="20" width="60" height="38" fill="#fff" stroke="#777" transform="rotate(12 250 20)"/></g>`
    + label(24, 40, 20, 'BEFORE DISPATCH - NEW, TAG ON', '#064', 'bold');
};

function rod(rng: Prng, marked: boolean): string {
  const gap = rng.int(14, 30);
  const y0 = rng.int(300, 360);
  const y1 = rng.int(90, 140);
  const mx = rng.int(290, 350);
  const my = Math.round(y0 + ((y1 - y0) * (mx - 40)) / 560);
  const color = hsl(rng.int(0, 360), 40, rng.int(15, 35));
  let s = `<line x1="40" y1="${y0}" x2="${mx}" y2="${my}" stroke="${color}" stroke-width="12" stroke-linecap="round"/>`
    + `<line x1="${mx + gap}" y1="${my - 8}" x2="600" y2="${y1}" stroke="${color}" stroke-width="6" stroke-linecap="round"/>`
    + `<path d="M${mx} ${my - 6} l8 -10 l-3 12 l9 -6 l-6 12" stroke="#d8c79a" stroke-width="2" fill="none"/>`
    + `<circle cx="110" cy="${y0 + 8}" r="24" fill="#555" stroke="#222" stroke-width="3"/>`;
  if (marked) {
    s += `<circle cx="${mx + gap / 2}" cy="${my - 6}" r="38" fill="none" stroke="#e02020" stroke-width="4"/>`
      + `<rect x="60" y="420" width="520" height="24" fill="#f2d64b" stroke="#333"/>`;
    for (let i = 0; i <= 26; i++) s += `<line x1="${60 + i * 20}" y1="420" x2="${60 + i * 20}" y2="${i % 5 === 0 ? 436 : 430}" stroke="#333" stroke-width="2"/>`;
  }
  return s;
}

const fishingRodBuyer: Scene = (rng) => surface(rng) + rod(rng, false) + label(24, 40, 20, 'ROD BROKEN ON ARRIVAL', '#222', 'bold');
const fishingRodMerchant: Scene = (rng) => surface(rng) + rod(rng, true) + label(24, 40, 20, 'RETURNED ROD - CRUSH MARKS AT BREAK', '#b00', 'bold');

function box(rng: Prng, crushed: boolean): string {
  const x = rng.int(150, 220);
  const y = rng.int(150, 190);
  const w = rng.int(220, 280);
  const h = rng.int(150, 190);
  const kraft = hsl(rng.int(28, 36), 45, rng.int(50, 62));
  let s = `<polygon points="${x},${y} ${x + 60},${y - 50} ${x + w + 60},${y - 50} ${x + w},${y}" fill="${hsl(30, 45, 68)}" stroke="#5a4326" stroke-width="2"/>`
    + `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${kraft}" stroke="#5a4326" stroke-width="2"/>`
    + `<polygon points="${x + w},${y} ${x + w + 60},${y - 50} ${x + w + 60},${y + h - 50} ${x + w},${y + h}" fill="${hsl(30, 40, 42)}" stroke="#5a4326" stroke-width="2"/>`
    + `<rect x="${x + w / 2 - 18}" y="${y}" width="36" height="${h}" fill="#c9b48a" opacity="0.8"/>`;
  if (crushed) {
    s += `<polygon points="${x + w - 70},${y} ${x + w},${y + 10} ${x + w + 30},${y + 70} ${x + w - 40},${y + 60}" fill="#4a3620" opacity="0.8"/>`
      + `<path d="M${x + 20} ${y + h - 30} l30 -18 l24 14 l30 -20" stroke="#2b1e10" stroke-width="3" fill="none"/>`;
  }
  return s;
}

const parcelDamaged: Scene = (rng) => surface(rng) + box(rng, true) + label(24, 40, 20, 'PARCEL DAMAGED AT DELIVERY', '#222', 'bold');

const parcelPacked: Scene = (rng) => {
  let bubbles = '';
  for (let i = 0; i < 40; i++) bubbles += `<circle cx="${rng.int(200, 440)}" cy="${rng.int(150, 300)}" r="9" fill="#e8f4ff" stroke="#9cc" opacity="0.9"/>`;
  return surface(rng) + box(rng, false) + bubbles + label(24, 40, 20, 'PACKING BEFORE DISPATCH', '#064', 'bold');
};

function barcode(rng: Prng, x: number, y: number, h: number): string {
  let s = '';
  let cx = x;
  for (let i = 0; i < 46; i++) {
    const w = rng.int(1, 4);
    if (i % 2 === 0) s += `<rect x="${cx}" y="${y}" width="${w}" height="${h}" fill="#111"/>`;
    cx += w + 1;
  }
  return s;
}

const shippingLabel: Scene = (rng) => surface(rng) + `<rect x="120" y="70" width="400" height="330" fill="#fff" stroke="#333" stroke-width="2" transform="rotate(${rng.int(-6, 6)} 320 235)"/>`
  + barcode(rng, 150, 90, 60) + label(150, 180, 20, `SF ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)}`, '#111', 'bold')
  + label(150, 220, 18, `TO: ${String.fromCharCode(65 + rng.int(0, 25))}** ${rng.pick(['138', '139', '158', '186', '177'])}****${rng.digits(4)}`)
  + label(150, 250, 16, 'PRIVACY WAYBILL - NUMBER MASKED') + textBars(rng, 150, 275, 300, 5, 20) + label(24, 40, 20, 'SHIPPING LABEL', '#222', 'bold');

const returnWeighing: Scene = (rng) => {
  const kg = (rng.int(3, 380) / 100).toFixed(2);
  return surface(rng) + `<rect x="140" y="300" width="360" height="40" rx="8" fill="#ddd" stroke="#555" stroke-width="3"/>`
    + `<rect x="250" y="345" width="140" height="60" rx="6" fill="#222"/>` + label(262, 388, 32, `${kg}kg`, '#3f3', 'bold')
    + `<rect x="${rng.int(200, 260)}" y="${rng.int(190, 220)}" width="${rng.int(130, 180)}" height="90" fill="${hsl(rng.int(28, 36), 45, 58)}" stroke="#5a4326" stroke-width="2"/>`
    + label(24, 40, 20, 'RETURN PARCEL WEIGHED ON RECEIPT', '#222', 'bold');
};

const vaseCracked: Scene = (rng) => {
  const glaze = hsl(rng.int(180, 230), 40, rng.int(40, 65));
  const cx = rng.int(280, 360);
  return surface(rng) + `<path d="M${cx - 40} 80 h80 c0 40 -20 50 10 110 c40 80 40 170 -30 200 h-60 c-70 -30 -70 -120 -30 -200 c30 -60 10 -70 10 -110 z" fill="${glaze}" stroke="#223" stroke-width="3"/>`
    + `<path d="M${cx - 10} 150 l14 30 l-12 26 l18 32 l-10 40" stroke="#111" stroke-width="3" fill="none"/>`
    + label(24, 40, 20, 'CRACK FOUND AFTER SIGN-OFF', '#222', 'bold');
};

const skinAllergy: Scene = (rng) => {
  let spots = '';
  for (let i = 0; i < 30; i++) spots += `<circle cx="${rng.int(250, 390)}" cy="${rng.int(230, 310)}" r="${rng.int(3, 8)}" fill="#d23a3a" opacity="0.7"/>`;
  return `<rect width="640" height="480" fill="${hsl(rng.int(190, 220), 20, 85)}"/><ellipse cx="320" cy="250" rx="130" ry="170" fill="${hsl(25, 55, rng.int(72, 82))}" stroke="#a0775a" stroke-width="3"/>`
    + `<ellipse cx="275" cy="210" rx="14" ry="8" fill="#333"/><ellipse cx="365" cy="210" rx="14" ry="8" fill="#333"/>${spots}`
    + label(24, 40, 20, 'REDNESS AFTER USE (DAY 2)', '#222', 'bold');
};

const plantWilted: Scene = (rng) => {
  let leaves = '';
  for (let i = 0; i < 9; i++) {
    // Leaves hang sideways and down, brown and yellow: a plant that died in transit.
    const a = -125 + i * 31 + rng.int(-8, 8);
    leaves += `<ellipse cx="320" cy="190" rx="12" ry="55" fill="${hsl(rng.int(28, 48), 55, rng.int(30, 48))}" transform="rotate(${a} 320 245)"/>`;
  }
  return surface(rng) + `<polygon points="240,300 400,300 380,430 260,430" fill="${hsl(15, 50, 45)}" stroke="#4a2a1a" stroke-width="3"/>`
    + `<line x1="320" y1="300" x2="320" y2="200" stroke="#6b4a2a" stroke-width="8"/>${leaves}` + label(24, 40, 20, 'PLANT WILTED ON ARRIVAL', '#222', 'bold');
};

const fruitRotten: Scene = (rng) => {
  let fruit = '';
  for (let i = 0; i < 7; i++) {
    const x = 150 + (i % 4) * 110 + rng.int(-10, 10);
    const y = 200 + Math.floor(i / 4) * 120 + rng.int(-10, 10);
    fruit += `<circle cx="${x}" cy="${y}" r="50" fill="${hsl(rng.int(0, 40), 70, 45)}" stroke="#521" stroke-width="2"/>`;
    if (rng.chance(0.6)) fruit += `<ellipse cx="${x + rng.int(-15, 15)}" cy="${y + rng.int(-15, 15)}" rx="${rng.int(14, 26)}" ry="${rng.int(10, 20)}" fill="#4a3515" opacity="0.85"/>`;
  }
  return surface(rng) + fruit + label(24, 40, 20, 'FRUIT ROTTEN ON ARRIVAL', '#222', 'bold');
};

const screenCracked: Scene = (rng) => {
  const cx = rng.int(260, 380);
  const cy = rng.int(160, 320);
  let cracks = '';
  for (let i = 0; i < 9; i++) {
    const a = (i / 9) * Math.PI * 2 + rng.next();
    cracks += `<path d="M${cx} ${cy} l${Math.round(Math.cos(a) * 60)} ${Math.round(Math.sin(a) * 60)} l${Math.round(Math.cos(a + 0.3) * 80)} ${Math.round(Math.sin(a + 0.3) * 80)}" stroke="#eee" stroke-width="2" fill="none"/>`;
  }
  return surface(rng) + `<rect x="200" y="40" width="240" height="420" rx="28" fill="#111"/><rect x="214" y="62" width="212" height="376" rx="6" fill="${hsl(rng.int(200, 260), 40, 25)}"/>`
    + cracks + label(24, 40, 20, 'SCREEN CRACKED', '#222', 'bold');
};

const garmentWorn: Scene = (rng) => surface(rng)
  + `<path d="M200 90 l70 -30 h100 l70 30 l60 80 l-50 30 l-30 -30 v230 h-200 v-230 l-30 30 l-50 -30 z" fill="${hsl(rng.int(0, 360), rng.int(10, 50), rng.int(55, 75))}" stroke="#555" stroke-width="3"/>`
  + `<path d="M260 200 q20 10 40 0 q20 -10 40 0 M250 260 q30 12 60 0 q30 -12 60 0 M270 320 q25 8 50 0" stroke="#000" stroke-opacity="0.3" stroke-width="3" fill="none"/>`
  + `<rect x="${rng.int(330, 360)}" y="70" width="34" height="20" fill="#fff" stroke="#888"/><path d="M360 70 l10 20" stroke="#c00" stroke-width="3"/>`
  + label(24, 40, 20, 'RETURNED GARMENT - WORN, TAG CUT', '#b00', 'bold');

const garmentStain: Scene = (rng) => surface(rng)
  + `<path d="M200 90 l70 -30 h100 l70 30 l60 80 l-50 30 l-30 -30 v230 h-200 v-230 l-30 30 l-50 -30 z" fill="${hsl(rng.int(0, 360), rng.int(10, 50), rng.int(70, 90))}" stroke="#555" stroke-width="3"/>`
  + `<ellipse cx="${rng.int(280, 360)}" cy="${rng.int(200, 300)}" rx="${rng.int(18, 40)}" ry="${rng.int(14, 30)}" fill="#7a5a2a" opacity="0.7"/>`
  + label(24, 40, 20, 'STAIN ON GARMENT', '#222', 'bold');

function chat(rng: Prng, title: string): string {
  let body = '';
  let y = 80;
  while (y < 400) {
    const mine = rng.chance(0.5);
    const w = rng.int(110, 220);
    const h = rng.int(28, 64);
    const x = mine ? 448 - w : 196;
    body += `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${mine ? '#95ec69' : '#e9e9e9'}"/>` + textBars(rng, x + 10, y + 10, w - 24, Math.max(1, Math.floor(h / 20)), 16, '#777');
    y += h + rng.int(10, 22);
  }
  return phoneScreen(rng, body, title);
}

const chatBuyer: Scene = (rng) => chat(rng, 'Chat with store');
const chatMerchant: Scene = (rng) => chat(rng, 'Customer service log');

const penaltyNotice: Scene = (rng) => phoneScreen(rng,
  label(196, 96, 18, 'PENALTY NOTICE', '#c00', 'bold') + label(196, 122, 13, `No. ${rng.digits(12)}`, '#555')
  + textBars(rng, 196, 140, 240, 9, 20) + `<circle cx="${rng.int(360, 410)}" cy="${rng.int(360, 400)}" r="38" fill="none" stroke="#d22" stroke-width="4"/>`
  + label(196, 430, 13, 'Points deducted / fine issued', '#c00'), 'Platform notice');

const liveCapture: Scene = (rng) => {
  let comments = '';
  for (let i = 0; i < 6; i++) comments += `<rect x="192" y="${300 + i * 22}" width="${rng.int(90, 200)}" height="16" rx="8" fill="#000" opacity="0.45"/>`;
  const body = `<rect x="182" y="66" width="276" height="384" fill="${hsl(rng.int(0, 360), 30, 30)}"/>`
    + `<circle cx="320" cy="190" r="56" fill="${hsl(25, 50, 75)}"/><rect x="250" y="250" width="140" height="120" rx="40" fill="${hsl(rng.int(0, 360), 60, 50)}"/>`
    + `<rect x="194" y="76" width="52" height="22" rx="4" fill="#f22"/>` + label(201, 93, 14, 'LIVE', '#fff', 'bold')
    + label(260, 93, 13, `${rng.int(1, 99)}.${rng.int(0, 9)}k watching`, '#fff') + comments;
  return phoneScreen(rng, body, 'Live room recording');
};

const listingCapture: Scene = (rng) => phoneScreen(rng,
  `<rect x="196" y="76" width="248" height="180" fill="${hsl(rng.int(0, 360), 40, 70)}"/>`
  + label(200, 290, 22, `CNY ${rng.int(9, 999)}.${rng.pick(['00', '90', '99'])}`, '#e33', 'bold') + textBars(rng, 200, 305, 230, 6, 20), 'Product page');

const counterfeitCompare: Scene = (rng) => {
  const c = hsl(rng.int(0, 360), 50, 40);
  return `<rect width="640" height="480" fill="#f3f3f3"/><rect x="60" y="90" width="230" height="300" fill="${c}"/><rect x="350" y="90" width="230" height="300" fill="${c}" opacity="0.85"/>`
    + label(120, 250, 48, 'ABC', '#fff', 'bold') + label(405, 250, 48, 'A8C', '#fff', 'bold')
    + label(60, 430, 20, 'GENUINE', '#064', 'bold') + label(350, 430, 20, 'SUSPECTED COPY', '#b00', 'bold');
};

const blindBox: Scene = (rng) => {
  let boxes = '';
  for (let i = 0; i < 6; i++) {
    const x = 80 + (i % 3) * 170;
    const y = 110 + Math.floor(i / 3) * 170;
    boxes += `<rect x="${x}" y="${y}" width="130" height="130" rx="8" fill="${hsl(rng.int(0, 360), 60, 60)}" stroke="#333" stroke-width="2"/>` + label(x + 48, y + 85, 56, '?', '#fff', 'bold');
  }
  return surface(rng) + boxes + label(24, 40, 20, 'BLIND BOX UNBOXING', '#222', 'bold');
};

const inspectionReport: Scene = (rng) => {
  let rows = '';
  for (let i = 0; i < 8; i++) {
    const fail = i === rng.int(2, 7);
    rows += `<rect x="70" y="${120 + i * 36}" width="500" height="36" fill="${fail ? '#fde0e0' : i % 2 ? '#fff' : '#f4f4f4'}" stroke="#bbb"/>`
      + textBars(rng, 80, 134 + i * 36, 260, 1) + label(470, 145 + i * 36, 16, fail ? 'FAIL' : 'PASS', fail ? '#c00' : '#070', 'bold');
  }
  return `<rect width="640" height="480" fill="#fff"/>` + label(70, 70, 24, 'SAMPLING INSPECTION REPORT', '#111', 'bold')
    + label(70, 100, 14, `Report ${rng.digits(10)}`, '#555') + rows;
};

const itemDamagedReturn: Scene = (rng) => {
  const c = hsl(rng.int(0, 360), 20, rng.int(20, 40));
  return surface(rng) + box(rng, false) + `<rect x="250" y="120" width="150" height="110" rx="30" fill="${c}" stroke="#111" stroke-width="3"/>`
    + `<path d="M270 130 l30 40 l-10 20 l40 30" stroke="#eee" stroke-width="3" fill="none"/>`
    + label(24, 40, 20, 'UNBOXING OF RETURN - CASING SHATTERED', '#b00', 'bold');
};

export const SCENES = {
  shoe_soles_worn: shoeSolesWorn,
  shoes_new: shoesNew,
  fishing_rod_broken_buyer: fishingRodBuyer,
  fishing_rod_broken_merchant: fishingRodMerchant,
  parcel_damaged: parcelDamaged,
  parcel_packed: parcelPacked,
  shipping_label: shippingLabel,
  return_weighing: returnWeighing,
  vase_cracked: vaseCracked,
  skin_allergy: skinAllergy,
  plant_wilted: plantWilted,
  fruit_rotten: fruitRotten,
  screen_cracked: screenCracked,
  garment_stain: garmentStain,
  garment_worn: garmentWorn,
  chat_buyer: chatBuyer,
  chat_merchant: chatMerchant,
  penalty_notice: penaltyNotice,
  live_capture: liveCapture,
  listing_capture: listingCapture,
  counterfeit_compare: counterfeitCompare,
  blind_box: blindBox,
  inspection_report: inspectionReport,
  item_damaged_return: itemDamagedReturn,
} as const satisfies Record<string, Scene>;

/** The whole picture: scene, file-name stamp and a serial strip unique to (seed, index). */
export function renderSvg(scene: Scene, rng: Prng, seed: number, index: number): string {
  let serial = '';
  const bits = ((seed & 0xffff) << 16 | (index & 0xffff)) >>> 0;
  for (let b = 0; b < 32; b++) serial += `<rect x="${440 + b * 6}" y="462" width="4" height="12" fill="${(bits >>> b) & 1 ? '#000' : '#fff'}"/>`;
  // A camera-style file name, free of dates so the pool does not depend on the clock.
  const stamp = `IMG_${rng.digits(4)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}" viewBox="0 0 640 480">${scene(rng)}`
    + `<rect x="0" y="456" width="640" height="24" fill="#000" opacity="0.55"/>${label(8, 473, 13, stamp, '#fff')}${serial}</svg>`;
}
