import { render } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import CheckinEmail from '../../emails/checkin.tsx';
import ClosingEmail from '../../emails/closing.tsx';
import type { FooterProps } from '../../emails/components/footer.tsx';
import ConfirmationEmail from '../../emails/confirmation.tsx';
import LessonEmail from '../../emails/lesson.tsx';
import PartnerHeldEmail from '../../emails/partner-held.tsx';
import { plainTextRenderOptions } from '../../emails/plain-text.ts';
import ReflectionSavedEmail from '../../emails/reflection-saved.tsx';
import SignInEmail from '../../emails/sign-in.tsx';
import WelcomeEmail from '../../emails/welcome.tsx';
import type { WaitReason } from '../couples/pace.ts';
import { waitSentence } from '../couples/wait-note.ts';
import {
  bodyFor,
  type Course,
  courseLength,
  discreetSubject,
  lessonPrompt,
  type Role,
} from '../course/course.ts';
import { kindOf, lessonStep, SIGN_IN_KEY } from '../course/message-key.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import type { LinkPurpose, Purpose } from '../tokens/purpose.ts';
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

export const CONFIRMATION_DAYS = 7;
/** How long a sign-in link works. */
export const SIGN_IN_MINUTES = 30;

/** The tokens of one email by purpose (src/tokens/links.ts signs them): links and Reply-To. */
export type EmailTokens = Readonly<Partial<Record<Purpose, string>>>;

/** The id of the preferences page's check-in section, which check-in links open. */
export const CHECKINS_ANCHOR = 'checkins';

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
      this.#element(kind, subscriber.role, subscriber.discreet, question, recipient),
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
    const email = this.#element(kind, role, discreet, question, { name, links, recap, note });
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

  #element(
    kind: string,
    role: Role | null,
    discreet: boolean,
    question: number,
    recipient: {
      readonly name: string;
      readonly links: Readonly<Record<LinkPurpose, string>>;
      readonly recap: string;
      readonly note: string;
    },
  ): { element: ReactElement; subject: string; listMail: boolean } {
    const { course, publicUrl } = this.settings;
    // Each route is named for the purpose of the tokens it accepts.
    const link = (purpose: LinkPurpose) => `${publicUrl}/${purpose}/${recipient.links[purpose]}`;
    const footer: FooterProps = {
      courseTitle: discreet ? course.discreet.senderName : course.title,
      reason: `You are receiving this because you signed up at ${new URL(publicUrl).host}.`,
      helpText: discreet ? course.discreet.helpText : course.helpText,
      // A course id in the address bar would name the topic: discreet mail links to /help.
      helpUrl: discreet ? `${publicUrl}/help` : `${publicUrl}/courses/${course.id}/help`,
      preferencesUrl: link('preferences'),
      unsubscribeUrl: link('unsubscribe'),
    };
    // position: the email's place in the course (0 the welcome, N+1 the closing).
    const neutral = (subject: string, preheader: string, position: number) =>
      discreet
        ? { subject: discreetSubject(course, position), preheader: course.discreet.preheader }
        : { subject, preheader };
    const body = (email: Course['welcome']) => bodyFor(email, role, course.roles);

    if (kind === 'confirm') {
      const { subject } = confirmationEnvelope(course, discreet);
      const preheader = discreet
        ? 'One click to confirm your email address.'
        : `One click to start ${course.title}. The link works for ${CONFIRMATION_DAYS} days.`;
      const { preferencesUrl: _p, unsubscribeUrl: _u, ...confirmFooter } = footer;
      return {
        subject,
        listMail: false,
        element: createElement(ConfirmationEmail, {
          courseTitle: discreet ? course.discreet.senderName : course.title,
          confirmUrl: link('confirm'),
          expiresInDays: CONFIRMATION_DAYS,
          courseLength: courseLength(course),
          preheader,
          footer: confirmFooter,
        }),
      };
    }
    if (kind === SIGN_IN_KEY) {
      const { preferencesUrl: _p, unsubscribeUrl: _u, ...signInFooter } = footer;
      return {
        subject: discreet ? 'Your sign-in link' : `Your sign-in link for ${course.title}`,
        listMail: false,
        element: createElement(SignInEmail, {
          preheader: `The link works once, for ${SIGN_IN_MINUTES} minutes.`,
          greetingName: recipient.name,
          signInUrl: link('signin'),
          expiresInMinutes: SIGN_IN_MINUTES,
          footer: signInFooter,
        }),
      };
    }
    if (kind === 'saved') {
      const preheader = 'Your reply is in your journal, where only you can read it.';
      return {
        subject: discreet ? 'Saved' : `Saved to your ${course.title} journal`,
        listMail: true,
        element: createElement(ReflectionSavedEmail, {
          preheader: discreet ? course.discreet.preheader : preheader,
          greetingName: recipient.name,
          journalUrl: link('journal'),
          footer,
        }),
      };
    }
    if (kind === 'partner-held') {
      // Neutral, and the same for either course or role: no reason, no word of a break.
      return {
        subject: discreet
          ? 'Your next note comes a little later'
          : `${course.title}: your next lesson comes a little later`,
        listMail: true,
        element: createElement(PartnerHeldEmail, {
          preheader: 'Nothing is needed from you.',
          greetingName: recipient.name,
          journalUrl: link('journal'),
          footer,
          discreet,
        }),
      };
    }
    if (kind === 'checkin') {
      const { checkins } = course;
      return {
        subject: discreet ? checkins.discreetSubject : checkins.subject,
        listMail: true,
        element: createElement(CheckinEmail, {
          preheader: discreet ? course.discreet.preheader : checkins.preheader,
          greetingName: recipient.name,
          introMarkdown: checkins.intro,
          question: checkins.questions[question] ?? '',
          reflectUrl: link('reflect'),
          checkinsUrl: `${link('preferences')}#${CHECKINS_ANCHOR}`,
          footer,
        }),
      };
    }
    if (kind === 'welcome') {
      const email = course.welcome;
      const { subject, preheader } = neutral(email.subject, email.preheader, 0);
      return {
        subject,
        listMail: true,
        element: createElement(WelcomeEmail, {
          title: email.title,
          preheader,
          greetingName: recipient.name,
          bodyMarkdown: body(email),
          exerciseMarkdown: email.exercise,
          journalUrl: link('journal'),
          preferencesUrl: link('preferences'),
          footer,
          discreet,
          // Only a course with roles has a choice to invite the reader to make.
          noRole: role === null && course.roles.length > 0,
        }),
      };
    }
    if (kind === 'closing') {
      const email = course.closing;
      const position = course.lessons.length + 1;
      const { subject, preheader } = neutral(email.subject, email.preheader, position);
      return {
        subject,
        listMail: true,
        element: createElement(ClosingEmail, {
          title: email.title,
          preheader,
          greetingName: recipient.name,
          bodyMarkdown: body(email),
          exerciseMarkdown: email.exercise,
          recapHtml: recipient.recap,
          journalUrl: link('journal'),
          checkinsUrl: `${link('preferences')}#${CHECKINS_ANCHOR}`,
          footer,
          discreet,
        }),
      };
    }
    const step = /^lesson:(\d+)$/.exec(kind)?.[1];
    const lesson = step ? course.lessons[Number(step) - 1] : undefined;
    if (!lesson) throw new Error(`no email for message "${kind}"`);
    const { subject, preheader } = neutral(lesson.subject, lesson.preheader, lesson.step);
    return {
      subject,
      listMail: true,
      element: createElement(LessonEmail, {
        step: lesson.step,
        totalSteps: course.lessons.length,
        title: lesson.title,
        preheader,
        greetingName: recipient.name,
        note: recipient.note,
        bodyMarkdown: body(lesson),
        exerciseMarkdown: lesson.exercise,
        prompt: lessonPrompt(lesson, role),
        reflectUrl: link('reflect'),
        journalUrl: link('journal'),
        footer,
        discreet,
      }),
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

/** The address part of MAIL_FROM, which may be given as "Name <address>". */
/** The name in an email's From: the course's own, or the neutral one when discreet. */
export function senderName(course: Course, discreet: boolean): string {
  return discreet ? course.discreet.senderName : course.senderName;
}

/**
 * What the confirmation email shows in an inbox before it is opened, which the "check your
 * inbox" page tells people to look for.
 */
export function confirmationEnvelope(
  course: Course,
  discreet: boolean,
): { sender: string; subject: string } {
  return {
    sender: senderName(course, discreet),
    subject: discreet
      ? 'Please confirm your email address'
      : `Please confirm your subscription to ${course.title}`,
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
