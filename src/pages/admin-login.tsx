/** @jsxImportSource hono/jsx */
import { AdminPage } from './admin-layout.tsx';

export function LoginPage(props: { error?: string }) {
  return (
    <AdminPage title="Sign in" signedIn={false}>
      <form method="post" action="/admin/login" class="card">
        <label for="password">Console password</label>
        <input
          id="password"
          name="password"
          type="password"
          required
          autocomplete="current-password"
          maxlength={1024}
        />
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </AdminPage>
  );
}

/** Development only: what to do when the console has no password (production: 404). */
export function ConsoleOffPage() {
  return (
    <AdminPage title="The console is off" signedIn={false}>
      <p>
        The operator's console needs a password. Set <code>ADMIN_PASSWORD</code> in the environment
        (at least 12 characters in production) and restart Tend, then come back here to sign in.
      </p>
      <pre class="email">ADMIN_PASSWORD='a long passphrase' npm start</pre>
      <p class="muted">
        On Workers, store it as a secret: <code>wrangler secret put ADMIN_PASSWORD</code>. Without
        it, a production deployment answers 404 here.
      </p>
    </AdminPage>
  );
}
