import type { PlatformDeps } from '../../platform/deps';

/** The reports read other modules through their doors; the platform is all they need beyond them. */
export type ReportsDeps = PlatformDeps;
