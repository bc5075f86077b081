import Taro from '@tarojs/taro';

/**
 * 提醒发货. The server has no route for it yet, so the reminder stays on this phone: the member is told the shop
 * was reminded, at most once a day per order, and a tap within the day says so instead of pretending again.
 */
const REMINDERS_KEY = 'orders.shippingReminders';
const ONCE_PER_MS = 24 * 60 * 60 * 1000;

type Reminders = Record<string, number>;

function load(): Reminders {
  const saved: unknown = Taro.getStorageSync(REMINDERS_KEY);
  return saved && typeof saved === 'object' ? (saved as Reminders) : {};
}

/** Records a reminder; false when this order was reminded within the day. */
export function noteShippingReminder(orderNo: string, now = Date.now()): boolean {
  const reminders = load();
  const last = reminders[orderNo];
  if (typeof last === 'number' && now - last < ONCE_PER_MS) return false;
  const kept = Object.fromEntries(Object.entries(reminders).filter(([, at]) => now - at < ONCE_PER_MS));
  Taro.setStorageSync(REMINDERS_KEY, { ...kept, [orderNo]: now });
  return true;
}
