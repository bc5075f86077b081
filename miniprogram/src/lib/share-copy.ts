/** Card title used before the server's (copy-checked) title arrives. No earnings or recruiting promises. */
export const SHARE_TITLE_FALLBACK = '好物精选，邀你一起逛逛';
