/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** The console's pages: no footer for readers, a navigation bar when signed in. */
export function AdminPage(props: { title: string; children: Child; signedIn?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} · Tend console`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="stylesheet" href="/admin/admin.css" />
      </head>
      <body>
        <main class="admin">
          {props.signedIn === false ? null : (
            <nav class="admin">
              <a href="/admin">Overview</a>
              <a href="/admin/funnel">Funnel</a>
              <a href="/admin/subscribers">Subscribers</a>
              <a href="/admin/previews">Emails</a>
              <a href="/admin/integrations">API &amp; webhooks</a>
              <form method="post" action="/admin/logout">
                <button type="submit" class="secondary">
                  Sign out
                </button>
              </form>
            </nav>
          )}
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function Notice(props: { text: string | undefined }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen instead of widening
 * the page; focusable and named, so that keyboard users can scroll it too.
 */
export function TableBox(props: { label: string; children: Child }) {
  return (
    <section class="table-scroll" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}
