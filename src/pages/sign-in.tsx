/** @jsxImportSource hono/jsx */
import { MessagePage } from './layout.tsx';

/** The form that asks for a sign-in link: the address only, never filled in for anyone. */
export function SignInForm() {
  return (
    <form method="post" action="/signin">
      <label for="signin-email">Your email address</label>
      <input id="signin-email" name="email" type="email" autocomplete="email" required />
      <button type="submit">Email me a sign-in link</button>
    </form>
  );
}

/** Shown instead of the journal or the data when a sign-in is needed first. */
export function SignInOfferPage() {
  return (
    <MessagePage title="Sign in to continue">
      <p>
        Your journal and your data are private. To open them, we email a sign-in link to your own
        address. It works once, for 30 minutes.
      </p>
      <SignInForm />
    </MessagePage>
  );
}

export function SignInSentPage() {
  return (
    <MessagePage title="Check your email">
      <p>
        If that address has a subscription here, a sign-in link is on its way to it. The link works
        once, for 30 minutes. Nothing arrived? Check your spam folder, or ask again in a few
        minutes.
      </p>
    </MessagePage>
  );
}

/** The page a sign-in link opens: a button, since mail scanners follow links. */
export function SignInLinkPage({ token }: { token: string }) {
  return (
    <MessagePage title="Sign in">
      <p>Press the button to sign in on this device. You stay signed in for 30 minutes.</p>
      <form method="post" action={`/signin/${token}`}>
        <button type="submit">Sign in</button>
      </form>
    </MessagePage>
  );
}

export function SignInLinkSpentPage() {
  return (
    <MessagePage title="This sign-in link has been used or has expired">
      <p>
        A sign-in link works once, for 30 minutes. You can ask for a new one: it goes to the address
        you subscribed with.
      </p>
      <SignInForm />
    </MessagePage>
  );
}

export function SignOutButton() {
  return (
    <form method="post" action="/signout">
      <button type="submit" class="secondary">
        Sign out
      </button>
    </form>
  );
}

/** What a signed-in subscriber can do: read, download, erase, sign out. */
export function AccountPage() {
  return (
    <MessagePage title="You are signed in">
      <p>
        <a class="button" href="/journal">
          Read your journal
        </a>
      </p>
      <section class="card">
        <h2>Your data</h2>
        <p>
          Download everything we keep about you (your settings, the emails we sent and your
          journal), or erase it all for good.
        </p>
        <form method="post" action="/account">
          <input type="hidden" name="action" value="export" />
          <button type="submit" class="secondary">
            Download my data
          </button>
        </form>
        <form method="post" action="/account">
          <input type="hidden" name="action" value="erase" />
          <button type="submit" class="secondary">
            Erase me…
          </button>
        </form>
      </section>
      <SignOutButton />
    </MessagePage>
  );
}

export function AccountEraseConfirmPage() {
  return (
    <MessagePage title="Erase everything?">
      <p>
        This deletes your address, your settings, the record of our emails and everything you wrote
        in your journal. It cannot be undone, and no link in our emails will work afterwards.
      </p>
      <p>You may want to download your data first.</p>
      <form method="post" action="/account">
        <input type="hidden" name="action" value="erase-confirmed" />
        <input type="hidden" name="confirm" value="erase" />
        <button type="submit">Yes, erase everything</button>
      </form>
      <p>
        <a href="/account">No, take me back</a>
      </p>
    </MessagePage>
  );
}

export function SignedOutPage() {
  return (
    <MessagePage title="Signed out">
      <p>You are signed out on this device.</p>
    </MessagePage>
  );
}
