import type { Page } from 'playwright-core';

/**
 * The benefits pages in H5: from 我的, open 我的积分, sign in once, see the balance, exchange the points for a
 * reward; then open 会员等级 and see the level card with its progress bar. Relies on e2e-* classNames (and the
 * modal's 确定).
 */
const WAIT_MS = 20_000;
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`).first();

export async function runBenefitsFlow(page: Page, baseUrl: string): Promise<{ points: string; level: string }> {
  await page.goto(`${baseUrl.replace(/\/$/, '')}/#/pages/mine/index`);
  const login = visible(page, '.e2e-login');
  const nickname = visible(page, '.e2e-member-nickname');
  await Promise.race([
    login.waitFor({ state: 'visible', timeout: WAIT_MS }),
    nickname.waitFor({ state: 'visible', timeout: WAIT_MS }),
  ]);
  if (await login.isVisible()) await login.click();
  await nickname.waitFor({ state: 'visible', timeout: WAIT_MS });

  await visible(page, '.e2e-mine-points').click();
  const signIn = visible(page, '.e2e-sign-in');
  await signIn.waitFor({ state: 'visible', timeout: WAIT_MS });
  await signIn.click();
  await visible(page, '.e2e-points-entry').waitFor({ state: 'visible', timeout: WAIT_MS });
  const points = (await visible(page, '.e2e-points-available').textContent()) ?? '';

  // spend them on the reward the test created (cost 5): confirm in the modal, see it under 我的兑换
  await visible(page, '.e2e-open-rewards').click();
  await visible(page, '.e2e-exchange').click();
  await page.getByText('确定', { exact: true }).last().click();
  await visible(page, '.e2e-exchange-row').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.goBack();

  await page.goBack();
  // let 我的 finish coming back before leaving it again: a click during the route change opened a blank page
  await page.waitForURL(/pages\/mine\/index/, { timeout: WAIT_MS });
  await visible(page, '.e2e-member-nickname').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.waitForTimeout(300);
  await visible(page, '.e2e-mine-level').click();
  await visible(page, '.e2e-level-progress').waitFor({ state: 'attached', timeout: WAIT_MS });
  const level = (await visible(page, '.e2e-level-name').textContent()) ?? '';
  return { points: points.trim(), level: level.trim() };
}
