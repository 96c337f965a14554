import type { zhCN } from './zh-CN';

/** The shape of a message table: the Chinese resource's keys, any string values. */
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type Messages = DeepStrings<typeof zhCN>;
