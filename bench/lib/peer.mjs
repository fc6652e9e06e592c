// Starts the peer, Platformatic DB, from platformatic.json, exactly as `plt-db start` builds it, but listening
// on 127.0.0.1 only: `plt-db start` switches to 0.0.0.0 whenever it believes it runs in a container.
//   PLT_BENCH_PEER_PORT=3088 PLT_BENCH_DATABASE_URL=postgres://... node bench/lib/peer.mjs
import { fileURLToPath } from 'node:url';
import db from '@platformatic/db';

const config = fileURLToPath(new URL('./platformatic.json', import.meta.url));
const app = await db.buildServer(config);
const port = Number(process.env.PLT_BENCH_PEER_PORT);
const url = await app.listen({ host: '127.0.0.1', port });
console.log(`peer listening on ${url}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, async () => {
    await app.close();
    process.exit(0);
  });
}
