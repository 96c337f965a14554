/** Pieces of Chinese names for stores, buyers' nicknames and creators. */
import type { ProductCategory, Region } from '../../shared/domain';
import type { Prng } from './prng';

export const REGION_PLACES: Readonly<Record<Region, readonly string[]>> = {
  guangdong: ['广州', '深圳', '佛山', '东莞', '潮汕', '汕头', '中山'],
  shandong: ['青岛', '烟台', '临沂', '济南', '寿光', '威海'],
  zhejiang: ['杭州', '义乌', '温州', '宁波', '湖州', '嘉兴'],
  jiangsu: ['苏州', '南京', '常熟', '无锡', '宿迁'],
  fujian: ['厦门', '泉州', '晋江', '福州', '莆田'],
  henan: ['郑州', '洛阳', '许昌', '南阳'],
  hebei: ['石家庄', '保定', '白沟', '廊坊'],
  sichuan: ['成都', '绵阳', '宜宾'],
  hubei: ['武汉', '宜昌', '襄阳'],
  hunan: ['长沙', '株洲', '岳阳'],
  shanghai: ['上海', '浦东', '松江'],
  beijing: ['北京', '京城'],
  anhui: ['合肥', '芜湖', '黄山'],
  liaoning: ['大连', '沈阳', '丹东'],
  other: ['云南', '新疆', '广西', '海南', '江西', '陕西'],
};

const CATEGORY_WORDS: Readonly<Record<ProductCategory, readonly string[]>> = {
  apparel: ['衣橱', '潮服', '女装', '男装', '服饰', '鞋业', '时装'],
  food_fresh: ['鲜果', '海鲜', '生鲜', '农家', '食品', '果园', '特产'],
  outdoor: ['户外', '渔具', '露营', '运动', '垂钓'],
  digital_3c: ['数码', '电子', '手机', '科技', '智能'],
  beauty: ['美妆', '护肤', '彩妆', '美肤'],
  baby: ['母婴', '童装', '宝贝', '婴童'],
  home: ['家居', '家纺', '百货', '厨具', '陶瓷'],
  plants: ['花卉', '园艺', '绿植', '多肉', '花木'],
  jewelry: ['珠宝', '金饰', '翡翠', '银饰', '玉器'],
  collectibles: ['潮玩', '收藏', '文玩', '手办'],
  virtual: ['充值', '卡券', '游戏', '数娱'],
  second_hand: ['二手', '优品', '回收', '中古'],
  other: ['优选', '好物', '生活馆', '宠物', '车品'],
};

const OWNER_WORDS = ['', '', '小林', '阿强', '老陈', '小王', '阿珍', '大刘', '佳佳', '老周', '小美', '鑫源', '恒达', '盛世', '东方'];
const STORE_SUFFIXES = ['旗舰店', '专营店', '专卖店', '小店', '工厂店', '官方店', '精选店', '直营店'];

/** Stores a person runs (小店, 工厂店) post the lower deposit of an individual business. */
export function storeName(region: Region, category: ProductCategory, rng: Prng): { name: string; individual: boolean } {
  const suffix = rng.pick(STORE_SUFFIXES);
  const name = `${rng.pick(REGION_PLACES[region])}${rng.pick(OWNER_WORDS)}${rng.pick(CATEGORY_WORDS[category])}${suffix}`;
  return { name, individual: suffix === '小店' || suffix === '工厂店' };
}

const NICK_ADJ = ['爱吃草莓的', '不吃香菜的', '快乐的', '安静的', '熬夜的', '早睡的', '会飞的', '佛系', '元气', '追风的', '睡不醒的'];
const NICK_NOUN = ['猫', '小鱼儿', '橘子', '星星', '奶茶', '柠檬', '兔子', '少年', '宝妈', '打工人', '土豆'];

/** Many buyers keep the default 用户 + digits nickname. */
export function buyerNickname(rng: Prng): string {
  if (rng.chance(0.35)) return `用户${rng.digits(9)}`;
  return `${rng.pick(NICK_ADJ)}${rng.pick(NICK_NOUN)}${rng.chance(0.4) ? rng.digits(3) : ''}`;
}

const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '176', '177', '180', '181', '183', '186', '187', '188', '189', '199'];

/** As a privacy waybill shows it: 138****1234. */
export function maskedPhone(rng: Prng): string {
  return `${rng.pick(PHONE_PREFIXES)}****${rng.digits(4)}`;
}

const CREATOR_PREFIXES = ['小美', '阿强', '渔乐老张', '大胃王', '时尚', '宝妈', '数码', '老铁', '乡村', '甜甜', '山哥', '酷玩'];
const CREATOR_SUFFIXES = ['带货', '的好物分享', '严选', '直播间', '说', '测评', '日记', '探店'];

export function creatorName(rng: Prng): string {
  return `${rng.pick(CREATOR_PREFIXES)}${rng.pick(CREATOR_SUFFIXES)}`;
}
