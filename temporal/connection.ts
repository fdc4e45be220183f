// Connections to Temporal, built from the configuration: a local dev server by default, a
// cluster (with TLS or an API key) when TEMPORAL_ADDRESS says so.
import fs from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config';
import { dataConverterFor } from './codec';
import { NO_TRACING, type Tracing } from '../observability/tracing';
import { tracingClientInterceptors } from './tracing';

function tlsOptions(config: Config): ConnectionOptions['tls'] {
  const t = config.temporal.tls;
  if (!t.enabled) return undefined;
  return {
    serverNameOverride: t.serverName,
    serverRootCACertificate: t.caPath ? fs.readFileSync(t.caPath) : undefined,
    clientCertPair: t.certPath && t.keyPath ? { crt: fs.readFileSync(t.certPath), key: fs.readFileSync(t.keyPath) } : undefined,
  };
}

/** A client of the configured Temporal; with tracing on, every call to a workflow carries the active trace. */
export async function connectClient(config: Config, tracing: Tracing = NO_TRACING): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    tls: tlsOptions(config),
    apiKey: config.temporal.apiKey,
  });
  const interceptors = tracingClientInterceptors(tracing);
  return { client: new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config), ...(interceptors ? { interceptors } : {}) }), connection };
}

export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.temporal.address,
    tls: tlsOptions(config) as NativeConnectionOptions['tls'],
    apiKey: config.temporal.apiKey,
  });
}

/** True when the namespace answers. */
export async function temporalReachable(client: Client): Promise<boolean> {
  try {
    await client.connection.workflowService.describeNamespace({ namespace: client.options.namespace });
    return true;
  } catch {
    return false;
  }
}
