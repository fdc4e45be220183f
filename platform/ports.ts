// Free local ports, for the local Temporal server of tests, benchmarks and history captures.
import fs from 'node:fs';
import net from 'node:net';

/**
 * The first port of the range the kernel hands out on its own (outgoing connections, `listen(0)`,
 * the Temporal dev server's internal services). A port chosen below it is never taken by one of
 * those between the moment it is chosen and the moment its server listens on it.
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && low > 12_000) return low;
  } catch {
    // not Linux: the IANA dynamic range
  }
  return 49_152;
}

const RANGE_LOW = 10_000;

function listensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that is free right now, chosen at random outside the kernel's own range. */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = RANGE_LOW + Math.floor(Math.random() * (high - RANGE_LOW));
    if (await listensOn(port)) return port;
  }
  throw new Error(`no free TCP port between ${RANGE_LOW} and ${high} on 127.0.0.1`);
}
