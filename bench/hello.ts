// The ceiling: a bare Fastify server answering one small JSON, in its own process like the app,
// so the bench can say what share of "the most this machine and this load generator can do"
// each page reaches. Listens on 127.0.0.1 only, on PORT.
import Fastify from 'fastify';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('hello: PORT must be set');

const app = Fastify({ logger: false });
app.get('/', () => ({ hello: 'world' }));

const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
await app.listen({ port, host: '127.0.0.1' });
