import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readCourses } from '../../src/node/deps.ts';
import { readBody } from '../../src/routes/body.ts';
import { parseSignup } from '../../src/subscribers/signup-input.ts';

/**
 * The signup baseline: a bare Hono app on @hono/node-server whose POST /subscribe reads and
 * validates the form exactly as Tend's route does (readBody, parseSignup), then answers as
 * Tend does, with no database, no email and no middleware. Prints {"port"} once it listens.
 */
const courses = readCourses();
const app = new Hono().post('/subscribe', async (c) => {
  const parsed = parseSignup(await readBody(c), { timezone: 'UTC', courses });
  if (!parsed.ok) return c.text('invalid', 400);
  return c.redirect('/check-your-inbox', 303);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ port: info.port }));
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
