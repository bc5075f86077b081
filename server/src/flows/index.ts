import { defineModule } from '../platform/module';
import { registerMemberAdminRoutes, registerMemberProfileRoutes, type MemberFlowDeps } from './member-profile.routes';

/**
 * Stories that span modules, above them: each calls the modules' doors (one transaction passed as `tx` where a
 * story writes to several). Listed last in module-registry.ts, so every module's models exist before.
 */
export const flowsModule = defineModule<MemberFlowDeps>({
  name: 'flows',
  routes(api, deps) {
    registerMemberProfileRoutes(api, deps); // registration, me, profile (members + team + loyalty)
    registerMemberAdminRoutes(api, deps); // admin member search, export, detail (members + team + loyalty)
  },
});
