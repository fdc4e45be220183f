// Registers a namespace on the cluster if it is missing, then waits until it answers on every
// address given: the load balancer first, then (optionally) each node's frontend directly.
//   npx --no-install tsx platform/cluster/ensureNamespace.ts <address> <namespace> <retention days> [<frontend address>...]
// Idempotent: a namespace that exists is left as it is (its retention is not changed).
import { msToTs } from '@temporalio/common/lib/time';
import { GRPC, grpcCode, say, sleep, usage, withConnection } from './admin';

const TIMEOUT_MS = Number(process.env.TEMPORAL_CLUSTER_WAIT_SECONDS ?? 180) * 1000;

async function main(): Promise<void> {
  const [address, namespace, days, ...frontends] = process.argv.slice(2);
  if (!address || !namespace || !days || !/^\d+$/.test(days)) usage('ensureNamespace.ts <address> <namespace> <retention days> [<frontend address>...]');

  const outcome = await withConnection(address, TIMEOUT_MS, async (connection) => {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return 'present';
    } catch (err) {
      if (grpcCode(err) !== GRPC.NOT_FOUND) throw err;
    }
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'After-sales platform',
        workflowExecutionRetentionPeriod: msToTs(Number(days) * 24 * 60 * 60 * 1000),
      });
      return 'registered';
    } catch (err) {
      if (grpcCode(err) === GRPC.ALREADY_EXISTS) return 'present';
      throw err;
    }
  });
  say(outcome === 'registered' ? `namespace ${namespace} registered (retention ${days} d)` : `namespace ${namespace} present`);

  // Each node's frontend learns about a new namespace from the database within a few seconds
  // (its namespace cache); a list call goes through that cache, so it is the call to wait for.
  // Through the balancer, several fresh connections reach both nodes (round robin).
  const targets = [...frontends, address, address, address, address];
  for (const target of targets) {
    await withConnection(target, TIMEOUT_MS, async (connection) => {
      await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
    });
  }
  if (outcome === 'registered') await sleep(3_000);
  say(`namespace ${namespace} answers on ${[address, ...frontends].join(', ')}`);
}

main().catch((err: unknown) => {
  say(`ensureNamespace: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
