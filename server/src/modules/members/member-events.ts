/** `member.joined`: a member was created (first login), with the referrer bound at that moment, if any. */
export interface MemberJoined extends Record<string, unknown> {
  memberId: number;
  referrerId: number | null;
  /** The code the new member arrived with (share card, mini-program code scene or H5 link). */
  inviterCode: string | null;
}

/** `member.referrer_changed`: a binding was made or changed after registration (first touch, override, admin). */
export interface MemberReferrerChanged extends Record<string, unknown> {
  memberId: number;
  fromReferrerId: number | null;
  toReferrerId: number;
  /** Who changed it: `member:<id>`, `admin:<username>`, `system`. */
  actor: string;
  reason: string;
}
