/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

export function Page(props: { title: string; children: Child; script?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <main>
          {props.children}
          <footer>
            <p class="safety">
              If you feel afraid of your partner or controlled by them, or you are thinking about
              harming yourself, you don't have to face it alone. <a href="/help">Find help here</a>.
            </p>
          </footer>
        </main>
        {props.script ? <script src="/assets/timezone.js" defer /> : null}
      </body>
    </html>
  );
}

/** A short page that says one thing, with an optional way forward. */
export function MessagePage(props: { title: string; children: Child }) {
  return (
    <Page title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
    </Page>
  );
}
