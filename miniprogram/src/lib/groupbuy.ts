const pad = (n: number) => String(n).padStart(2, '0');

/** What is left of a group's time as 时:分:秒 ("23:59:08"); '00:00:00' once over, '' when it has no expiry yet. */
export function timeLeftText(expiresAt: string | null, now: number): string {
  if (!expiresAt) return '';
  const seconds = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** The confirm page's link for starting (no groupId) or joining a group with one unit of a SKU. */
export function groupCheckoutUrl(skuId: number, campaignId: number, groupId?: number): string {
  return `/pages/order-confirm/index?skuId=${skuId}&quantity=1&groupCampaignId=${campaignId}${groupId ? `&groupId=${groupId}` : ''}`;
}

/** What 我的拼团 says of one of my places: the group's progress while it forms, then what became of my order. */
export function myGroupState(item: { memberStatus: string; group: { status: string } }): {
  label: string;
  tone: 'forming' | 'done' | 'refund' | 'pending';
} {
  switch (item.memberStatus) {
    case 'pending_payment':
      return { label: '待支付', tone: 'pending' };
    case 'refunding':
    case 'refund_failed':
      return { label: '退款中', tone: 'refund' };
    case 'refunded':
      return { label: '已退款', tone: 'refund' };
  }
  if (item.group.status === 'complete') return { label: '已成团', tone: 'done' };
  if (item.group.status === 'forming') return { label: '拼团中', tone: 'forming' };
  return { label: '拼团失败', tone: 'refund' };
}
