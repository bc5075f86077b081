import { expect, it } from '@jest/globals';
import { checkoutSourceOf } from './checkout';
import { groupCheckoutUrl, timeLeftText } from './groupbuy';

it('counts a group down as hours, minutes and seconds, never below zero', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  expect(timeLeftText('2026-12-02T00:00:00Z', now)).toBe('24:00:00');
  expect(timeLeftText('2026-12-01T01:02:03.900Z', now)).toBe('01:02:03');
  expect(timeLeftText('2026-11-30T23:00:00Z', now)).toBe('00:00:00');
  expect(timeLeftText(null, now)).toBe('');
});

it('links to the confirm page with the group to start or join', () => {
  const params = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));
  expect(checkoutSourceOf(params(groupCheckoutUrl(3, 5)))).toMatchObject({ groupBuy: { campaignId: 5 } });
  expect(checkoutSourceOf(params(groupCheckoutUrl(3, 5, 8)))).toMatchObject({
    groupBuy: { campaignId: 5, groupId: 8 },
  });
});
