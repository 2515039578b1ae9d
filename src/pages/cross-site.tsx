/** @jsxImportSource hono/jsx */
import { MessagePage } from './layout.tsx';

/** The answer to a form another site sent through the visitor's browser (403). */
export function CrossSitePage() {
  return (
    <MessagePage title="This form came from another site">
      <p>
        Nothing was changed. For your safety we only accept forms sent from our own pages. If you
        were using one of them, go back, reload the page and try again.
      </p>
      <p>
        <a class="button" href="/">
          Go to the start page
        </a>{' '}
        <a href="/help">Help</a>
      </p>
    </MessagePage>
  );
}
