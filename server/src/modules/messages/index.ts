/** In-app messages (inbox), notices to one's team and WeChat subscribe messages. The only door. */
export { initMessageModels } from './message.model';
export { registerMessageRoutes } from './messages.routes';
export { registerMessageJobs } from './messages.jobs';
