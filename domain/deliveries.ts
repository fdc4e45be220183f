// Rules of notice deliveries (e-mail, chat robot) that need no I/O: when a failed send is tried
// again, and where a message's link opens the case.

/** The wait after the `attempts`-th failure: the base, doubling, at most 64 times the base. */
export const retryDelayMs = (attempts: number, baseMs: number): number => baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 6);

/** Where a case opens in the workspace; a case type without a page of its own
 * (an anomaly report, a platform job) opens the inbox. */
export function caseLink(publicUrl: string, caseType: string, caseId: string): string {
  const paths: Record<string, string> = {
    complaint: 'complaints',
    service_call: 'service-calls',
    contract: 'contracts',
    accountability: 'accountability',
  };
  const collection = paths[caseType];
  return collection ? `${publicUrl}/${collection}/${encodeURIComponent(caseId)}` : `${publicUrl}/inbox`;
}
