import type { Page } from 'playwright-core';
import { click, openTab, visible, WAIT_MS } from './purchase-flow';

/**
 * The team pages in H5, for a logged-in leader: 我的 → 我的团队 (figures, the two level tabs), 团队培训 (the sessions
 * the leader announced, one session's sign-ups), 团队排行 (the new-members board and my rank). Relies only on e2e-*
 * classNames.
 */

export interface TeamShown {
  direct: string;
  indirect: string;
  /** nicknames on the 直属成员 tab, then on the 二级成员 tab */
  levelOne: string[];
  levelTwo: string[];
}

const texts = async (page: Page, selector: string) =>
  (await visible(page, selector).allTextContents()).map((t) => t.trim());

/** Waits until a list shows `count` rows of `selector` (the list loads after the page). */
async function rows(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([s, n]) =>
      Array.from(document.querySelectorAll(s)).filter((e) => (e as HTMLElement).offsetParent !== null).length === n,
    [selector, count] as const,
    { timeout: WAIT_MS },
  );
}

export async function openMyTeam(page: Page, baseUrl: string, expected: { levelOne: number; levelTwo: number }) {
  await openTab(page, baseUrl, 'pages/mine/index');
  await click(visible(page, '.e2e-my-team').first());
  await visible(page, '.e2e-team-direct').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await rows(page, '.e2e-team-member', expected.levelOne);
  const levelOne = await texts(page, '.e2e-team-member .team__name');
  await click(visible(page, '.e2e-team-tab').nth(1));
  await rows(page, '.e2e-team-member', expected.levelTwo);
  const levelTwo = await texts(page, '.e2e-team-member .team__name');
  const shown: TeamShown = {
    direct: ((await visible(page, '.e2e-team-direct').first().textContent()) ?? '').trim(),
    indirect: ((await visible(page, '.e2e-team-indirect').first().textContent()) ?? '').trim(),
    levelOne,
    levelTwo,
  };
  return shown;
}

/** From 我的团队: 团队培训 → 我发起的 → the one session → its sign-ups' nicknames. Comes back to 我的团队. */
export async function readLedSession(page: Page): Promise<{ title: string; signups: string[] }> {
  await click(visible(page, '.e2e-team-sessions').first());
  await click(visible(page, '.e2e-sessions-tab').nth(2));
  const card = visible(page, '.e2e-session-card').first();
  await card.waitFor({ state: 'visible', timeout: WAIT_MS });
  const title = ((await visible(page, '.e2e-session-card .session-card__title').first().textContent()) ?? '').trim();
  await click(card);
  const signup = visible(page, '.e2e-session-signup').first();
  await signup.waitFor({ state: 'visible', timeout: WAIT_MS });
  const signups = await texts(page, '.e2e-session-signup');
  await page.goBack();
  await page.goBack();
  await page.waitForURL(/subpackages\/team\/pages\/team\/index/, { timeout: WAIT_MS });
  return { title, signups };
}

/** From 我的团队: 团队排行 → 新增成员, this period: what 我的排名 says. */
export async function readMyNewMembersRank(page: Page): Promise<string> {
  await visible(page, '.e2e-team-direct').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await click(visible(page, '.e2e-team-ranking-link').first());
  await visible(page, '.e2e-ranking-me').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await click(visible(page, '.e2e-ranking-tab').nth(1));
  const entry = visible(page, '.e2e-ranking-entry.is-me').first();
  await entry.waitFor({ state: 'visible', timeout: WAIT_MS });
  return ((await visible(page, '.e2e-ranking-me').first().textContent()) ?? '').trim();
}
