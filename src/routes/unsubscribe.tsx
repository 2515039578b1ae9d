/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { MessagePage } from '../pages/layout.tsx';
import { ownerOfToken } from '../subscribers/lookup.ts';
import { unsubscribe, unsubscribeEverywhere } from '../subscribers/unsubscribe.ts';
import { readBody } from './body.ts';

/**
 * GET shows a button; POST unsubscribes. The POST also serves RFC 8058 one-click requests
 * (body List-Unsubscribe=One-Click, no Origin header), answered 200 with an empty body, so
 * this path is exempt from the Origin check: the token alone is the authority here.
 */
export function unsubscribeRoutes(deps: Deps) {
  return new Hono()
    .get('/unsubscribe/:token', async (c) => {
      const token = c.req.param('token');
      const owner = await ownerOfToken(deps, token, 'unsubscribe');
      if (!owner) return c.html(<InvalidLink />, 404);
      if (owner.subscriber.status === 'unsubscribed') return c.html(<Done />);
      // The email that carried this link carried its preferences link too.
      const preferences = await deps.signer.sign(owner.delivery.tokenId, 'preferences');
      const several = deps.courses.all.length > 1;
      const course = deps.courses.byId(owner.subscriber.courseId);
      // Discreet readers see no course name on the page either.
      const name = owner.subscriber.discreet || !course ? 'these emails' : course.title;
      return c.html(
        <MessagePage title="Unsubscribe?">
          <p>
            Press the button and you will get no more emails {several ? `of ${name}` : 'from us'}.
          </p>
          <form method="post" action={`/unsubscribe/${token}`}>
            <button type="submit">Unsubscribe</button>
          </form>
          {several ? (
            <form method="post" action={`/unsubscribe/${token}`}>
              <input type="hidden" name="scope" value="everything" />
              <button type="submit" class="secondary">
                Stop everything: no more emails from any course
              </button>
            </form>
          ) : null}
          <p class="muted">
            If you only need some quiet, you can{' '}
            <a href={`/preferences/${preferences}`}>take a break or change the time</a> instead.
          </p>
        </MessagePage>,
      );
    })
    .post('/unsubscribe/:token', async (c) => {
      const body = await readBody(c);
      const oneClick = body['List-Unsubscribe'] === 'One-Click';
      const owner = await ownerOfToken(deps, c.req.param('token'), 'unsubscribe');
      if (!owner) return oneClick ? c.body(null, 404) : c.html(<InvalidLink />, 404);
      const everything = !oneClick && body.scope === 'everything';
      if (everything) {
        await unsubscribeEverywhere(deps, owner.subscriber.subscriberId, 'stop everything');
      } else {
        await unsubscribe(deps, owner.subscriber.id, oneClick ? 'one-click' : 'unsubscribe page');
      }
      deps.log.info('subscriber.unsubscribed', {
        subscriber: owner.subscriber.id,
        oneClick,
        everything,
      });
      return oneClick ? c.body(null, 200) : c.html(<Done />);
    });
}

function Done() {
  return (
    <MessagePage title="You're unsubscribed">
      <p>You will get no more emails from us. We hope the days ahead are kind to you.</p>
      <p class="muted">Changed your mind? You can sign up again at any time.</p>
    </MessagePage>
  );
}

function InvalidLink() {
  return (
    <MessagePage title="This link doesn't work">
      <p>
        It may be incomplete: some email apps cut long links. Try the unsubscribe link in another of
        our emails, or use your email app's own unsubscribe button.
      </p>
    </MessagePage>
  );
}
