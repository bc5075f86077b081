import type { BindingMode } from '../../platform/config';

export interface BindingPolicy {
  bindingMode: BindingMode;
  overrideDays: number;
}

export type BindingDecision =
  | { kind: 'bind' }
  | { kind: 'unchanged' }
  | { kind: 'refuse'; code: 'ALREADY_BOUND' | 'BINDING_CLOSED'; message: string };

const DAY_MS = 86_400_000;

/**
 * What a logged-in member opening an inviter's share link may do, by the configured mode. Self-binding and
 * loops are refused before and after this (they hold in every mode); an admin rebind does not ask this policy.
 */
export function decideMemberBinding(
  policy: BindingPolicy,
  current: { referrerId: number | null; boundAt: Date | null; boundBy?: string | null },
  candidateId: number,
  now: Date,
): BindingDecision {
  if (current.referrerId === candidateId) return { kind: 'unchanged' };
  switch (policy.bindingMode) {
    case 'registration_only':
      return { kind: 'refuse', code: 'BINDING_CLOSED', message: 'A referrer can only be bound at registration' };
    case 'first_touch':
      return current.referrerId === null
        ? { kind: 'bind' }
        : { kind: 'refuse', code: 'ALREADY_BOUND', message: 'This member is already bound to a referrer for good' };
    case 'overridable': {
      if (current.referrerId === null || current.boundAt === null) return { kind: 'bind' };
      // customer service settled this binding: a share link does not undo it
      if (current.boundBy?.startsWith('admin:'))
        return { kind: 'refuse', code: 'ALREADY_BOUND', message: 'This binding was set by customer service' };
      const isWithinWindow = now.getTime() - current.boundAt.getTime() <= policy.overrideDays * DAY_MS;
      return isWithinWindow
        ? { kind: 'bind' }
        : {
            kind: 'refuse',
            code: 'ALREADY_BOUND',
            message: `The binding can only change within ${policy.overrideDays} days of the last one`,
          };
    }
  }
}
