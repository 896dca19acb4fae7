/**
 * A tiny forward proxy for tests: answers HTTP `CONNECT host:port` with a TCP tunnel (what a
 * client does for an https target behind `http.proxy`) and records every tunnel it opened. Plain
 * http requests through it are refused: the tests only need tunnels.
 */
import * as http from 'node:http';
import * as net from 'node:net';

/** A running proxy. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for `http.proxy`. */
  readonly url: string;
  /** Every CONNECT target, in order (`host:port`). */
  readonly connects: readonly string[];
  close(): Promise<void>;
}

/** Starts a CONNECT proxy on 127.0.0.1. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('this test proxy only tunnels (CONNECT)');
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connects,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
