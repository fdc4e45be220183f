// Small helpers for the cluster's set-up scripts (ensureNamespace.ts, registerSearchAttributes.ts):
// connecting with retries while the nodes are still starting, and reading gRPC status codes.
import { Connection } from '@temporalio/client';

/** gRPC status codes used here (google.rpc.Code). */
export const GRPC = { NOT_FOUND: 5, ALREADY_EXISTS: 6 } as const;

export function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** An error that waiting longer will not cure: withConnection gives up at once. */
export class Fatal extends Error {}

export function say(line: string): void {
  process.stderr.write(`[temporal-cluster] ${line}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` with a fresh connection to `address` until it succeeds or `timeoutMs` passes. */
export async function withConnection<T>(address: string, timeoutMs: number, fn: (connection: Connection) => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      return await fn(connection);
    } catch (err) {
      if (err instanceof Fatal) throw err;
      lastError = err;
      if (Date.now() > deadline) {
        throw new Error(`${address} did not answer within ${Math.round(timeoutMs / 1000)} s: ${(lastError as Error)?.message ?? String(lastError)}`);
      }
      await sleep(500);
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
}

export function usage(text: string): never {
  process.stderr.write(`usage: ${text}\n`);
  process.exit(2);
}
