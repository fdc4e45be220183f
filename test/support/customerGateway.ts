// A customer gateway (SMS/e-mail/letter service) for tests: a real HTTP server on a free port that
// records what the platform posts to it and can be told to fail.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutgoingCustomerMessage } from '../../services/customerMessages';

export interface ReceivedMessage {
  body: OutgoingCustomerMessage;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  status: number;
}

export interface TestGateway {
  url: string;
  /** Every request, answered or failed, in order. */
  received: ReceivedMessage[];
  /** The next `count` requests are answered with `status`. */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export async function startTestGateway(): Promise<TestGateway> {
  const received: ReceivedMessage[] = [];
  const failures: number[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const status = failures.shift() ?? 202;
      received.push({
        body: JSON.parse(raw) as OutgoingCustomerMessage,
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    received,
    failNext(count, status) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
