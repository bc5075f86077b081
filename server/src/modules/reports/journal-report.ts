import type { JournalRow, ReportFilter } from '@mall/shared/admin';
import { journalPage, type JournalEntryView } from '../ledger';
import { rangeOf } from './report-range';
import type { ReportsDeps } from './reports-deps';

export const toJournalRow = (e: JournalEntryView): JournalRow => ({
  entryId: e.entryId,
  at: e.at.toISOString(),
  transactionId: e.transactionId,
  transactionKey: e.transactionKey,
  kind: e.kind,
  memo: e.memo,
  subject: e.subjectType ? `${e.subjectType}:${e.subjectId ?? ''}` : null,
  accountCode: e.accountCode,
  amountFen: e.amountFen,
  balanceAfterFen: e.balanceAfterFen,
});

/** One page of the journal in the range, after an entry id (keyset: pages never shift under new postings). */
export async function journalRows(
  deps: ReportsDeps,
  f: ReportFilter,
  afterId: number,
  limit: number,
): Promise<JournalEntryView[]> {
  return journalPage(deps.sequelize, {
    ...rangeOf(f),
    afterId,
    limit,
    accountCode: f.accountCode,
    memberId: f.distributorId,
  });
}
