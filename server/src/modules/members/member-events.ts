// the payloads live with every other event in the platform's event map
export type { MemberJoined, MemberReferrerChanged } from '../../platform/events/event-types';
