/** @jsxImportSource hono/jsx */
import { MessagePage } from './layout.tsx';

/** The answer to a form sent too often (429): when to try again, and that nothing was sent. */
export function RateLimitedPage(props: { retryAfterSeconds: number }) {
  const minutes = Math.ceil(props.retryAfterSeconds / 60);
  const wait =
    props.retryAfterSeconds < 60 ? 'a minute' : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return (
    <MessagePage title="Please wait a moment">
      <p>
        This form has been sent many times in a short while, so we have paused it for now. Nothing
        was sent this time.
      </p>
      <p>Please try again in {wait}.</p>
      <p>
        <a class="button" href="/">
          Back to the start
        </a>
      </p>
    </MessagePage>
  );
}
