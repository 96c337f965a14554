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
/** A street with a house number: 科技园路88号, 建国门外大街1号, 梧桐巷十二号. */
const STREET = new RegExp(`(\\p{Script=Han}{1,8})(?:大道|大街|路|街|巷|弄|胡同|村)${NUMERAL}+号${UNITS}`, 'gu');
/** A residential compound with a building: 阳光花园3栋501, 幸福小区8号楼2单元. */
const COMPOUND = new RegExp(`(\\p{Script=Han}{1,8})${COMPOUND_SUFFIX}(?:\\d+|[A-Za-z])(?:号楼|栋|幢|座)${UNITS}`, 'gu');

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

/** Spans of addresses to mask, merged where a street and a compound follow each other. */
export function findAddressSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const re of [STREET, COMPOUND]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = nameStart(text, m.index, m[1] as string);
      let end = m.index + m[0].length;
      // A trailing space belongs to the text after, not to the address.
      while (end > start && text[end - 1] === ' ') end--;
      // A suffix with no name left (住在路8号) is no address.
      if (end > start && start < m.index + (m[1] as string).length) spans.push({ start, end });
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
