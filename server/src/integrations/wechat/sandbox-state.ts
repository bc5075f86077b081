/**
 * What the WeChat sandboxes know and a test may read in-process (never over HTTP): the session_keys and
 * access_tokens they issued, so a test can scan every answer for them; and a clock a test can move forward to see
 * codes expire without waiting.
 */
export const wechatSandboxState = {
  issuedSessionKeys: new Set<string>(),
  issuedAccessTokens: new Set<string>(),
  /** Added to Date.now() by the sandboxes: a test moves time forward with it. */
  clockOffsetMs: 0,
};

export function sandboxNow(): number {
  return Date.now() + wechatSandboxState.clockOffsetMs;
}

const REMEMBERED_MAX = 10_000;

/** Remembers an issued secret for the scans, forgetting the oldest past 10,000 so a long quickstart run stays small. */
export function rememberIssued(set: Set<string>, value: string): void {
  set.add(value);
  if (set.size > REMEMBERED_MAX) set.delete(set.values().next().value as string);
}
