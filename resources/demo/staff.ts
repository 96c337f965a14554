/**
 * The demo team: who the demo's decisions, appeals and audit entries are attributed to.
 * The case service seeds its accounts from this list; `platform` is the service account
 * through which the demo loader ingests cases and evidence.
 */
import type { Role } from '../../shared/domain';

const TEAM: Array<{ id: string; name: string; role: Role }> = [
  { id: 'mod-zhangwei', name: '张伟', role: 'moderator' },
  { id: 'mod-lina', name: '李娜', role: 'moderator' },
  { id: 'mod-sunhao', name: '孙浩', role: 'moderator' },
  { id: 'arb-wangfang', name: '王芳', role: 'arbiter' },
  { id: 'arb-liuyang', name: '刘洋', role: 'arbiter' },
  { id: 'arb-zhoumin', name: '周敏', role: 'arbiter' },
  { id: 'sup-chenjing', name: '陈静', role: 'supervisor' },
  { id: 'sup-zhaolei', name: '赵磊', role: 'supervisor' },
  { id: 'platform', name: '平台服务账号', role: 'platform' },
];

export const DEMO_STAFF: ReadonlyArray<{ id: string; name: string; role: Role }> = Object.freeze(TEAM.map((s) => Object.freeze(s)));

/**
 * Who decided, before the demo begins, the refunds and fines its merchant complaints contest: a
 * supervisor nobody signs in as by default (`--as supervisor` is the first one), since the
 * author of a contested decision may not decide the complaint.
 */
export const CONTESTED_DECIDER_ID = 'sup-zhaolei';

export function demoStaffWithRole(role: Role): ReadonlyArray<{ id: string; name: string; role: Role }> {
  return DEMO_STAFF.filter((s) => s.role === role);
}
