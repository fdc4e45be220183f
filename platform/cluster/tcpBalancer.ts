// A small TCP load balancer for the local Temporal cluster, used by scripts/temporal-cluster.sh
// when HAProxy is not available (TEMPORAL_CLUSTER_BALANCER=node forces it). It does what the
// HAProxy configuration does:
// - each new client connection goes to the next healthy frontend (round robin) and, if that
//   connection is refused, to the other one;
// - every second each frontend's HTTP API is asked for GetClusterInfo; two misses mark it down,
//   two answers up again;
// - when a frontend is marked down, the client connections open to it are closed, so that gRPC
//   clients (which keep one HTTP/2 connection for a long time) reconnect, to a node that is up.
//   npx --no-install tsx platform/cluster/tcpBalancer.ts <listen host:port> <grpc host:port>=<http host:port> ...
import http from 'node:http';
import net from 'node:net';

interface Backend {
  name: string;
  host: string;
  port: number;
  healthUrl: string;
  up: boolean;
  misses: number;
  hits: number;
  sockets: Set<net.Socket>;
}

const FALL = 2;
const RISE = 2;
const CHECK_EVERY_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function hostPort(s: string): { host: string; port: number } {
  const i = s.lastIndexOf(':');
  const port = Number(s.slice(i + 1));
  if (i < 1 || !Number.isInteger(port) || port <= 0) throw new Error(`not host:port: ${s}`);
  return { host: s.slice(0, i), port };
}

const [listen, ...specs] = process.argv.slice(2);
if (!listen || specs.length === 0) {
  process.stderr.write('usage: tcpBalancer.ts <listen host:port> <grpc host:port>=<http host:port> ...\n');
  process.exit(2);
}
const backends: Backend[] = specs.map((spec, i) => {
  const [grpc, httpAddr] = spec.split('=');
  const { host, port } = hostPort(grpc!);
  const h = hostPort(httpAddr ?? grpc!);
  // Optimistic at start (like HAProxy): the first health check follows within a second.
  return { name: `node${i + 1}`, host, port, healthUrl: `http://${h.host}:${h.port}/api/v1/cluster-info`, up: true, misses: 0, hits: 0, sockets: new Set() };
});

function check(b: Backend): void {
  const req = http.get(b.healthUrl, { timeout: CHECK_EVERY_MS }, (res) => {
    res.resume();
    record(b, res.statusCode === 200);
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => record(b, false));
}

function record(b: Backend, ok: boolean): void {
  if (ok) {
    b.misses = 0;
    if (!b.up && ++b.hits >= RISE) {
      b.up = true;
      log(`${b.name} ${b.host}:${b.port} is UP`);
    }
    return;
  }
  b.hits = 0;
  if (b.up && ++b.misses >= FALL) {
    b.up = false;
    log(`${b.name} ${b.host}:${b.port} is DOWN: closing its ${b.sockets.size} client connections`);
    for (const s of b.sockets) s.destroy();
  }
}

setInterval(() => backends.forEach(check), CHECK_EVERY_MS);
backends.forEach(check);

let next = 0;

/** Backends to try for a new connection: healthy ones from the round-robin position, then the others. */
function candidates(): Backend[] {
  const start = next++ % backends.length;
  const ordered = backends.map((_, i) => backends[(start + i) % backends.length]!);
  return [...ordered.filter((b) => b.up), ...ordered.filter((b) => !b.up)];
}

function connect(client: net.Socket, tries: Backend[]): void {
  const b = tries.shift();
  if (!b) {
    log(`no frontend accepted a connection from ${client.remoteAddress}:${client.remotePort}`);
    client.destroy();
    return;
  }
  const upstream = net.connect({ host: b.host, port: b.port });
  upstream.setTimeout(CONNECT_TIMEOUT_MS, () => upstream.destroy(new Error('connect timeout')));
  // Before the connection is made: refused or timed out, try the next frontend.
  upstream.once('error', (err) => {
    if (client.destroyed) return;
    log(`${b.name}: ${err.message}; trying the next frontend`);
    connect(client, tries);
  });
  upstream.once('connect', () => {
    upstream.setTimeout(0);
    upstream.setNoDelay(true);
    b.sockets.add(client);
    const done = () => {
      b.sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    upstream.removeAllListeners('error');
    upstream.on('error', done).on('close', done);
    client.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
}

const { host, port } = hostPort(listen);
const server = net.createServer({ pauseOnConnect: true }, (client) => {
  client.setNoDelay(true);
  client.on('error', () => client.destroy());
  connect(client, candidates());
});
server.listen(port, host, () => log(`listening on ${host}:${port} -> ${backends.map((b) => `${b.name} ${b.host}:${b.port}`).join(', ')}`));

const stop = () => {
  server.close();
  for (const b of backends) for (const s of b.sockets) s.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
