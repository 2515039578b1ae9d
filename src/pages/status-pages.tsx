/** @jsxImportSource hono/jsx */
import { MessagePage } from './layout.tsx';

/** 404 for an address no route knows. */
export function NotFoundPage() {
  return (
    <MessagePage title="Page not found">
      <p>There is no page at this address. It may have been mistyped or cut short.</p>
      <p>
        <a href="/">Go to the start page</a> · <a href="/help">Help</a>
      </p>
    </MessagePage>
  );
}

/** 413: a form or upload larger than any page of ours sends. */
export function TooLargePage() {
  return (
    <MessagePage title="That was too long to send">
      <p>Nothing was saved. Go back, shorten what you wrote, and send it again.</p>
      <p>
        <a href="/">Go to the start page</a> · <a href="/help">Help</a>
      </p>
    </MessagePage>
  );
}
