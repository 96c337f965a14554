/**
 * Street addresses in Chinese free text: the part below the district (street and house
 * number, or a residential compound and building) is personal; province, city and district
 * are kept so a reviewer still sees where a parcel went.
 */

export interface Span {
  start: number;
  end: number;
}

/** What names a residential compound: 阳光花园, 幸福小区, 碧桂园, 万科城. */
const COMPOUND_SUFFIX = '(?:小区|花园|家园|公寓|大厦|新村|苑|公馆|园|城|府|湾)';
const NUMERAL = '[0-9一二三四五六七八九十百零〇]';
/** Compound (阳光花园), building, unit, floor and room after a house number: 院3号楼2单元501室, B座, 1203. */
const UNITS = `(?:院|\\p{Script=Han}{1,6}${COMPOUND_SUFFIX}|(?:\\d+[A-Za-z]?|[A-Za-z]|${NUMERAL}+)(?:号楼|栋|幢|座|单元|楼|层|室|号|-)?)*`;
/** The end of a street address: 路88号, 大街1号, 巷十二号 (the street's name comes before it). */
const STREET_TAIL = new RegExp(`(?:大道|大街|路|街|巷|弄|胡同|村)${NUMERAL}+号`, 'gu');
/** The end of a compound with a building: 花园3栋, 小区8号楼, 大厦B座. */
const COMPOUND_TAIL = new RegExp(`${COMPOUND_SUFFIX}(?:\\d+|[A-Za-z])(?:号楼|栋|幢|座)`, 'gu');
const UNITS_HERE = new RegExp(UNITS, 'uy');
const HAN = /\p{Script=Han}/u;
/** The most Han characters a street or compound name takes. */
const MAX_NAME = 8;

/**
 * Where a street or compound name starts inside the Han characters before its suffix: after
 * the last administrative suffix (the district stays visible) or the last word that leads into
 * an address (住在…, 寄到…, 地址是…).
 */
const NAME_BOUNDARY = /[省市区县旗盟州镇乡在到往至址是寄送住于发收：:，,。]/u;

/** A sub-district or town between the district and the street: masked with the street. */
const SUB_DISTRICT = /(?:(?![省市区县旗])\p{Script=Han}){2,4}(?:街道|镇|乡)$/u;

function nameStart(text: string, matchStart: number, name: string): number {
  let cut = 0;
  for (let i = name.length - 1; i >= 0; i--) {
    if (NAME_BOUNDARY.test(name[i] as string)) {
      cut = i + 1;
      break;
    }
  }
  let start = matchStart + cut;
  const before = text.slice(Math.max(0, start - 6), start);
  const sub = SUB_DISTRICT.exec(before);
  // Only right after a district (…南山区粤海街道科技园路…): elsewhere these words are ordinary text.
  if (sub && /[区县市旗]$/u.test(text.slice(0, start - sub[0].length))) start -= sub[0].length;
  return start;
}

/**
 * Spans of addresses to mask, merged where a street and a compound follow each other. Found
 * from their ends (a suffix and a number, which are rare), then the name before and the
 * units after: a pattern that began with the name would be tried at every Han character.
 */
export function findAddressSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const tail of [STREET_TAIL, COMPOUND_TAIL]) {
    tail.lastIndex = 0;
    for (let m = tail.exec(text); m; m = tail.exec(text)) {
      let nameFrom = m.index;
      while (nameFrom > 0 && m.index - nameFrom < MAX_NAME && HAN.test(text[nameFrom - 1] as string)) nameFrom--;
      const start = nameStart(text, nameFrom, text.slice(nameFrom, m.index));
      UNITS_HERE.lastIndex = m.index + m[0].length;
      const units = UNITS_HERE.exec(text);
      const end = m.index + m[0].length + (units?.[0].length ?? 0);
      // A suffix with no name left (住在路8号) is no address.
      if (start < m.index) spans.push({ start, end });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}
