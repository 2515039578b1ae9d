import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import { plainTextRenderOptions } from '../../emails/plain-text.ts';
import type { WaitReason } from '../couples/pace.ts';
import { waitSentence } from '../couples/wait-note.ts';
import type { Course, Role } from '../course/course.ts';
import { kindOf, lessonStep, SIGN_IN_KEY } from '../course/message-key.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import type { LinkPurpose, Purpose } from '../tokens/purpose.ts';
import { emailElement, senderName } from './email-element.ts';
import { withFillings } from './fillings.ts';
import { deliveryIdempotencyKey, type OutgoingEmail } from './message.ts';
import {
  compileTemplate,
  filled,
  htmlFilling,
  type LinkTokens,
  latin1Html,
  oneByte,
  PLACEHOLDER,
  type RecipientValues,
  type Template,
  textFilling,
} from './placeholders.ts';

/** The tokens of one email by purpose (src/tokens/links.ts signs them): links and Reply-To. */
export type EmailTokens = Readonly<Partial<Record<Purpose, string>>>;

export interface ComposeSettings {
  readonly course: Course;
  readonly publicUrl: string;
  readonly mailFrom: string;
  readonly replyDomain: string;
}

/** An email rendered for a whole variant, with placeholders where recipients differ. */
interface Variant {
  readonly subject: string;
  readonly html: Template;
  readonly text: Template;
  /** Course emails carry unsubscribe headers and a reply address; confirmations do not. */
  readonly listMail: boolean;
  /** An answer to the subscriber's own mail: marked so (RFC 3834), and replies go nowhere. */
  readonly autoReply: boolean;
  readonly discreet: boolean;
}

/**
 * Turns deliveries into emails. Keeps the variants it rendered, so a sending run renders
 * each (message, check-in question, role, discreet) once and fills in recipients after that.
 */
export class EmailComposer {
  readonly #variants = new Map<string, Promise<Variant>>();

  constructor(readonly settings: ComposeSettings) {}

  async compose(input: {
    subscriber: Pick<Enrollment, 'email' | 'name' | 'role' | 'discreet'>;
    delivery: Pick<Delivery, 'id' | 'messageKey' | 'tokenId'>;
    tokens: EmailTokens;
    recap?: { html: string; text: string };
    /** For a check-in: how many check-ins the subscriber had before it (picks the question). */
    checkinIndex?: number;
    /** For a lesson that waited for the partner (couples mode): why, said in one sentence. */
    waited?: WaitReason;
  }): Promise<OutgoingEmail> {
    const { subscriber, delivery, tokens } = input;
    const discreet = subscriber.discreet;
    const kind = kindOf(delivery.messageKey);
    const question = this.#question(kind, input.checkinIndex);
    const cacheKey = `${kind}|${question}|${subscriber.role ?? 'none'}|${discreet}`;
    let variant = this.#variants.get(cacheKey);
    if (!variant) {
      variant = this.#renderVariant(kind, subscriber.role, discreet, question);
      this.#variants.set(cacheKey, variant);
      // A composer lives as long as its process: a failed render is tried again next time.
      variant.catch(() => this.#variants.delete(cacheKey));
    }
    const v = await variant;
    const values: RecipientValues = {
      name: subscriber.name ?? 'there',
      tokens,
      recapHtml: input.recap?.html ?? '',
      recapText: input.recap?.text ?? '',
      note: this.#waitNote(kind, input.waited, discreet),
    };
    const { course, publicUrl, replyDomain } = this.settings;
    const sender = senderName(course, discreet);
    const headers: Record<string, string> = v.listMail
      ? {
          'List-Unsubscribe': `<${publicUrl}/unsubscribe/${tokens.unsubscribe ?? ''}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }
      : {};
    if (v.autoReply) headers['Auto-Submitted'] = 'auto-replied';
    const fillings = { html: htmlFilling(v.html, values), text: textFilling(v.text, values) };
    return withFillings(
      {
        idempotencyKey: deliveryIdempotencyKey(delivery.tokenId),
        from: `${sender} <${senderAddress(this.settings.mailFrom)}>`,
        to: subscriber.email,
        ...(v.listMail ? { replyTo: `reply+${tokens.reply ?? ''}@${replyDomain}` } : {}),
        subject: v.subject,
        html: filled(fillings.html),
        text: filled(fillings.text),
        headers,
        // An address without a token: a reply to it matches no subscriber and is dropped.
        ...(v.autoReply ? { replyTo: `noreply@${replyDomain}` } : {}),
        tags: [
          { name: 'course', value: tagValue(course.id) },
          { name: 'message', value: tagValue(kind) },
          // A sign-in email is no delivery: provider events about it concern no delivery row.
          ...(kind === SIGN_IN_KEY ? [] : [{ name: 'delivery', value: String(delivery.id) }]),
        ],
      },
      fillings,
    );
  }

  /**
   * The same email rendered whole by React Email with this recipient's values as props, as
   * compose() would give it without its variant cache: compose() must equal it byte for byte
   * (test/mail/compose-variants.test.ts; bench/figures/rendering.ts times the two). For
   * messages without a per-recipient recap.
   */
  async renderWhole(input: {
    subscriber: Pick<Enrollment, 'name' | 'role' | 'discreet'>;
    delivery: Pick<Delivery, 'messageKey'>;
    tokens: EmailTokens;
    checkinIndex?: number;
  }): Promise<{ html: string; text: string }> {
    const { subscriber, delivery, tokens } = input;
    const kind = kindOf(delivery.messageKey);
    const recipient = {
      name: subscriber.name ?? 'there',
      links: linksOf(tokens),
      recap: '',
      note: '',
    };
    const question = this.#question(kind, input.checkinIndex);
    const { html, text } = await this.#render(
      emailElement(this.settings, kind, subscriber.role, subscriber.discreet, question, recipient),
    );
    return { html, text };
  }

  #waitNote(kind: string, waited: WaitReason | undefined, discreet: boolean): string {
    const step = lessonStep(kind);
    return waited && step !== null ? waitSentence(waited, step, discreet) : '';
  }

  #question(kind: string, checkinIndex: number | undefined): number {
    // Check-in questions go in rotation: the Nth check-in asks question N mod count.
    const questions = Math.max(1, this.settings.course.checkins.questions.length);
    return kind === 'checkin' ? (checkinIndex ?? 0) % questions : 0;
  }

  async #renderVariant(
    kind: string,
    role: Role | null,
    discreet: boolean,
    question: number,
  ): Promise<Variant> {
    const { name, recap, note, ...links } = PLACEHOLDER;
    const email = emailElement(this.settings, kind, role, discreet, question, {
      name,
      links,
      recap,
      note,
    });
    const { html, text, subject, listMail } = await this.#render(email);
    return {
      subject,
      listMail,
      autoReply: kind === 'saved',
      discreet,
      html: compileTemplate(html),
      text: compileTemplate(text),
    };
  }

  async #render(email: { element: ReactElement; subject: string; listMail: boolean }) {
    const [html, text] = await Promise.all([
      render(email.element),
      render(email.element, plainTextRenderOptions),
    ]);
    return {
      subject: email.subject,
      listMail: email.listMail,
      html: latin1Html(html),
      // Sections and boxes leave runs of blank lines behind in the plain text: one is enough.
      text: oneByte(text.replace(/\n{3,}/g, '\n\n')),
    };
  }
}

function linksOf(tokens: LinkTokens): Record<LinkPurpose, string> {
  return {
    confirm: tokens.confirm ?? '',
    unsubscribe: tokens.unsubscribe ?? '',
    preferences: tokens.preferences ?? '',
    reflect: tokens.reflect ?? '',
    journal: tokens.journal ?? '',
    signin: tokens.signin ?? '',
    invite: tokens.invite ?? '',
  };
}

/** The bare address of MAIL_FROM ("Name <a@b>" or "a@b"). */
export function senderAddress(mailFrom: string): string {
  return /<([^<>]+)>/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
}

/** Resend tags allow ASCII letters, digits, '_' and '-' only. */
function tagValue(value: string): string {
  return value.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 256);
}
