import { ORDER_STATUSES, orderTransitions, paymentTransitions, PAYMENT_STATUSES } from './statuses';
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
