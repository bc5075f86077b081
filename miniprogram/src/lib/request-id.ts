/** An idempotency key for placeOrder: 8-64 chars, fresh per submission attempt the member makes. */
export function newRequestId(): string {
  const random = () => Math.random().toString(36).slice(2, 10);
  return `mp-${Date.now().toString(36)}-${random()}${random()}`;
}
