import type { InvariantQuery } from '../../platform/module';

export const segmentInvariants: readonly InvariantQuery[] = [
  {
    name: "a computed segment's member count is its membership",
    sql: `SELECT s.id, s.member_count, COUNT(m.member_id) AS members
            FROM segments s LEFT JOIN segment_members m ON m.segment_id = s.id
           WHERE s.computed_at IS NOT NULL
           GROUP BY s.id, s.member_count
          HAVING COUNT(m.member_id) <> s.member_count`,
  },
];
