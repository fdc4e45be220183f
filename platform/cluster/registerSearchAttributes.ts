// Registers the platform's custom search attributes (temporal/searchAttributes.ts) on a Temporal
// cluster, through the operator service, for one namespace (the SQL visibility store keeps them
// per namespace). Only the missing ones are added, so it can run at every start:
//   npx --no-install tsx platform/cluster/registerSearchAttributes.ts <address> <namespace>
// An attribute that exists with another type is reported and the script fails: a type cannot be
// changed in place (pick a new name, or drop and re-create it on a cluster without such cases).
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../temporal/searchAttributes';
import { Fatal, GRPC, grpcCode, say, sleep, usage, withConnection } from './admin';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
type IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const TIMEOUT_MS = Number(process.env.TEMPORAL_CLUSTER_WAIT_SECONDS ?? 180) * 1000;

/** 'Keyword' → INDEXED_VALUE_TYPE_KEYWORD, 'KeywordList' → INDEXED_VALUE_TYPE_KEYWORD_LIST, ... */
export function indexedValueType(type: string): IndexedValueType {
  const key = `INDEXED_VALUE_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as keyof typeof IndexedValueType;
  const value = IndexedValueType[key];
  if (typeof value !== 'number' || value === IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED) {
    throw new Error(`unknown search attribute type ${type}`);
  }
  return value;
}

const typeName = (t: IndexedValueType): string => (IndexedValueType[t] ?? String(t)).replace('INDEXED_VALUE_TYPE_', '');

async function main(): Promise<void> {
  const [address, namespace] = process.argv.slice(2);
  if (!address || !namespace) usage('registerSearchAttributes.ts <address> <namespace>');
  const wanted = Object.entries(SEARCH_ATTRIBUTES as Record<string, string>).map(([name, type]) => ({ name, type: indexedValueType(type) }));

  const added = await withConnection(address, TIMEOUT_MS, async (connection) => {
    const operator = connection.operatorService;
    const existing = async () => (await operator.listSearchAttributes({ namespace })).customAttributes ?? {};
    const present = await existing();
    const conflicts = wanted.filter(({ name, type }) => name in present && present[name] !== type);
    if (conflicts.length > 0) {
      throw new Fatal(conflicts.map(({ name, type }) => `${name} is ${typeName(present[name]!)} on the cluster, ${typeName(type)} in the code`).join('; '));
    }
    const missing = wanted.filter(({ name }) => !(name in present));
    if (missing.length > 0) {
      try {
        await operator.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map(({ name, type }) => [name, type])) });
      } catch (err) {
        // Another run added them at the same time: checked again below.
        if (grpcCode(err) !== GRPC.ALREADY_EXISTS) throw err;
      }
      const after = await existing();
      const still = missing.filter(({ name }) => !(name in after));
      if (still.length > 0) throw new Error(`not registered yet: ${still.map((s) => s.name).join(', ')}`);
    }
    return missing.map(({ name, type }) => `${name} (${typeName(type)})`);
  });

  if (added.length > 0) {
    // Every node reads a namespace's search attributes from its namespace cache, refreshed from
    // the database every 2 s (system.namespaceCacheRefreshInterval): give them time to see the new ones.
    await sleep(4_000);
    say(`search attributes added on ${namespace}: ${added.join(', ')}`);
  } else {
    say(`search attributes on ${namespace}: all ${wanted.length} present`);
  }
}

main().catch((err: unknown) => {
  say(`registerSearchAttributes: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
