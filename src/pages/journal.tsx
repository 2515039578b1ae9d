/** @jsxImportSource hono/jsx */

import { WAITING_FOR_BOTH } from '../couples/reveal.ts';
import { entryDate, type JournalEntry, type JournalSection } from '../reflections/journal.ts';
import { MAX_REFLECTION_CHARS } from '../reflections/save.ts';
import { Page } from './layout.tsx';
import { SignOutButton } from './sign-in.tsx';

const PRIVATE =
  'Only you can read this. It is stored encrypted, and the people who run this course cannot read it.';

export function ReflectPage(props: {
  token: string;
  /** The journal's address from here: its own link, or the signed-in journal. */
  journalHref: string;
  /** The subscriber's time zone, for the dates entries were written. */
  zone: string;
  heading: string;
  prompt: string;
  web: JournalEntry | undefined;
  replies: readonly JournalEntry[];
  notice?: string;
  /** Linked with a partner (couples mode): the form offers to share. */
  linked?: boolean;
}) {
  return (
    <Page title="Your reflection">
      <p class="muted">{props.heading}</p>
      <h1>{props.prompt}</h1>
      {props.notice ? <p class="card">{props.notice}</p> : null}
      <form method="post" action={`/reflect/${props.token}`}>
        <label for="text">Your reflection</label>
        <textarea id="text" name="text" maxlength={MAX_REFLECTION_CHARS}>
          {props.web?.text ?? ''}
        </textarea>
        {props.linked ? (
          <p>
            <input
              type="checkbox"
              id="share_with_partner"
              name="share_with_partner"
              checked={props.web?.shared ?? false}
            />{' '}
            <label for="share_with_partner">
              Share with my partner (they see it only once you have both shared for this lesson)
            </label>
          </p>
        ) : null}
        <p class="muted">
          <small>
            {props.linked ? 'Unless you share it, only you can read this.' : PRIVATE} Leave it empty
            and save to remove it.
          </small>
        </p>
        <button type="submit">Save to my journal</button>
      </form>
      {props.replies.length > 0 ? (
        <section>
          <h2>Your replies by email</h2>
          {props.replies.map((entry) => (
            <div key={entry.id}>
              <Entry entry={entry} zone={props.zone} />
              {props.linked ? <ShareReply token={props.token} entry={entry} /> : null}
            </div>
          ))}
        </section>
      ) : null}
      <p>
        <a href={props.journalHref}>Open your whole journal</a>
      </p>
    </Page>
  );
}

export function JournalPage(props: {
  /** The address this journal was opened at: `/journal/<token>`, or `/journal` signed in. */
  base: string;
  signedIn: boolean;
  /** The subscriber's time zone, for the dates entries were written. */
  zone: string;
  /** One per course the reader takes (a journal link opens its own course's only). */
  journals: readonly { title: string; sections: readonly JournalSection[] }[];
}) {
  const several = props.journals.length > 1;
  return (
    <Page title="Your journal">
      <h1>Your journal</h1>
      <p class="muted">{PRIVATE}</p>
      {props.journals.every((journal) => journal.sections.length === 0) ? (
        <p class="card">
          Nothing here yet. When a lesson asks a question, reply to the email or use its "Write your
          reflection" link, and your words will be kept here. There is no wrong answer, and no
          hurry.
        </p>
      ) : null}
      {props.journals.map((journal) => (
        <>
          {several && journal.sections.length > 0 ? <h2>{journal.title}</h2> : null}
          {journal.sections.map((section) => (
            <section key={section.deliveryId} class="card">
              {several ? <h3>{section.heading}</h3> : <h2>{section.heading}</h2>}
              {section.prompt ? <p class="muted">{section.prompt}</p> : null}
              {section.entries.map((entry) => (
                <Entry key={entry.id} entry={entry} zone={props.zone} />
              ))}
              {section.partner?.state === 'revealed' ? (
                <div class="partner-side">
                  <h3>Your partner shared</h3>
                  {section.partner.reflections.map((entry) => (
                    <Entry key={entry.id} entry={entry} zone={props.zone} />
                  ))}
                </div>
              ) : section.partner ? (
                <p class="muted partner-side">{WAITING_FOR_BOTH}.</p>
              ) : null}
            </section>
          ))}
        </>
      ))}
      <p>
        <a class="button" href={`${props.base}/download`}>
          Download as Markdown
        </a>
      </p>
      {props.signedIn ? <SignOutButton /> : null}
    </Page>
  );
}

/**
 * A reply by email is private when it arrives; linked, the reader may share it afterwards
 * (mutual reveal then applies as for the web reflection), or stop sharing it.
 */
function ShareReply({ token, entry }: { token: string; entry: JournalEntry }) {
  const id = `share_with_partner_${entry.id}`;
  return (
    <form method="post" action={`/reflect/${token}/share`} class="share-reply">
      <input type="hidden" name="reflection" value={String(entry.id)} />
      <p>
        <input type="checkbox" id={id} name="share_with_partner" checked={entry.shared} />{' '}
        <label for={id}>Share this reply with my partner</label>
      </p>
      <button type="submit" class="secondary">
        Save
      </button>
    </form>
  );
}

function Entry({ entry, zone }: { entry: JournalEntry; zone: string }) {
  return (
    <div>
      <p class="muted">
        <small>{entryDate(entry, zone)}</small>
      </p>
      {entry.text.split(/\n{2,}/).map((paragraph, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity of their own
        <p key={index} class="written">
          {paragraph}
        </p>
      ))}
    </div>
  );
}
