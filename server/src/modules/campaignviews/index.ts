import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { registerCampaignViewJobs } from './campaignviews.jobs';
import { initCampaignViewModels } from './campaign-views.model';
export { countCampaignViews, viewerOf, type Viewer } from './count-views';
export { rollUpCampaignViews } from './roll-up-views';
export { campaignViewStats } from './view-stats';
export { EXPORT_LIMIT, VIEW_COLUMNS, viewCells } from './view-columns';

/**
 * Views of campaign pages (issue 12 effect tracking): the member reads count in Redis (no database write on the
 * read), a job rolls the counters into the database every minute, and each campaign's stats read them back with
 * the unique viewers, the views per sharing distributor and the view→order conversion.
 */
export const campaignViewsModule = defineModule<PlatformDeps>({
  name: 'campaignviews',
  initModels: initCampaignViewModels,
  jobs: registerCampaignViewJobs,
});
