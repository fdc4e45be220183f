import type { LocalTemporal } from '../../platform/localTemporal';

export default async function globalTeardown(): Promise<void> {
  const temporal = (globalThis as Record<string, unknown>).__TEST_TEMPORAL__ as LocalTemporal | undefined;
  await temporal?.stop();
}
