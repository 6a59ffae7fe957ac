// A TCP proxy on 127.0.0.1 in front of PostgreSQL: `cut()` drops every connection and
// refuses new ones (the database is "unavailable"), `restore()` lets them through again.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './app-server';

export async function startTcpProxy(targetPort: number) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const close = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', close).on('close', close);
        upstream.on('error', close).on('close', close);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  return {
    port,
    async cut() {
      const current = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (current ? current.close(() => resolve()) : resolve()));
    },
    async restore() {
      if (!server) await listen();
    },
    async stop() {
      await this.cut();
    },
  };
}
