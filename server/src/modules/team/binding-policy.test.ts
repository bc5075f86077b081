import { decideMemberBinding, type BindingPolicy } from './binding-policy';

const now = new Date('2026-11-25T10:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const unbound = { referrerId: null, boundAt: null };
const boundTo7 = (days: number) => ({ referrerId: 7, boundAt: daysAgo(days) });
const policy = (bindingMode: BindingPolicy['bindingMode']): BindingPolicy => ({ bindingMode, overrideDays: 30 });

test.each([
  ['first_touch', unbound, 9, 'bind'],
  ['first_touch', boundTo7(1), 9, 'ALREADY_BOUND'],
  ['first_touch', boundTo7(1), 7, 'unchanged'],
  ['registration_only', unbound, 9, 'BINDING_CLOSED'],
  ['registration_only', boundTo7(0), 9, 'BINDING_CLOSED'],
  ['overridable', unbound, 9, 'bind'],
  ['overridable', boundTo7(29), 9, 'bind'],
  ['overridable', boundTo7(30), 9, 'bind'],
  ['overridable', boundTo7(31), 9, 'ALREADY_BOUND'],
  ['overridable', { ...boundTo7(1), boundBy: 'admin:ops' }, 9, 'ALREADY_BOUND'],
] as const)('%s, currently %j, binding to member %d: %s', (mode, current, candidate, expected) => {
  const decision = decideMemberBinding(policy(mode), current, candidate, now);
  expect(decision.kind === 'refuse' ? decision.code : decision.kind).toBe(expected);
});
