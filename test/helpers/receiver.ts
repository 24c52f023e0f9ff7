// A webhook receiver on 127.0.0.1 (a stand-in for Slack or Teams): records every request it gets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

export interface Receiver {
  /** The URL to give --notify; its path holds a token, as a real webhook's does. */
  url: string;
  token: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<Receiver> {
  const token = 'T0KEN-hook-5e3f9a1c7b2d';
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'], body });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/${token}`,
    token,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
