import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from './checks';
import { findPersonalData, maskPersonalData } from './mask';

const masked = (text: string) => maskPersonalData(text).text;
const ID = `44030519900101123${residentIdCheckChar('44030519900101123')}`;

describe('phones', () => {
  it.each([
    ['电话13812345678，谢谢', '电话138****5678，谢谢'],
    ['手机138-1234-5678', '手机138****5678'],
    ['打138 1234 5678 找我', '打138****5678 找我'],
    ['+86 13812345678', '+86 138****5678'],
    ['+86-13812345678', '+86-138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['008613812345678', '0086138****5678'],
    ['电话：１３８１２３４５６７８', '电话：138****5678'],
  ])('masks %s', (text, expected) => {
    expect(masked(text)).toBe(expected);
  });

  it('leaves numbers that are no mobile numbers alone', () => {
    for (const text of ['编码12345678901', '金额13812元', '订单4139876543210987654', '运单号SF13812345678', 'ABC13812345678', '138123456789', '138-1234-56789', '1 138 1234 5678']) {
      expect(masked(text), text).toBe(text);
    }
  });
});

describe('ID numbers', () => {
  it('masks an 18-character number with a valid check character, plain or grouped 6-8-4', () => {
    expect(masked(`身份证号${ID}。`)).toBe(`身份证号440***********${ID.slice(14)}。`);
    expect(masked(`身份证 ${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`)).toBe(`身份证 440***********${ID.slice(14)}`);
    expect(masked('身份证11010519491231002x')).toBe('身份证110***********002x');
  });
  it('leaves an 18-digit number with a wrong check character alone', () => {
    const wrong = `${ID.slice(0, 17)}${ID[17] === '1' ? '2' : '1'}`;
    expect(masked(`单号${wrong}`)).toBe(`单号${wrong}`);
  });
});

describe('bank cards', () => {
  it('masks Luhn-valid card numbers, plain or in groups of four, keeping the first and last four digits', () => {
    expect(masked('退到我卡上6222021234567890128')).toBe('退到我卡上6222***********0128');
    expect(masked('卡号 4111 1111 1111 1111 谢谢')).toBe('卡号 4111********1111 谢谢');
    expect(masked('卡号4111-1111-1111-1111')).toBe('卡号4111********1111');
  });
  it('leaves an order or waybill number alone even when it passes Luhn', () => {
    expect(masked('订单号4111111111111111已签收')).toBe('订单号4111111111111111已签收');
    expect(masked('快递单号：6222021234567890128')).toBe('快递单号：6222021234567890128');
    expect(masked('卡号4111111111111112')).toBe('卡号4111111111111112');
  });
});

describe('addresses', () => {
  it.each([
    ['寄到广东省深圳市南山区科技园路88号', '寄到广东省深圳市南山区****'],
    ['地址：北京市朝阳区建国路88号院3号楼2单元501室，收件人张三', '地址：北京市朝阳区****，收件人张三'],
    ['我住在南山区粤海街道科技园路88号阳光花园3栋501，快递放门口', '我住在南山区****，快递放门口'],
    ['浙江省杭州市西湖区文三路一百号', '浙江省杭州市西湖区****'],
    ['上海市浦东新区幸福小区8号楼2单元', '上海市浦东新区****'],
  ])('masks %s below the district', (text, expected) => {
    expect(masked(text)).toBe(expected);
  });
  it('leaves shade numbers, sizes and street names without a house number alone', () => {
    for (const text of ['口红色号是999号', '鞋子42号偏小', '在科技园路附近', '3号线地铁站', '住在路8号']) expect(masked(text), text).toBe(text);
  });
});

it('reports what it found, in order, and returns the same string when there is nothing', () => {
  const text = `电话13812345678，身份证${ID}，地址深圳市南山区科技园路88号`;
  expect(findPersonalData(text).map((f) => f.kind)).toEqual(['phone', 'id_number', 'address']);
  const plain = '商品质量很差，要求退款。';
  expect(maskPersonalData(plain)).toEqual({ text: plain, findings: [] });
});

it('masks nothing more the second time, even where the first mask left digits grouped like a card', () => {
  const once = maskPersonalData('，13000000000，3164229338359558 0000 0000 0007').text;
  expect(maskPersonalData(once).text).toBe(once);
});
