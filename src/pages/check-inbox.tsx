/** @jsxImportSource hono/jsx */
import { Page } from './layout.tsx';

export interface CheckInboxProps {
  /** The address the form was sent with, when this browser sent it (else unknown). */
  email?: string;
  /** What the confirmation shows in an inbox: the neutral names when discreet was chosen. */
  sender: string;
  senderAddress: string;
  subject: string;
  confirmationDays: number;
  /** Set after "send it again": the answer, the same whether or not the address is known. */
  again?: boolean;
}

/** After signing up: where the email went, how to recognise it, and what to do if it is not there. */
export function CheckInboxPage(props: CheckInboxProps) {
  return (
    <Page title="Check your inbox">
      <h1>Check your inbox</h1>
      {props.again ? (
        <p class="card" role="status">
          If that address is waiting to be confirmed, another confirmation email is on its way. We
          send at most one every ten minutes.
        </p>
      ) : null}
      <p>
        {props.email ? (
          <>
            If <strong>{props.email}</strong> can receive mail, a confirmation email is on its way
            to it.
          </>
        ) : (
          <>If the address you gave can receive mail, a confirmation email is on its way to it.</>
        )}{' '}
        Nothing starts until you open it and press the button.
      </p>
      <div class="card">
        <h2>What to look for</h2>
        <dl class="envelope">
          <dt>From</dt>
          <dd>
            {props.sender} <span class="muted">({props.senderAddress})</span>
          </dd>
          <dt>Subject</dt>
          <dd>{props.subject}</dd>
        </dl>
        <p>
          The link in it works for {props.confirmationDays} days. It usually arrives within a minute
          or two; if it does not, look in your spam, junk or promotions folder.
        </p>
      </div>
      <h2>Nothing arrived?</h2>
      <form method="post" action="/check-your-inbox" class="card">
        <label for="email">Send it again to</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autocomplete="email"
          maxlength={254}
          value={props.email ?? ''}
        />
        <button type="submit">Send it again</button>
        <p class="muted">
          <small>
            Check the address for typing mistakes first. If it was wrong,{' '}
            <a href="/">sign up again with the right one</a>.
          </small>
        </p>
      </form>
    </Page>
  );
}
