import {
  MEMBER_VISIBLE_PRODUCT_STATUSES,
  ORDER_STATUSES,
  orderTransitions,
  paymentTransitions,
  PAYMENT_STATUSES,
  PRODUCT_STATUSES,
  productTransitions,
} from './statuses';
import { assertTransition, canTransition, IllegalTransitionError, terminalStatuses } from './transitions';

test('every order status has an entry and every target is a known status', () => {
  for (const s of ORDER_STATUSES) for (const t of orderTransitions[s]) expect(ORDER_STATUSES).toContain(t);
  for (const s of PAYMENT_STATUSES) for (const t of paymentTransitions[s]) expect(PAYMENT_STATUSES).toContain(t);
});

test('an illegal order transition is an error', () => {
  expect(canTransition(orderTransitions, 'pending_payment', 'paid')).toBe(true);
  expect(() => assertTransition('order', orderTransitions, 'cancelled', 'paid')).toThrow(IllegalTransitionError);
  expect(() => assertTransition('order', orderTransitions, 'paid', 'pending_payment')).toThrow(/cannot move/);
  expect(terminalStatuses(orderTransitions).sort()).toEqual(['cancelled', 'completed', 'refunded']);
});

test('the product lifecycle: only a schedule or an admin moves a product, and members never see hidden statuses', () => {
  for (const s of PRODUCT_STATUSES) for (const t of productTransitions[s]) expect(PRODUCT_STATUSES).toContain(t);
  expect(canTransition(productTransitions, 'scheduled', 'on_sale')).toBe(true);
  expect(canTransition(productTransitions, 'on_sale', 'draft')).toBe(false);
  expect(terminalStatuses(productTransitions)).toEqual([]);
  expect([...MEMBER_VISIBLE_PRODUCT_STATUSES].sort()).toEqual(['on_sale', 'pre_sale']);
});
